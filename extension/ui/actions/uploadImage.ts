// "Upload Image": one image file onto the chosen clouds and regions with the core's fanOutUpload
// (read once, converted per cloud where needed, the method each cloud needs), one cancellable
// notification with every target's progress, the same live in the Results view (each cloud
// side by side), and when a target failed one notification "2/3 succeeded" with Retry Failed
// (only those targets, resolved again), Show Log and Show Results.
import * as vscode from 'vscode';
import path from 'node:path';
import type { CloudRegion } from '../../config/index';
import { fanOutUpload, type Session, type UploadProgress } from '../../openstack/index';
import type { ActionRecord } from '../results/resultsBook';
import { UserCancelled } from '../commandRunner';
import { regionLabel } from '../explorer/explorerModel';
import { FolderNode } from '../tree/folderNode';
import { rowOutcome, summarize, uploadNotice, UploadProgressBoard, type TargetOutcome } from './outcomes';
import { pickTargets, regionsFromSpecs, requireTrust, outcomesOf, retryRegions, withCancellableProgress, type ActionContext } from './actionContext';
import { inputStep, runSteps } from './quickSteps';
import { detectFormat } from '../../openstack/images/diskFormat';
import { openUploadPlaybook } from '../ansible/exportCommands';

export const IMAGE_FILE = /\.(qcow2|img|raw|vhd|vhdx|vmdk|iso)$/i;

/** Command arguments for automation and tests: `executeCommand('openstack.uploadImage', uri, { targets, name })`. */
export interface UploadArgs {
  targets?: string[];
  name?: string;
}

export interface UploadOutcome {
  name: string;
  results: { target: string; ok: boolean; imageId?: string; status?: string; skipped?: boolean; error?: string }[];
}

export async function uploadImageCommand(ctx: ActionContext, first?: unknown, second?: unknown): Promise<UploadOutcome | undefined> {
  requireTrust();
  const args = isUploadArgs(second) ? second : isUploadArgs(first) ? first : {};
  const folder = first instanceof FolderNode ? first : undefined;
  const file = first instanceof vscode.Uri ? first.fsPath : await chooseFile();
  const title = `Upload ${path.basename(file)}`;
  let targets = args.targets ? await regionsFromSpecs(ctx, args.targets) : [];
  let name = args.name ?? (args.targets ? defaultName(file) : undefined);
  await runSteps([
    () => (args.targets ? undefined : pickTargets(ctx, { title, step: 1, total: 2, preselect: folder ? [folder.region] : undefined }).then((t) => { targets = t; })),
    () => (args.name !== undefined || args.targets ? undefined
      : inputStep({ title, step: 2, total: 2, prompt: 'Name of the image on every cloud', value: name ?? defaultName(file), validate: (v) => (v.trim() ? undefined : 'An image needs a name') }).then((v) => { name = v; })),
  ]);
  return runUpload(ctx, file, name!.trim(), targets);
}

/**
 * The frame of every upload, from a file or a URL: the targets' Images rows busy, a Results card,
 * one cancellable notification with every target's progress, the sessions held while it runs
 * (outcomesOf), and the Images lists loaded again after. `upload` gets the sessions that opened.
 */
export async function inUploadFrame<R extends { target: string; error?: Error }>(
  ctx: ActionContext, name: string, targets: CloudRegion[],
  upload: (sessions: Session[], signal: AbortSignal, onProgress: (p: UploadProgress) => void) => Promise<readonly R[]>,
): Promise<{ outcomes: TargetOutcome<R>[]; record: ActionRecord }> {
  const folders = ctx.tree.foldersOf(targets, 'images');
  for (const f of folders) f.setBusy(vscode.l10n.t('uploading…'));
  const record = ctx.results.book.begin(vscode.l10n.t('Upload of {0}', name), targets.map(regionLabel));
  try {
    const outcomes = await withCancellableProgress(vscode.l10n.t('Uploading {0}', name), async (progress, signal) => {
      const { opened, release } = await ctx.pool.sessionsFor(targets);
      const onProgress = new UploadProgressBoard(opened.flatMap((o) => (o.session ? [o.session.label] : [])))
        .reporter((target, text, percent) => record.progress(target, text, percent), (message, increment) => progress.report({ message, increment }));
      return outcomesOf(opened, release, (sessions) => upload(sessions, signal, onProgress));
    });
    return { outcomes, record };
  } catch (e) {
    record.abandon(e);
    throw e;
  } finally {
    for (const f of folders) f.setBusy(undefined);
    ctx.tree.refreshLists(targets, ['images']);
  }
}

async function runUpload(ctx: ActionContext, file: string, name: string, targets: CloudRegion[]): Promise<UploadOutcome> {
  ctx.log.info(`upload ${file} as ${name} to ${targets.map(regionLabel).join(', ')}`);
  const { outcomes, record } = await inUploadFrame(ctx, name, targets,
    async (sessions, signal, onProgress) => (await fanOutUpload(sessions, { file, name, signal, onProgress })).results);
  for (const o of outcomes) {
    if (o.error) ctx.log.error(`upload of ${name} to ${o.target} failed`, o.error);
    else ctx.log.info(`upload of ${name} to ${o.target}: ${o.value!.result!.skipped ? 'already there' : 'uploaded'} ${o.value!.result!.image.id} (${o.value!.result!.method}, ${o.value!.result!.seconds.toFixed(1)} s)`);
  }
  const summary = summarize(`Upload of ${name}`, outcomes, 'image active');
  for (const o of outcomes) {
    record.finish(o.target, rowOutcome(o, (v) => ({
      state: 'ok', text: v.result!.skipped ? 'already there' : `image ${v.result!.image.status}`,
      cells: [
        { label: 'Image ID', value: v.result!.image.id },
        { label: 'Format', value: `${v.format}${v.convertedFrom ? ` (from ${v.convertedFrom})` : ''}` },
        { label: 'Method', value: v.result!.method },
        { label: 'Seconds', value: v.result!.seconds.toFixed(1) },
        ...(v.warning ? [{ label: 'Warning', value: v.warning }] : []),
      ],
    })));
  }
  record.summarize(summary.message);
  record.exportable(() => exportUpload(ctx, file, name, targets));
  const failedTargets = targets.filter((t) => summary.failed.includes(regionLabel(t)));
  const notice = uploadNotice(`Upload of ${name}`, outcomes, summary);
  const show = notice?.severity === 'info' ? vscode.window.showInformationMessage : notice?.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  if (notice) void show(notice.message, ...notice.buttons).then((choice) => {
    if (choice === 'Show Results') ctx.results.show();
    else if (choice === 'Show Log') ctx.log.show();
    else if (choice === 'Retry Failed') {
      void retryRegions(ctx, failedTargets).then((again) => (again.length ? runUpload(ctx, file, name, again) : undefined))
        .catch((e: unknown) => ctx.log.error('retry of the upload failed', e));
    }
  });
  return {
    name,
    results: outcomes.map((o) => ({
      target: o.target, ok: !o.error,
      ...(o.value ? { imageId: o.value.result!.image.id, status: o.value.result!.image.status, skipped: o.value.result!.skipped } : {}),
      ...(o.error ? { error: o.error.message } : {}),
    })),
  };
}

/** The upload as a playbook (every target, failed ones too): the file's own format, as Ansible uploads it unconverted. */
async function exportUpload(ctx: ActionContext, file: string, name: string, targets: CloudRegion[]): Promise<void> {
  const diskFormat = await detectFormat(file);
  // As the CLI's export warns: a cloud that wants another format gets the file as it is.
  const notes = targets.filter((r) => r.config.image_format && r.config.image_format !== diskFormat)
    .map((r) => `Note: ${regionLabel(r)} wants ${String(r.config.image_format)} images; this uploads ${diskFormat} as is (Ansible does not convert).`);
  await openUploadPlaybook(ctx, targets, { name, file, diskFormat, notes });
}

function isUploadArgs(v: unknown): v is UploadArgs {
  return !!v && typeof v === 'object' && !(v instanceof vscode.Uri) && !Array.isArray(v) && !(v instanceof FolderNode) && ('targets' in v || 'name' in v);
}

function defaultName(file: string): string {
  return path.basename(file).replace(IMAGE_FILE, '');
}

/** The image file of the active editor, else one picked in an open dialog. */
async function chooseFile(): Promise<string> {
  const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = active && typeof active === 'object' && 'uri' in active && active.uri instanceof vscode.Uri ? active.uri : undefined;
  if (uri?.scheme === 'file' && IMAGE_FILE.test(uri.fsPath)) return uri.fsPath;
  const picked = await vscode.window.showOpenDialog({
    title: 'Upload an image file to OpenStack clouds', canSelectMany: false, openLabel: 'Upload',
    filters: { 'Disk images': ['qcow2', 'img', 'raw', 'vhd', 'vhdx', 'vmdk', 'iso'], 'All files': ['*'] },
  });
  if (!picked?.[0]) throw new UserCancelled();
  return picked[0].fsPath;
}

