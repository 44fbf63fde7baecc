// "Boot Server": a short multi-step quick input (clouds, image, flavor, network, key pair and
// "make sure it is on the internet", security groups, name, count, user data), a review of what each cloud gets, and only
// after "Boot" the work (bootRun.ts). Back works on every step.
import * as vscode from 'vscode';
import crypto from 'node:crypto';
import type { CloudRegion } from '../../config/index';
import { CloudSettings, readPublicKey, type PublicKey } from '../../openstack/index';
import { regionLabel } from '../explorer/explorerModel';
import { flavorDescription, imageDescription, networkDescription } from '../explorer/describe';
import type { ListItems, ListKind } from '../explorer/resourceKinds';
import { FolderNode } from '../tree/folderNode';
import { ImageNode } from '../tree/itemNodes';
import { commonChoices, type Choice } from './commonChoices';
import { choiceItems } from './bootChoices';
import { pickKeyAndInternet } from './bootKeyStep';
import { pickSecurityGroups, pickUserData, readUserData, type UserData } from './bootOptionSteps';
import { reviewStep } from './bootReview';
import { openBootPlaybook } from '../ansible/exportCommands';
import { parseCount, serverNames, type CloudFacts } from './bootReviewText';
import { runBoot, type BootOutcome } from './bootRun';
import { reachabilityNote, shownPath } from './keyStepText';
import { inputStep, pickStep, runSteps } from './quickSteps';
import { pickTargets, regionsFromSpecs, requireTrust, type ActionContext } from './actionContext';

export type { BootOutcome } from './bootRun';

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
  /** Servers per cloud (default 1): more are named NAME-1..NAME-N and booted after a quota check. */
  count?: number;
  /** Security group names (default: the cloud's "default"). */
  securityGroups?: string[];
  /** cloud-init user data (the text). */
  userData?: string;
  /** cloud-init user data from this file (an exported playbook reads it from there); in place of `userData`. */
  userDataFile?: string;
  /** With `targets`: show the review step all the same (the other steps stay skipped). */
  review?: boolean;
}

const TOTAL = 10;
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
  let count = args.count ?? 1;
  const countProblem = parseCount(String(count));
  if (typeof countProblem === 'string') throw new Error(`count ${count}: ${countProblem}`);
  let securityGroups = args.securityGroups ?? [];
  let userData: UserData | undefined = args.userDataFile ? await readUserData(args.userDataFile) : args.userData !== undefined ? { text: args.userData, from: 'given' } : undefined;
  if (args.userDataFile && !userData) return undefined; // too large: said in a warning
  const lists = <K extends ListKind>(kind: K) => Promise.all(targets.map(async (r) => ({ target: regionLabel(r), items: (await ctx.model.list(r, kind).loadAll()) as readonly ListItems[K][] })));
  const autoIpDefault = () => targets.some((t) => new CloudSettings(t).floatingIpSource() !== undefined);

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
    () => (args.targets || args.securityGroups ? undefined : pickSecurityGroups({ title: TITLE, step: 5, total: TOTAL }, ctx, targets, securityGroups).then((g) => { securityGroups = g; })),
    () => (args.targets ? undefined : pickKeyAndInternet({ title: TITLE, step: 6, total: TOTAL }, targets, lists('keypairs'), { keyName, importKey, autoIp }, ctx.workspaceState.get<string>(LAST_KEY))
      .then((r) => { keyName = r.keyName; importKey = r.importKey; autoIp = r.autoIp; })),
    () => {
      if (args.name !== undefined || args.targets) return undefined;
      const where = targets.map(regionLabel).join(', ');
      return inputStep({
        title: TITLE, step: 7, total: TOTAL, prompt: `Name of the server on ${where}. ${reachabilityNote(keyName, importKey?.file)}`, value: name ?? defaultName(image ?? 'server'),
        validate: (v) => (v.trim() ? undefined : 'A server needs a name'),
      }).then((v) => { name = v.trim(); });
    },
    () => {
      if (args.count !== undefined || args.targets) return undefined;
      return inputStep({
        title: TITLE, step: 8, total: TOTAL, value: String(count),
        prompt: `Servers per cloud: 1 is named ${name}; more are named ${name}-1, ${name}-2, … after a quota check on each cloud.`,
        validate: (v) => { const n = parseCount(v); return typeof n === 'string' ? n : undefined; },
      }).then((v) => { count = parseCount(v) as number; });
    },
    () => (args.targets || args.userData !== undefined || args.userDataFile ? undefined : pickUserData({ title: TITLE, step: 9, total: TOTAL }, userData).then((u) => { userData = u; })),
    () => {
      if (args.targets && !args.review) return undefined;
      const choice = {
        names: serverNames(name!, count), image: image!, flavor: flavor!, network, keyName, importFile: importKey && shownPath(importKey.file),
        securityGroups, autoIp: autoIp ?? autoIpDefault(), userDataFrom: userData?.from,
      };
      const exportPlaybook = () => openBootPlaybook(ctx, targets, {
        name: name!, image: image!, flavor: flavor!, networks: network === undefined ? [] : [network], keyName, publicKeyFile: importKey?.file,
        count, autoIp: choice.autoIp, securityGroups: securityGroups.length ? securityGroups : undefined,
        ...(userData?.file ? { userDataFile: userData.file } : { userData: userData?.text }),
      });
      return reviewStep({ title: TITLE, step: 10, total: TOTAL }, choice, cloudFacts(ctx, targets), exportPlaybook);
    },
  ]);
  if (!image || !flavor) throw new Error('an image and a flavor are needed to boot a server');
  if (keyName) await ctx.workspaceState.update(LAST_KEY, keyName);
  return runBoot(ctx, targets, {
    name: name!, count, flavor, network, keyName, importKey, securityGroups: securityGroups.length ? securityGroups : undefined, userData: userData?.text,
    autoIp: autoIp ?? autoIpDefault(),
    // The image row's own region boots it by ID (names may repeat); the other clouds by name.
    imageFor: (r) => (from && r.name === from.region.name && r.region_name === from.region.region_name ? from.image.id : image!),
  });
}

/** What each chosen cloud has, for the review (the lists the wizard loaded, from the model's cache). */
function cloudFacts(ctx: ActionContext, targets: CloudRegion[]): Promise<CloudFacts[]> {
  return Promise.all(targets.map(async (r): Promise<CloudFacts> => {
    const load = <K extends ListKind>(kind: K) => ctx.model.list(r, kind).loadAll() as Promise<readonly ListItems[K][]>;
    const [images, flavors, networks, keypairs, floatingIps] = await Promise.all([
      load('images'), load('flavors'), load('networks'), load('keypairs'), load('floatingips').catch(() => []),
    ]);
    return {
      target: regionLabel(r), images: images.flatMap((i) => [i.name, i.id]), flavors: flavors.flatMap((f) => [f.name, f.id]),
      networks: [...networks], keypairs: keypairs.map((k) => k.name), floatingIps: [...floatingIps],
      floatingIpSource: new CloudSettings(r).floatingIpSource() !== undefined,
    };
  }));
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

function isBootArgs(v: unknown): v is BootArgs {
  return !!v && typeof v === 'object' && !(v instanceof ImageNode) && !(v instanceof FolderNode) && !(v instanceof vscode.Uri) && ('targets' in v || 'image' in v || 'flavor' in v);
}

function defaultName(image: string): string {
  const base = image.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'server';
  return `${base}-${crypto.randomBytes(2).toString('hex')}`;
}
