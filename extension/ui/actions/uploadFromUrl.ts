// "Upload Image from URL…": a published image (an http/https URL) onto the chosen clouds and
// regions with the core's uploadFromUrl (a cloud with web-download imports it itself, the others
// get one read of ours streamed through), with the upload's usual cancellable progress, Results
// view record and summary (Retry failed retries only the failed targets).
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import { detectUrlFormat, displayUrl, imageUrlProblem, uploadFromUrl, type UrlTargetResult } from '../../openstack/index';
import { UserCancelled } from '../commandRunner';
import { editorProxy } from '../editorProxy';
import { regionLabel } from '../explorer/explorerModel';
import { FolderNode } from '../tree/folderNode';
import { rowOutcome, summarize, uploadNotice, type TargetOutcome } from './outcomes';
import { pickTargets, regionsFromSpecs, requireTrust, retryRegions, type ActionContext } from './actionContext';
import { inputStep, runSteps } from './quickSteps';
import { inUploadFrame, type UploadOutcome } from './uploadImage';
import type { ActionRecord } from '../results/resultsBook';

/** Command arguments for automation and tests: `executeCommand('openstack.uploadImageFromUrl', { url, targets, name })`. */
export interface UploadFromUrlArgs {
  url?: string;
  targets?: string[];
  name?: string;
  diskFormat?: string;
}

interface Job { url: string; name: string; diskFormat?: string; targets: CloudRegion[] }

export async function uploadFromUrlCommand(ctx: ActionContext, first?: unknown): Promise<UploadOutcome | undefined> {
  requireTrust();
  const args: UploadFromUrlArgs = isArgs(first) ? first : {};
  const folder = first instanceof FolderNode ? first : undefined;
  const title = vscode.l10n.t('Upload Image from URL');
  let url = args.url?.trim() ?? '';
  if (args.url !== undefined && imageUrlProblem(url)) throw new Error(vscode.l10n.t('{0}: {1}', displayUrl(url), imageUrlProblem(url)!));
  let targets = args.targets ? await regionsFromSpecs(ctx, args.targets) : [];
  let name = args.name;
  await runSteps([
    () => (args.url !== undefined ? undefined : inputStep({
      title, step: 1, total: 3, prompt: vscode.l10n.t('URL of the image (http or https), e.g. a published cloud image'),
      value: url, validate: (v) => { const p = imageUrlProblem(v); return p ? vscode.l10n.t('Not an image URL: {0}', p) : undefined; },
    }).then((v) => { url = v.trim(); })),
    () => (args.targets ? undefined : pickTargets(ctx, { title, step: 2, total: 3, preselect: folder ? [folder.region] : undefined }).then((t) => { targets = t; })),
    () => (args.name !== undefined || args.targets ? undefined
      : inputStep({ title, step: 3, total: 3, prompt: vscode.l10n.t('Name of the image on every cloud'), value: name ?? nameFromUrl(url), validate: (v) => (v.trim() ? undefined : vscode.l10n.t('An image needs a name')) }).then((v) => { name = v; })),
  ]);
  if (!targets.length) throw new UserCancelled();
  return runUrlUpload(ctx, { url, name: (name ?? nameFromUrl(url)).trim(), diskFormat: args.diskFormat, targets });
}

async function runUrlUpload(ctx: ActionContext, job: Job): Promise<UploadOutcome> {
  const { url, name, targets } = job;
  ctx.log.info(`upload from ${displayUrl(url)} as ${name} to ${targets.map(regionLabel).join(', ')}`);
  const { outcomes, record } = await inUploadFrame(ctx, name, targets, async (sessions, signal, onProgress) => {
    const proxy = editorProxy();
    const diskFormat = job.diskFormat ?? await detectUrlFormat(url, { signal, proxy });
    ctx.log.info(`${displayUrl(url)}: disk format ${diskFormat}`);
    return mismatchesFailed((await uploadFromUrl(sessions, { url, name, diskFormat, proxy, signal, onProgress })).results);
  });
  reportStreamed(ctx, job, outcomes, record, (again) => runUrlUpload(ctx, { ...job, targets: again }));
  return streamedOutcome(name, outcomes);
}

/** A copy whose stored checksum differs from what we read is a failed upload. */
export function mismatchesFailed(results: UrlTargetResult[]): UrlTargetResult[] {
  return results.map((r) => (r.checksum?.state === 'mismatch' && !r.error ? { ...r, error: new Error(`checksum mismatch: ${r.checksum.detail}`) } : r));
}

/** What the command returns (for automation and tests). */
export function streamedOutcome(name: string, outcomes: TargetOutcome<UrlTargetResult>[]): UploadOutcome {
  return {
    name,
    results: outcomes.map((o) => ({
      target: o.target, ok: !o.error,
      ...(o.value ? { imageId: o.value.result!.image.id, status: o.value.result!.image.status, skipped: false } : {}),
      ...(o.error ? { error: o.error.message } : {}),
    })),
  };
}

/**
 * Log lines, Results rows, and the summary with Retry Failed (`rerun` with only the failed targets)
 * of an upload whose data we streamed from the network: from a URL, or a copy from another cloud.
 */
export function reportStreamed(ctx: ActionContext, job: { name: string; targets: CloudRegion[] }, outcomes: TargetOutcome<UrlTargetResult>[], record: ActionRecord, rerun: (targets: CloudRegion[]) => Promise<unknown>): void {
  for (const o of outcomes) {
    if (o.error) ctx.log.error(`upload of ${job.name} to ${o.target} failed`, o.error);
    else ctx.log.info(`upload of ${job.name} to ${o.target}: ${o.value!.via} ${o.value!.result!.image.id} (${o.value!.result!.method}, ${o.value!.result!.seconds.toFixed(1)} s)${o.value!.checksum ? `; checksum ${o.value!.checksum.state}: ${o.value!.checksum.detail}` : ''}`);
    record.finish(o.target, rowOutcome(o, (v) => ({
      state: 'ok', text: vscode.l10n.t('image {0}', v.result!.image.status),
      cells: [
        { label: vscode.l10n.t('Image ID'), value: v.result!.image.id },
        { label: vscode.l10n.t('Format'), value: v.format },
        { label: vscode.l10n.t('Method'), value: v.via === 'web-download' ? 'web-download' : vscode.l10n.t('streamed ({0})', v.result!.method) },
        { label: vscode.l10n.t('Seconds'), value: v.result!.seconds.toFixed(1) },
        ...(v.checksum ? [{ label: vscode.l10n.t('Checksum'), value: v.checksum.state === 'not-compared' ? vscode.l10n.t('not compared') : v.checksum.state }] : []),
      ],
    })));
  }
  const summary = summarize(vscode.l10n.t('Upload of {0}', job.name), outcomes, vscode.l10n.t('image active'));
  record.summarize(summary.message);
  const failedTargets = job.targets.filter((t) => summary.failed.includes(regionLabel(t)));
  // As for a file upload: no toast when every cloud succeeded (the tree and the Results view show it).
  const notice = uploadNotice(vscode.l10n.t('Upload of {0}', job.name), outcomes, summary);
  if (!notice) return;
  const show = notice.severity === 'info' ? vscode.window.showInformationMessage : notice.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(notice.message, ...notice.buttons).then((choice) => {
    if (choice === 'Show Results') ctx.results.show();
    else if (choice === 'Show Log') ctx.log.show();
    else if (choice === 'Retry Failed') {
      void retryRegions(ctx, failedTargets).then((again) => (again.length ? rerun(again) : undefined))
        .catch((e: unknown) => ctx.log.error('retry of the upload failed', e));
    }
  });
}

function isArgs(v: unknown): v is UploadFromUrlArgs {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof FolderNode) && ('url' in v || 'targets' in v || 'name' in v);
}

/** The image name without --name: the URL's last path part without its image extension. */
export function nameFromUrl(url: string): string {
  let last = '';
  try {
    last = decodeURIComponent(new URL(url.trim()).pathname.split('/').filter(Boolean).at(-1) ?? '');
  } catch {
    last = '';
  }
  return last.replace(/\.(qcow2|img|raw|vhd|vhdx|vmdk|vdi|iso)$/i, '') || 'image';
}
