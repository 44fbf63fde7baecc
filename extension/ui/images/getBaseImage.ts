// "Get Base Image…": distro → release → architecture → clouds (a multi-step quick input with
// Back), then the official image is fetched once (verified, cached) and uploaded by reference to
// the clouds that have no copy of it yet (dedup by the source's sha256), with one cancellable
// notification and a card in the Results view. Sync in the Image Matrix runs the same path.
import * as vscode from 'vscode';
import { SOURCES, findSource } from '../../baseImages/catalog';
import { fetchImage, type FetchResult } from '../../baseImages/fetchImage';
import { formatRef, parseRef } from '../../baseImages/reference';
import type { CloudRegion } from '../../config/index';
import { syncSourceImage, type SyncReport } from '../../images/syncImages';
import { editorProxy } from '../editorProxy';
import { regionLabel } from '../explorer/explorerModel';
import { pickTargets, regionsFromSpecs, requireTrust, withCancellableProgress, type ActionContext } from '../actions/actionContext';
import { inputStep, pickStep, runSteps } from '../actions/quickSteps';
import { summarize, UploadProgressBoard, type TargetOutcome } from '../actions/outcomes';
import { mirrorFor } from './baseImageMirrors';

/** For automation and tests: `executeCommand('openstack.getBaseImage', { ref: 'debian:12/amd64', targets: [...] })`. */
export interface BaseImageArgs {
  ref: string;
  targets: string[];
  name?: string;
}

export interface BaseImageOutcome {
  ref: string;
  version: string;
  sha256: string;
  results: { target: string; ok: boolean; imageId?: string; skipped?: boolean; endToEnd?: string; error?: string }[];
}

const ARCHES = ['x86_64', 'aarch64'];
const OTHER = '$(edit) Other release…';

export async function getBaseImageCommand(ctx: ActionContext, args?: unknown): Promise<BaseImageOutcome | undefined> {
  requireTrust();
  if (isArgs(args)) return runGetBaseImage(ctx, args.ref, await regionsFromSpecs(ctx, args.targets), { name: args.name });
  const title = vscode.l10n.t('Get Base Image');
  let distro = '';
  let release = '';
  let arch = 'x86_64';
  let targets: CloudRegion[] = [];
  await runSteps([
    () => pickStep({
      title, step: 1, total: 4, placeholder: vscode.l10n.t('Which distribution (official cloud images)'),
      items: SOURCES.map((s) => ({ label: s.id, description: s.title })), selected: (i) => i.label === distro,
    }).then(([picked]) => { distro = picked!.label; }),
    async () => {
      const source = findSource(distro);
      const [picked] = await pickStep({
        title, step: 2, total: 4, placeholder: vscode.l10n.t('Which release of {0} (the newest build of it is fetched)', source.title),
        items: [...source.exampleReleases.map((r) => ({ label: r })), { label: OTHER }], selected: (i) => i.label === release,
      });
      release = picked!.label !== OTHER ? picked!.label
        : (await inputStep({ title, step: 2, total: 4, prompt: vscode.l10n.t('A release {0} publishes', source.title), value: release, validate: (v) => (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v.trim()) ? undefined : vscode.l10n.t('A release is a name such as 24.04, 12 or 41')) })).trim();
    },
    () => pickStep({
      title, step: 3, total: 4, placeholder: vscode.l10n.t('Which architecture'),
      items: ARCHES.map((a) => ({ label: a })), selected: (i) => i.label === arch,
    }).then(([picked]) => { arch = picked!.label; }),
    () => pickTargets(ctx, { title, step: 4, total: 4 }).then((t) => { targets = t; }),
  ]);
  return runGetBaseImage(ctx, `${distro}:${release}/${arch}`, targets);
}

export interface RunOptions {
  name?: string;
  /** Sync of a matrix row: the row's sha256; a source that now publishes another build is not uploaded. */
  expectSha256?: string;
}

/** Fetch REF (the setting's mirror for its source), then upload it to the targets that lack it. */
export async function runGetBaseImage(ctx: ActionContext, refText: string, targets: readonly CloudRegion[], options: RunOptions = {}): Promise<BaseImageOutcome> {
  const ref = formatRef(parseRef(refText));
  const mirror = mirrorFor(findSource(ref.split(':')[0]!).id);
  ctx.log.info(`get base image ${ref}${mirror ? ` from the mirror ${mirror}` : ''} for ${targets.map(regionLabel).join(', ')}`);
  const record = ctx.results.book.begin(vscode.l10n.t('Base image {0}', ref), targets.map(regionLabel));
  let fetched: FetchResult | undefined;
  let outcomes: TargetOutcome<{ id: string; skipped: boolean; endToEnd?: string }>[];
  try {
    outcomes = await withCancellableProgress(vscode.l10n.t('Getting {0}', ref), async (progress, signal) => {
      fetched = await fetchImage(ref, {
        mirror, signal, proxy: editorProxy(),
        onEvent: (e) => {
          if (e.kind === 'progress' && e.total) progress.report({ message: vscode.l10n.t('downloading {0}%', Math.floor((e.bytes / e.total) * 100)) });
          else if (e.kind === 'cache-hit') progress.report({ message: vscode.l10n.t('in the cache') });
        },
      });
      if (options.expectSha256 && fetched.record.hashes.sha256 !== options.expectSha256) {
        throw new Error(vscode.l10n.t('{0} now publishes build {1}, another file than this row: use Get Base Image to upload the newest build', ref, fetched.record.version));
      }
      const { opened, release } = await ctx.pool.sessionsFor(targets);
      const ready = opened.filter((o) => o.session).map((o) => o.session!);
      const board = new UploadProgressBoard(ready.map((s) => s.label));
      const report: SyncReport = await syncSourceImage(ready, fetched, {
        signal, name: options.name,
        onProgress: (p) => {
          board.update(p);
          const line = board.line(p.target);
          record.progress(p.target, line.text, line.percent);
          progress.report({ message: board.message() });
        },
      }).finally(release);
      return opened.map((o) => outcomeOf(regionLabel(o.region), o.session?.label, o.error, report));
    });
  } catch (e) {
    record.abandon(e);
    throw e;
  } finally {
    ctx.tree.refreshLists(targets, ['images']);
  }
  for (const o of outcomes) {
    record.finish(o.target, o.error
      ? { state: 'failed', text: o.error.message }
      : { state: 'ok', text: o.value!.skipped ? vscode.l10n.t('already there') : vscode.l10n.t('uploaded'), cells: [{ label: 'Image ID', value: o.value!.id }, ...(o.value!.endToEnd ? [{ label: 'End to end', value: o.value!.endToEnd }] : [])] });
    if (o.error) ctx.log.error(`base image ${ref} on ${o.target} failed`, o.error);
    else ctx.log.info(`base image ${ref} on ${o.target}: ${o.value!.skipped ? 'already there' : 'uploaded'} ${o.value!.id}`);
  }
  const summary = summarize(vscode.l10n.t('Base image {0}', ref), outcomes, vscode.l10n.t('image there'));
  record.summarize(summary.message);
  if (summary.severity !== 'info') {
    void vscode.window.showWarningMessage(summary.message, 'Show Results').then((c) => (c ? ctx.results.show() : undefined));
  }
  const f = fetched!;
  return {
    ref, version: f.record.version, sha256: f.record.hashes.sha256!,
    results: outcomes.map((o) => ({ target: o.target, ok: !o.error, ...(o.value ? { imageId: o.value.id, skipped: o.value.skipped, ...(o.value.endToEnd ? { endToEnd: o.value.endToEnd } : {}) } : {}), ...(o.error ? { error: o.error.message } : {}) })),
  };
}

function outcomeOf(target: string, label: string | undefined, error: Error | undefined, report: SyncReport): TargetOutcome<{ id: string; skipped: boolean; endToEnd?: string }> {
  if (error || !label) return { target, error: error ?? new Error('no session') };
  const present = report.present.find((p) => p.cloud === label);
  if (present) return { target, value: { id: present.image.id, skipped: true } };
  const unknown = report.unknown.find((u) => u.cloud === label);
  if (unknown) return { target, error: new Error(vscode.l10n.t('its images could not be listed: {0}', unknown.error)) };
  const r = report.upload?.results.find((x) => x.target === label);
  if (!r?.result) return { target, error: r?.error ?? new Error('not uploaded') };
  const e2e = report.upload!.endToEnd.get(label);
  if (e2e?.state === 'mismatch') return { target, error: new Error(e2e.detail) };
  return { target, value: { id: r.result.image.id, skipped: r.result.skipped, ...(e2e ? { endToEnd: `${e2e.state}: ${e2e.detail}` } : {}) } };
}

function isArgs(v: unknown): v is BaseImageArgs {
  if (!v || typeof v !== 'object') return false;
  const a = v as Record<string, unknown>;
  if (typeof a.ref !== 'string' || !Array.isArray(a.targets) || !a.targets.every((t) => typeof t === 'string')) return false;
  return a.name === undefined || typeof a.name === 'string';
}
