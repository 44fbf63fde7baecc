// "Boot Server": a short multi-step quick input (clouds, image, flavor, network, key pair and
// "make sure it is on the internet", name), then the core's bootServer on every chosen cloud at
// once, one cancellable notification, and a summary with each server's public IP, Copy IP and SSH.
import * as vscode from 'vscode';
import crypto from 'node:crypto';
import type { CloudRegion } from '../../config/index';
import { CloudSettings, bootServer, ensureKeyPair, readPublicKey, type BootResult, type PublicKey, type Session } from '../../openstack/index';
import { regionLabel } from '../explorer/explorerModel';
import { flavorDescription, imageDescription, networkDescription, reachableAddress } from '../explorer/describe';
import type { ListItems, ListKind } from '../explorer/resourceKinds';
import { FolderNode } from '../tree/folderNode';
import { ImageNode } from '../tree/itemNodes';
import { commonChoices, type Choice } from './commonChoices';
import { choiceItems } from './bootChoices';
import { pickKeyAndInternet } from './bootKeyStep';
import { reachabilityNote, shownPath } from './keyStepText';
import { rowOutcome, summarize, type TargetOutcome } from './outcomes';
import { inputStep, pickStep, runSteps } from './quickSteps';
import { pickTargets, regionsFromSpecs, requireTrust, retryRegions, sessionsOf, withCancellableProgress, type ActionContext } from './actionContext';
import { copyAddress, openSsh } from './serverActions';

/** Command arguments for automation and tests (what is given is not asked). */
export interface BootArgs {
  targets?: string[];
  image?: string;
  flavor?: string;
  /** A network name or ID; omitted: the cloud's default (or only own) network. */
  network?: string;
  keyName?: string;
  /** A public key file to import (as a key pair named after it) on each target that lacks it. */
  publicKeyFile?: string;
  autoIp?: boolean;
  name?: string;
}

export interface BootOutcome {
  name: string;
  results: { target: string; ok: boolean; keyName?: string; id?: string; status?: string; publicV4?: string; publicV6?: string; privateV4?: string; floatingIp?: string; error?: string }[];
}

const TOTAL = 6;
const TITLE = 'Boot server';
const LAST_KEY = 'openstack.lastKeyPair';

export async function bootServerCommand(ctx: ActionContext, first?: unknown, second?: unknown): Promise<BootOutcome | undefined> {
  requireTrust();
  const args: BootArgs = isBootArgs(second) ? second : isBootArgs(first) ? first : {};
  const from = first instanceof ImageNode ? first : undefined;
  const folder = first instanceof FolderNode ? first : undefined;
  let targets: CloudRegion[] = args.targets ? await regionsFromSpecs(ctx, args.targets) : [];
  let image = args.image ?? (from ? from.image.name || from.image.id : undefined);
  let flavor = args.flavor;
  let network = args.network;
  let importKey: PublicKey | undefined = args.publicKeyFile ? await readPublicKey(args.publicKeyFile) : undefined;
  let keyName = importKey?.keyPairName ?? args.keyName;
  let autoIp = args.autoIp;
  let name = args.name ?? (args.targets ? defaultName(image ?? 'server') : undefined);
  const lists = <K extends ListKind>(kind: K) => Promise.all(targets.map(async (r) => ({ target: regionLabel(r), items: (await ctx.model.list(r, kind).loadAll()) as readonly ListItems[K][] })));

  const activeImages = () => lists('images').then((l) => commonChoices(l.map((x) => ({ ...x, items: x.items.filter((i) => i.status === 'active') })), (i) => i.name));
  const flavors = () => lists('flavors').then((l) => commonChoices(l, (f) => f.name, (a, b) => a.ram - b.ram || a.vcpus - b.vcpus));
  await runSteps([
    () => {
      if (args.targets) return undefined;
      const preselect = from ? [from.region] : folder ? [folder.region] : undefined;
      return pickTargets(ctx, { title: TITLE, step: 1, total: TOTAL, preselect }).then((t) => { targets = t; });
    },
    () => {
      if (args.image !== undefined || from) return undefined;
      return pickChoice('image', 'Image to boot from', 2, activeImages(), imageDescription, image).then((c) => { image = c; });
    },
    () => {
      if (args.flavor !== undefined) return undefined;
      return pickChoice('flavor', 'Flavor (size of the server)', 3, flavors(), flavorDescription, flavor).then((c) => { flavor = c; });
    },
    () => (args.targets ? undefined : pickNetwork(lists('networks'), network).then((n) => { network = n; })),
    () => (args.targets ? undefined : pickKeyAndInternet({ title: TITLE, step: 5, total: TOTAL }, targets, lists('keypairs'), { keyName, importKey, autoIp }, ctx.workspaceState.get<string>(LAST_KEY))
      .then((r) => { keyName = r.keyName; importKey = r.importKey; autoIp = r.autoIp; })),
    () => {
      if (args.name !== undefined || args.targets) return undefined;
      const where = targets.map(regionLabel).join(', ');
      return inputStep({
        title: TITLE, step: 6, total: TOTAL, prompt: `Name of the server on ${where}. ${reachabilityNote(keyName, importKey?.file)}`, value: name ?? defaultName(image ?? 'server'),
        validate: (v) => (v.trim() ? undefined : 'A server needs a name'),
      }).then((v) => { name = v.trim(); });
    },
  ]);
  if (!image || !flavor) throw new Error('an image and a flavor are needed to boot a server');
  if (keyName) await ctx.workspaceState.update(LAST_KEY, keyName);
  return runBoot(ctx, targets, {
    name: name!, flavor, network, keyName, importKey,
    autoIp: autoIp ?? targets.some((t) => new CloudSettings(t).floatingIpSource() !== undefined),
    // The image row's own region boots it by ID (names may repeat); the other clouds by name.
    imageFor: (r) => (from && r.name === from.region.name && r.region_name === from.region.region_name ? from.image.id : image!),
  });
}

interface BootPlan {
  name: string;
  flavor: string;
  network?: string;
  keyName?: string;
  /** Imported as `keyName` where missing (a cloud that has this key under another name uses that). */
  importKey?: PublicKey;
  autoIp: boolean;
  imageFor(region: CloudRegion): string;
}

async function runBoot(ctx: ActionContext, targets: CloudRegion[], plan: BootPlan): Promise<BootOutcome> {
  const folders = ctx.tree.foldersOf(targets, 'servers');
  for (const f of folders) f.setBusy('booting…');
  ctx.log.info(`boot ${plan.name} on ${targets.map(regionLabel).join(', ')} (flavor ${plan.flavor}, network ${plan.network ?? 'automatic'}, key ${plan.keyName ?? 'none'}, auto IP ${plan.autoIp})`);
  const record = ctx.results.book.begin(`Boot of ${plan.name}`, targets.map(regionLabel));
  let outcomes: TargetOutcome<BootResult & { keyName?: string }>[];
  try {
    outcomes = await withCancellableProgress(`Booting ${plan.name}`, async (progress, signal) => {
      const steps = new Map<string, string>(targets.map((t) => [regionLabel(t), 'starting']));
      const show = () => progress.report({ message: [...steps].map(([t, s]) => `${t}: ${s}`).join(' · ') });
      const opened = await sessionsOf(ctx, targets);
      const release = ctx.pool.hold(opened.flatMap((o) => (o.session ? [o.session] : [])));
      return Promise.all(opened.map(async (o): Promise<TargetOutcome<BootResult & { keyName?: string }>> => {
        const target = regionLabel(o.region);
        const onProgress = (step: string) => { steps.set(target, step); record.progress(target, step); show(); };
        try {
          if (o.error) throw o.error;
          const keyName = plan.importKey ? await importKeyPair(ctx, o.session!, target, plan.importKey, signal, onProgress) : plan.keyName;
          const value = await bootServer(o.session!, {
            name: plan.name, image: plan.imageFor(o.region), flavor: { nameOrId: plan.flavor },
            networks: plan.network ? [plan.network] : undefined, keyName, autoIp: plan.autoIp, signal,
            onProgress: (_t, step) => onProgress(step),
          });
          steps.set(target, `ACTIVE ${value.publicV4 ?? value.publicV6 ?? ''}`.trim());
          show();
          progress.report({ increment: 100 / targets.length });
          return { target, value: { ...value, keyName } };
        } catch (e) {
          steps.set(target, 'failed');
          show();
          progress.report({ increment: 100 / targets.length });
          return { target, error: e as Error };
        }
      })).finally(release);
    });
  } catch (e) {
    record.abandon(e);
    throw e;
  } finally {
    for (const f of folders) f.setBusy(undefined);
    ctx.tree.refreshLists(targets, ['servers', 'floatingips']);
  }
  for (const o of outcomes) {
    if (o.error) ctx.log.error(`boot of ${plan.name} on ${o.target} failed`, o.error);
    else ctx.log.info(`boot of ${plan.name} on ${o.target}: ${o.value!.id} ${o.value!.status} public IPv4 ${o.value!.publicV4 ?? '-'} (${o.value!.seconds.toFixed(1)} s)${o.value!.noFloatingIpReason && plan.autoIp ? `; no floating IP added: ${o.value!.noFloatingIpReason}` : ''}`);
  }
  const ok = outcomes.filter((o) => o.value);
  const keyNote = plan.importKey ? `; key pair "${plan.importKey.keyPairName}" from ${shownPath(plan.importKey.file)}` : plan.keyName ? '' : '; no key pair: not reachable by SSH';
  const summary = summarize(`Boot of ${plan.name}`, outcomes, `ACTIVE${ok.length ? ` (${ok.map((o) => `${o.target} ${o.value!.publicV4 ?? o.value!.publicV6 ?? 'no public IP'}`).join(', ')})` : ''}${keyNote}`);
  for (const o of outcomes) {
    const region = targets.find((t) => regionLabel(t) === o.target)!;
    record.finish(o.target, rowOutcome(o, (v) => {
      const address = reachableAddress(v)?.address;
      return {
        state: 'ok', text: v.status, address,
        cells: [
          { label: 'Server ID', value: v.id },
          { label: 'Public IPv4', value: v.publicV4 ?? '-' },
          { label: 'Public IPv6', value: v.publicV6 ?? '-' },
          { label: 'Private IPv4', value: v.privateV4 ?? '-' },
          { label: 'Key pair', value: v.keyName ?? 'none (not reachable by SSH)' },
          { label: 'Seconds', value: v.seconds.toFixed(1) },
          ...(v.noFloatingIpReason && plan.autoIp ? [{ label: 'No floating IP', value: v.noFloatingIpReason }] : []),
        ],
        ssh: address ? () => openSsh(ctx, region, { id: v.id, name: v.name, summary: v, imageId: undefined, imageRef: plan.imageFor(region), keyName: v.keyName }).then(() => undefined) : undefined,
      };
    }));
  }
  record.summarize(summary.message);
  const reachable = ok.filter((o) => o.value!.publicV4 || o.value!.publicV6);
  const failedTargets = targets.filter((t) => summary.failed.includes(regionLabel(t)));
  const buttons = [...(reachable.length ? ['Copy IP', 'SSH'] : []), ...(failedTargets.length ? ['Retry Failed', 'Show Log'] : []), 'Show Results'];
  const show = summary.severity === 'info' ? vscode.window.showInformationMessage : summary.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(summary.message, ...buttons).then(async (choice) => {
    const pickServer = async () => (reachable.length === 1 ? reachable[0] : (await vscode.window.showQuickPick(reachable.map((o) => ({ label: o.target, description: o.value!.publicV4 ?? o.value!.publicV6, o })), { title: 'Which server?' }))?.o);
    if (choice === 'Show Results') ctx.results.show();
    else if (choice === 'Show Log') ctx.log.show();
    else if (choice === 'Retry Failed') {
      const again = await retryRegions(ctx, failedTargets);
      if (again.length) await runBoot(ctx, again, plan);
    }
    else if (choice === 'Copy IP') {
      const o = await pickServer();
      if (o) await copyAddress(o.value!, `${plan.name} on ${o.target}`);
    } else if (choice === 'SSH') {
      const o = await pickServer();
      const region = o && targets.find((t) => regionLabel(t) === o.target);
      if (o && region) await openSsh(ctx, region, { id: o.value!.id, name: o.value!.name, summary: o.value!, imageId: undefined, imageRef: plan.imageFor(region), keyName: o.value!.keyName });
    }
  }).then(undefined, (e: unknown) => ctx.log.error('boot follow-up failed', e));
  return {
    name: plan.name,
    results: outcomes.map((o) => ({
      target: o.target, ok: !o.error, keyName: o.value?.keyName,
      ...(o.value ? { id: o.value.id, status: o.value.status, publicV4: o.value.publicV4, publicV6: o.value.publicV6, privateV4: o.value.privateV4, floatingIp: o.value.floatingIp?.floating_ip_address } : {}),
      ...(o.error ? { error: o.error.message } : {}),
    })),
  };
}

async function pickChoice<T>(what: string, placeholder: string, step: number, choices: Promise<Choice<T>[]>, describe: (item: T) => string, current?: string): Promise<string> {
  const items = choices.then((c) => {
    if (!c.length) throw new Error(`the chosen clouds have no ${what}`);
    return choiceItems(c, describe, current);
  });
  const [picked] = await pickStep({ title: TITLE, step, total: TOTAL, placeholder, items, selected: (i) => !!i.picked });
  return picked!.value!;
}

async function pickNetwork(lists: Promise<{ target: string; items: readonly ListItems['networks'][] }[]>, current?: string): Promise<string | undefined> {
  const AUTO = { label: '$(sparkle) Automatic', description: 'the cloud\'s default network, or its only own network', value: undefined as string | undefined, picked: current === undefined };
  const items = lists.then((l) => [AUTO, ...choiceItems(commonChoices(l, (n) => n.name), networkDescription, current)]);
  const [picked] = await pickStep({ title: TITLE, step: 4, total: TOTAL, placeholder: 'Network to attach the server to', items, selected: (i) => !!i.picked });
  return picked!.value;
}

/** The user's public key as a key pair on this cloud (imported unless it is there); says which, in the log. */
async function importKeyPair(ctx: ActionContext, session: Session, target: string, key: PublicKey, signal: AbortSignal, onProgress: (step: string) => void): Promise<string> {
  onProgress('importing key pair');
  const { name, imported } = await ensureKeyPair(session, key.keyPairName, key.line, signal);
  ctx.log.info(`${target}: ${imported ? `imported ${shownPath(key.file)} as key pair "${name}"` : `has ${shownPath(key.file)} already, as key pair "${name}"`}`);
  return name;
}

function isBootArgs(v: unknown): v is BootArgs {
  return !!v && typeof v === 'object' && !(v instanceof ImageNode) && !(v instanceof FolderNode) && !(v instanceof vscode.Uri) && ('targets' in v || 'image' in v || 'flavor' in v);
}

function defaultName(image: string): string {
  const base = image.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'server';
  return `${base}-${crypto.randomBytes(2).toString('hex')}`;
}
