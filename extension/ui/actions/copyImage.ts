// "Copy to Other Clouds…" on an image row: the image read once through its own cloud's Glance and
// streamed to the chosen clouds and regions (core: copyImage), with its formats and descriptive
// properties, in the upload's frame (busy Images rows, Results card, cancellable progress) and
// with its summary (Retry Failed copies to the failed targets only).
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import { copyImage, type UrlTargetResult } from '../../openstack/index';
import { UserCancelled } from '../commandRunner';
import { regionLabel } from '../explorer/explorerModel';
import { ImageNode } from '../tree/itemNodes';
import { pickTargets, regionsFromSpecs, requireTrust, type ActionContext } from './actionContext';
import { inputStep, runSteps } from './quickSteps';
import { inUploadFrame, type UploadOutcome } from './uploadImage';
import { mismatchesFailed, reportStreamed, streamedOutcome } from './uploadFromUrl';

/** Command arguments for automation and tests: `executeCommand('openstack.copyImage', row, { targets, name })`. */
export interface CopyImageArgs {
  targets?: string[];
  name?: string;
}

interface Job { from: CloudRegion; imageId: string; imageName: string; name: string; targets: CloudRegion[] }

export async function copyImageCommand(ctx: ActionContext, node: unknown, args: CopyImageArgs = {}): Promise<UploadOutcome> {
  requireTrust();
  if (!(node instanceof ImageNode)) throw new Error(vscode.l10n.t('Copy to Other Clouds works on an image row of the Clouds view'));
  const title = vscode.l10n.t('Copy {0} to Other Clouds', node.name);
  let targets = args.targets ? await regionsFromSpecs(ctx, args.targets) : [];
  let name = args.name ?? node.name;
  await runSteps([
    () => (args.targets ? undefined : pickTargets(ctx, { title, step: 1, total: 2, exclude: [node.region] }).then((t) => { targets = t; })),
    () => (args.targets || args.name !== undefined ? undefined
      : inputStep({ title, step: 2, total: 2, prompt: vscode.l10n.t('Name of the copies'), value: name, validate: (v) => (v.trim() ? undefined : vscode.l10n.t('An image needs a name')) }).then((v) => { name = v; })),
  ]);
  // The image's own region is no target: the copy would be a second upload of it onto itself.
  targets = targets.filter((t) => regionLabel(t) !== regionLabel(node.region));
  if (!targets.length) throw new UserCancelled();
  return runCopy(ctx, { from: node.region, imageId: node.resourceId, imageName: node.name, name: name.trim(), targets });
}

async function runCopy(ctx: ActionContext, job: Job): Promise<UploadOutcome> {
  ctx.log.info(`copy of image ${job.imageName} (${job.imageId}) of ${regionLabel(job.from)} as ${job.name} to ${job.targets.map(regionLabel).join(', ')}`);
  const { outcomes, record } = await inUploadFrame(ctx, job.name, job.targets, (sessions, signal, onProgress) =>
    ctx.pool.using(job.from, async (from): Promise<UrlTargetResult[]> => {
      const report = await copyImage(from, job.imageId, sessions, { name: job.name, signal, onProgress });
      if (report.sourceChecksum) ctx.log.info(`copy of ${job.imageName}: what was read against ${regionLabel(job.from)}'s hash: ${report.sourceChecksum.state} (${report.sourceChecksum.detail}); ${report.bytesRead} bytes read`);
      return mismatchesFailed(report.results);
    }));
  reportStreamed(ctx, job, outcomes, record, (again) => runCopy(ctx, { ...job, targets: again }));
  return streamedOutcome(job.name, outcomes);
}
