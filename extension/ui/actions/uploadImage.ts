// "Upload Image": one image file onto the chosen clouds and regions with the core's fanOutUpload
// (read once, converted per cloud where needed, the method each cloud needs), one cancellable
// notification with every target's progress, the same live in the Results view (each cloud
// side by side), and a summary with Show Results / Retry failed.
import * as vscode from 'vscode';
import path from 'node:path';
import type { CloudRegion } from '../../config/index';
import { fanOutUpload, type TargetResult } from '../../openstack/index';
import { UserCancelled } from '../commandRunner';
import { regionLabel } from '../explorer/explorerModel';
import { FolderNode } from '../tree/folderNode';
import { rowOutcome, summarize, UploadProgressBoard, type TargetOutcome } from './outcomes';
import { pickTargets, regionsFromSpecs, requireTrust, retryRegions, sessionsOf, withCancellableProgress, type ActionContext } from './actionContext';
import { inputStep, runSteps } from './quickSteps';

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

async function runUpload(ctx: ActionContext, file: string, name: string, targets: CloudRegion[]): Promise<UploadOutcome> {
  const folders = ctx.tree.foldersOf(targets, 'images');
  for (const f of folders) f.setBusy('uploading…');
  ctx.log.info(`upload ${file} as ${name} to ${targets.map(regionLabel).join(', ')}`);
  const record = ctx.results.book.begin(`Upload of ${name}`, targets.map(regionLabel));
  let outcomes: TargetOutcome<TargetResult>[];
  try {
    outcomes = await withCancellableProgress(`Uploading ${name}`, async (progress, signal) => {
      const opened = await sessionsOf(ctx, targets);
      const ready = opened.filter((o) => o.session);
      const board = new UploadProgressBoard(ready.map((o) => o.session!.label));
      let shown = 0;
      const release = ctx.pool.hold(ready.map((o) => o.session!));
      const report = ready.length ? await fanOutUpload(ready.map((o) => o.session!), {
        file, name, signal,
        onProgress: (p) => {
          board.update(p);
          const line = board.line(p.target);
          record.progress(p.target, line.text, line.percent);
          const percent = board.percent();
          progress.report({ message: board.message(), increment: percent - shown });
          shown = percent;
        },
      }).finally(release) : { results: [] };
      const byLabel = new Map(report.results.map((r) => [r.target, r]));
      return opened.map((o): TargetOutcome<TargetResult> => {
        if (o.error) return { target: regionLabel(o.region), error: o.error };
        const r = byLabel.get(o.session!.label)!;
        return { target: regionLabel(o.region), ...(r.error ? { error: r.error } : { value: r }) };
      });
    });
  } catch (e) {
    record.abandon(e);
    throw e;
  } finally {
    for (const f of folders) f.setBusy(undefined);
    ctx.tree.refreshLists(targets, ['images']);
  }
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
  const failedTargets = targets.filter((t) => summary.failed.includes(regionLabel(t)));
  const buttons = [...(failedTargets.length ? ['Retry Failed', 'Show Log'] : []), 'Show Results'];
  const show = summary.severity === 'info' ? vscode.window.showInformationMessage : summary.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(summary.message, ...buttons).then((choice) => {
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

