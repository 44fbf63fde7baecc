// The boot wizard's work once the user accepted the review: the core's bootServer (one server)
// or bootFleet (NAME-1..N, after its quota check) on every chosen cloud at once, one cancellable
// notification with "k/N ACTIVE" per cloud, a Results card, and a summary with Copy IP and SSH.
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import { bootServer, ensureKeyPair, type BootResult, type PublicKey, type Session } from '../../openstack/index';
import { bootFleet, formatFleetProgress } from '../../openstack/compute/bootFleet';
import { fleetLimits } from './fleetSettings';
import { regionLabel } from '../explorer/explorerModel';
import { reachableAddress } from '../explorer/describe';
import { shownPath } from './keyStepText';
import { rowOutcome, summarize, type TargetOutcome } from './outcomes';
import { retryRegions, withCancellableProgress, type ActionContext } from './actionContext';
import { copyAddress, openSsh } from './serverActions';

export interface BootPlan {
  name: string;
  /** Servers per cloud: 1 boots `name`, more boot `name-1`..`name-N` as a fleet. */
  count: number;
  flavor: string;
  network?: string;
  keyName?: string;
  /** Imported as `keyName` where missing (a cloud that has this key under another name uses that). */
  importKey?: PublicKey;
  autoIp: boolean;
  securityGroups?: string[];
  userData?: string;
  imageFor(region: CloudRegion): string;
}

type Server = BootResult & { keyName?: string };
interface Member { name: string; server?: Server; error?: Error }
/** One cloud's servers; `error` when not every one is ACTIVE (a cloud where none was created can be retried). */
type Booted = TargetOutcome<Member[]> & { created: boolean };

export interface BootOutcome {
  name: string;
  results: {
    target: string; ok: boolean; keyName?: string; id?: string; status?: string; publicV4?: string; publicV6?: string; privateV4?: string; floatingIp?: string; error?: string;
    servers?: { name: string; ok: boolean; id?: string; status?: string; publicV4?: string; error?: string }[];
  }[];
}

export async function runBoot(ctx: ActionContext, targets: CloudRegion[], plan: BootPlan): Promise<BootOutcome> {
  const folders = ctx.tree.foldersOf(targets, 'servers');
  for (const f of folders) f.setBusy('booting…');
  ctx.log.info(`boot ${plan.count > 1 ? `${plan.count} × ` : ''}${plan.name} on ${targets.map(regionLabel).join(', ')} (flavor ${plan.flavor}, network ${plan.network ?? 'automatic'}, key ${plan.keyName ?? 'none'}, auto IP ${plan.autoIp}, security groups ${plan.securityGroups?.join(',') || 'default'}${plan.userData ? ', user data' : ''})`);
  const record = ctx.results.book.begin(`Boot of ${plan.name}${plan.count > 1 ? ` (${plan.count} per cloud)` : ''}`, targets.map(regionLabel));
  let outcomes: Booted[];
  try {
    outcomes = await withCancellableProgress(`Booting ${plan.name}`, async (progress, signal) => {
      const steps = new Map<string, string>(targets.map((t) => [regionLabel(t), 'starting']));
      const show = () => progress.report({ message: [...steps].map(([t, s]) => `${t}: ${s}`).join(' · ') });
      const { opened, release } = await ctx.pool.sessionsFor(targets);
      return Promise.all(opened.map(async (o): Promise<Booted> => {
        const target = regionLabel(o.region);
        const onProgress = (step: string) => { steps.set(target, step); record.progress(target, step); show(); };
        let outcome: Booted;
        try {
          if (o.error) throw o.error;
          const keyName = plan.importKey ? await importKeyPair(ctx, o.session!, target, plan.importKey, signal, onProgress) : plan.keyName;
          outcome = { target, ...(await bootOn(o.session!, o.region, plan, keyName, signal, onProgress)) };
        } catch (e) {
          outcome = { target, error: e as Error, created: false };
        }
        steps.set(target, outcome.error ? 'failed' : `${plan.count > 1 ? `${plan.count}/${plan.count} ` : ''}ACTIVE ${plan.count === 1 ? address(outcome.value![0]!.server!) : ''}`.trim());
        show();
        progress.report({ increment: 100 / targets.length });
        return outcome;
      })).finally(release);
    });
  } catch (e) {
    record.abandon(e);
    throw e;
  } finally {
    for (const f of folders) f.setBusy(undefined);
    ctx.tree.refreshLists(targets, ['servers', 'floatingips']);
  }
  report(ctx, targets, plan, outcomes, record);
  return {
    name: plan.name,
    results: outcomes.map((o) => {
      const first = o.value?.[0]?.server;
      return {
        target: o.target, ok: !o.error, keyName: o.value?.find((m) => m.server)?.server?.keyName,
        ...(plan.count === 1 && first ? { id: first.id, status: first.status, publicV4: first.publicV4, publicV6: first.publicV6, privateV4: first.privateV4, floatingIp: first.floatingIp?.floating_ip_address } : {}),
        ...(plan.count > 1 && o.value ? { servers: o.value.map((m) => ({ name: m.name, ok: !!m.server, id: m.server?.id, status: m.server?.status, publicV4: m.server?.publicV4, error: m.error?.message })) } : {}),
        ...(o.error ? { error: o.error.message } : {}),
      };
    }),
  };
}

async function bootOn(session: Session, region: CloudRegion, plan: BootPlan, keyName: string | undefined, signal: AbortSignal, onProgress: (step: string) => void): Promise<Omit<Booted, 'target'>> {
  const common = {
    image: plan.imageFor(region), flavor: { nameOrId: plan.flavor }, networks: plan.network ? [plan.network] : undefined,
    keyName, autoIp: plan.autoIp, securityGroups: plan.securityGroups, userData: plan.userData, signal,
  };
  if (plan.count === 1) {
    const server = await bootServer(session, { ...common, name: plan.name, onProgress: (_t, step) => onProgress(step) });
    return { value: [{ name: plan.name, server: { ...server, keyName } }], created: true };
  }
  onProgress('checking quota');
  const settings = vscode.workspace.getConfiguration('openstackClouds.fleet');
  const limits = fleetLimits((key) => settings.get<unknown>(key));
  // The session is the cloud's shared one: while the fleet boots, every request to it takes its turn.
  const unlimit = session.limitRate(limits.requestsPerSecond);
  const fleet = await bootFleet(session, {
    ...common, name: plan.name, count: plan.count, parallel: limits.parallel, onProgress: (_t, p) => onProgress(formatFleetProgress(p)),
  }).finally(unlimit);
  const members = fleet.members.map((m): Member => ({ name: m.name, server: m.result && { ...m.result, keyName }, error: m.error }));
  const failed = members.filter((m) => !m.server);
  const error = failed.length ? new Error(`${failed.length} of ${members.length} failed (${failed[0]!.name}: ${failed[0]!.error?.message ?? 'no result'})`) : undefined;
  return { value: members, error, created: failed.length < members.length };
}

const address = (v: BootResult) => v.publicV4 ?? v.publicV6 ?? '';

function report(ctx: ActionContext, targets: CloudRegion[], plan: BootPlan, outcomes: Booted[], record: ReturnType<ActionContext['results']['book']['begin']>): void {
  const servers = outcomes.flatMap((o) => (o.value ?? []).filter((m) => m.server).map((m) => ({ target: o.target, server: m.server! })));
  for (const o of outcomes) {
    if (o.error) ctx.log.error(`boot of ${plan.name} on ${o.target} failed`, o.error);
    for (const m of o.value ?? []) {
      const v = m.server;
      if (v) ctx.log.info(`boot of ${m.name} on ${o.target}: ${v.id} ${v.status} public IPv4 ${v.publicV4 ?? '-'} (${v.seconds.toFixed(1)} s)${v.noFloatingIpReason && plan.autoIp ? `; no floating IP added: ${v.noFloatingIpReason}` : ''}`);
    }
  }
  const keyNote = plan.importKey ? `; key pair "${plan.importKey.keyPairName}" from ${shownPath(plan.importKey.file)}` : plan.keyName ? '' : '; no key pair: not reachable by SSH';
  const active = plan.count === 1
    ? `ACTIVE${servers.length ? ` (${servers.map((s) => `${s.target} ${address(s.server) || 'no public IP'}`).join(', ')})` : ''}`
    : `${plan.count}/${plan.count} ACTIVE`;
  const summary = summarize(`Boot of ${plan.name}`, outcomes, `${active}${keyNote}`);
  for (const o of outcomes) {
    const region = targets.find((t) => regionLabel(t) === o.target)!;
    const ssh = (v: Server) => () => openSsh(ctx, region, { id: v.id, name: v.name, summary: v, imageId: undefined, imageRef: plan.imageFor(region), keyName: v.keyName }).then(() => undefined);
    if (plan.count > 1 && o.value) {
      const first = o.value.find((m) => m.server && reachableAddress(m.server))?.server;
      record.finish(o.target, {
        state: o.error ? 'failed' : 'ok', text: o.error ? o.error.message : `${o.value.length}/${o.value.length} ACTIVE`, address: first && reachableAddress(first)?.address,
        cells: o.value.map((m) => ({ label: m.name, value: m.server ? `${m.server.status} ${address(m.server) || m.server.privateV4 || ''}`.trim() : `failed: ${m.error?.message ?? ''}` })),
        ssh: first ? ssh(first) : undefined,
      });
      continue;
    }
    record.finish(o.target, rowOutcome(o, (members) => {
      const v = members[0]!.server!;
      const at = reachableAddress(v)?.address;
      return {
        state: 'ok', text: v.status, address: at,
        cells: [
          { label: 'Server ID', value: v.id },
          { label: 'Public IPv4', value: v.publicV4 ?? '-' },
          { label: 'Public IPv6', value: v.publicV6 ?? '-' },
          { label: 'Private IPv4', value: v.privateV4 ?? '-' },
          { label: 'Key pair', value: v.keyName ?? 'none (not reachable by SSH)' },
          { label: 'Seconds', value: v.seconds.toFixed(1) },
          ...(v.noFloatingIpReason && plan.autoIp ? [{ label: 'No floating IP', value: v.noFloatingIpReason }] : []),
        ],
        ssh: at ? ssh(v) : undefined,
      };
    }));
  }
  record.summarize(summary.message);
  const reachable = servers.filter((s) => address(s.server));
  // A cloud where servers were created is not retried (that would boot its names twice).
  const failedTargets = targets.filter((t) => outcomes.some((o) => o.target === regionLabel(t) && o.error && !o.created));
  const buttons = [...(reachable.length ? ['Copy IP', 'SSH'] : []), ...(failedTargets.length ? ['Retry Failed'] : []), ...(summary.failed.length ? ['Show Log'] : []), 'Show Results'];
  const show = summary.severity === 'info' ? vscode.window.showInformationMessage : summary.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(summary.message, ...buttons).then(async (choice) => {
    const pickServer = async () => (reachable.length === 1 ? reachable[0] : (await vscode.window.showQuickPick(reachable.map((s) => ({ label: s.target, description: `${s.server.name} ${address(s.server)}`, s })), { title: 'Which server?' }))?.s);
    if (choice === 'Show Results') ctx.results.show();
    else if (choice === 'Show Log') ctx.log.show();
    else if (choice === 'Retry Failed') {
      const again = await retryRegions(ctx, failedTargets);
      if (again.length) await runBoot(ctx, again, plan);
    } else if (choice === 'Copy IP') {
      const s = await pickServer();
      if (s) await copyAddress(s.server, `${s.server.name} on ${s.target}`);
    } else if (choice === 'SSH') {
      const s = await pickServer();
      const region = s && targets.find((t) => regionLabel(t) === s.target);
      if (s && region) await openSsh(ctx, region, { id: s.server.id, name: s.server.name, summary: s.server, imageId: undefined, imageRef: plan.imageFor(region), keyName: s.server.keyName });
    }
  }).then(undefined, (e: unknown) => ctx.log.error('boot follow-up failed', e));
}

/** The user's public key as a key pair on this cloud (imported unless it is there); says which, in the log. */
async function importKeyPair(ctx: ActionContext, session: Session, target: string, key: PublicKey, signal: AbortSignal, onProgress: (step: string) => void): Promise<string> {
  onProgress('importing key pair');
  const { name, imported } = await ensureKeyPair(session, key.keyPairName, key.line, signal);
  ctx.log.info(`${target}: ${imported ? `imported ${shownPath(key.file)} as key pair "${name}"` : `has ${shownPath(key.file)} already, as key pair "${name}"`}`);
  return name;
}
