// `image-matrix sync REF` and `image-matrix prune REF --keep N [--yes]`.
import { uploadSourceImage } from '../openstack/images/sourceImageUpload';
import { matrixOf, planSync, sourceImageOf } from '../images/syncImages';
import { planPruneOn, removePlanned, type PrunePlan, type PruneOutcome } from '../images/pruneImages';
import type { Image } from '../openstack/services/image';
import { table } from '../text/table';
import { UsageError, one, parseArgs, positiveInt } from './args';
import { COMMON_OPTIONS, closeAll, onEveryTarget, targetSessions } from './session';
import { FETCH_OPTIONS } from './fetchCommand';
import { fetchForUpload, imageQueryOf } from './uploadRefCommand';
import { fanOutAndReport } from './uploadCommand';
import type { CliIo } from './main';

function oneRef(positionals: string[], what: string): string {
  const [ref] = positionals;
  if (!ref || positionals.length > 1) throw new UsageError(`image-matrix ${what}: give exactly one image reference DISTRO:RELEASE[/ARCH] (ubuntu:24.04)`);
  return ref;
}

/** Fetch REF, find the clouds without an active copy of its file (by sha256), upload there only. */
export async function runMatrixSync(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...COMMON_OPTIONS, ...FETCH_OPTIONS, 'name', 'method', 'visibility', 'tmp-dir']);
  const ref = oneRef(args.positionals, 'sync');
  const sessions = await targetSessions(args, io);
  let uploading = false;
  try {
    const fetched = await fetchForUpload(ref, args, io, 'image-matrix sync');
    if (!fetched) return 1;
    const plan = planSync(await matrixOf(sessions), sessions, fetched.record.hashes.sha256!);
    const json = args.flags.has('json');
    const present = plan.present.map((p) => ({ cloud: p.cloud, ok: true, skipped: true, id: p.image.id, name: p.image.name }));
    const unknown = plan.unknown.map((u) => ({ cloud: u.cloud, ok: false, error: `its images could not be listed: ${u.error}` }));
    if (!json) {
      for (const r of present) io.out(`${r.cloud}: already there ${r.name} ${r.id}\n`);
      for (const r of unknown) io.out(`${r.cloud}: FAILED: ${r.error}\n`);
    }
    await closeAll(sessions.filter((s) => !plan.lacking.includes(s)));
    let code = unknown.length ? 1 : 0;
    let uploads: unknown[] = [];
    if (plan.lacking.length) {
      uploading = true; // fanOutAndReport closes the lacking sessions
      const source = sourceImageOf(fetched, one(args, 'name'));
      let captured = '';
      const target = json ? { out: (t: string) => void (captured += t), err: io.err } : io;
      code = Math.max(code, await fanOutAndReport(plan.lacking, source, args, target, (s, options) => uploadSourceImage(s, source, options)));
      if (json) uploads = (JSON.parse(captured) as { results: unknown[] }).results;
    }
    if (json) io.out(JSON.stringify({ ref: fetched.record.ref, version: fetched.record.version, sha256: fetched.record.hashes.sha256, results: [...present, ...uploads, ...unknown] }, null, 2) + '\n');
    return code;
  } finally {
    if (!uploading) await closeAll(sessions);
  }
}

const brief = (i: Image) => [i.name, i.id, i.created_at, typeof i.openstack_clouds_source === 'string' ? i.openstack_clouds_source : ''];

function planTable(plan: PrunePlan): string {
  const rows = [
    ...plan.keep.map((i) => ['keep', ...brief(i)]),
    ...plan.inUse.map((i) => ['keep (in use)', ...brief(i)]),
    ...plan.remove.map((i) => ['remove', ...brief(i)]),
  ];
  return rows.length ? table(['', 'NAME', 'ID', 'CREATED', 'SOURCE'], rows as string[][]) : '(no images of ours match)\n';
}

/** Per cloud: our images of REF's distro/version beyond the newest N and not used by a server. */
export async function runMatrixPrune(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...COMMON_OPTIONS, 'keep', 'prefix']);
  const ref = oneRef(args.positionals, 'prune');
  const query = imageQueryOf(ref);
  if (!query) throw new UsageError(`image-matrix prune: '${ref}' is not an image reference DISTRO:RELEASE[/ARCH]`);
  const keep = positiveInt(args, 'keep');
  if (keep === undefined) throw new UsageError('image-matrix prune: give --keep N (how many of the newest copies stay on each cloud)');
  const yes = args.flags.has('yes');
  const sessions = await targetSessions(args, io);
  try {
    const outcomes = await onEveryTarget(sessions, async (s): Promise<{ plan: PrunePlan; done?: PruneOutcome }> => {
      const plan = await planPruneOn(s, { ...query, keep, namePrefix: one(args, 'prefix') });
      return { plan, ...(yes ? { done: await removePlanned(s, plan) } : {}) };
    });
    if (args.flags.has('json')) {
      const ids = (l: Image[]) => l.map((i) => ({ id: i.id, name: i.name, created_at: i.created_at }));
      io.out(JSON.stringify(outcomes.map((o) => (o.error ? { cloud: o.target, error: o.error.message } : { cloud: o.target, keep: ids(o.value!.plan.keep), inUse: ids(o.value!.plan.inUse), remove: ids(o.value!.plan.remove), ...o.value!.done })), null, 2) + '\n');
    } else {
      for (const o of outcomes) {
        io.out(`== ${o.target}\n`);
        if (o.error) { io.out(`error: ${o.error.message}\n`); continue; }
        const { plan, done } = o.value!;
        io.out(planTable(plan));
        if (done) {
          if (done.deleted.length) io.out(`deleted ${done.deleted.length}: ${done.deleted.join(', ')}\n`);
          for (const f of done.failed) io.out(`FAILED to delete ${f.id}: ${f.error}\n`);
        } else if (plan.remove.length) io.out(`(listed only: add --yes to delete ${plan.remove.length})\n`);
      }
    }
    return outcomes.some((o) => o.error || o.value?.done?.failed.length) ? 1 : 0;
  } finally {
    await closeAll(sessions);
  }
}
