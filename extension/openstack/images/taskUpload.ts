// The v2 task flow (§3.4, `image_api_use_tasks`): the file goes to Swift, an import task points
// glance at it, we poll the task, then record our properties. The Swift object always goes
// afterwards; on failure or cancel the image the task made goes too.
import crypto from 'node:crypto';
import * as glance from '../services/image';
import { pollUntil, PollTimeout } from '../poll';
import { storeInSwift, temporaryUrl } from './swiftUpload';
import { failure, hashProperties, verifyStoredChecksum, type UploadContext } from './uploadContext';
import { ATTEMPT_PROPERTY } from './glanceUploads';
import type { Image, Task } from '../services/image';

/** Rackspace's transient failure: the task is simply created again (§3.4 step 6). */
const TRANSIENT_TASK_FAILURE = "Image cannot be imported. Error code: '396'";

export async function uploadByTask(ctx: UploadContext): Promise<Image> {
  if (ctx.session.settings.imageImportMethod()) {
    throw failure(ctx, 'The Glance Task API and Import API are mutually exclusive: set either image_api_use_tasks or image_import_method');
  }
  const stored = await storeInSwift(ctx, ctx.name);
  try {
    const url = await temporaryUrl(ctx, stored, Math.ceil(ctx.importTimeoutMs / 1000) + 3600);
    const input = {
      import_from: url ?? `${stored.container}/${stored.object}`,
      import_from_format: ctx.diskFormat,
      // `owner`: upstream glance creates the task's image without one for a non-admin caller and
      // then refuses to let the same task save it ("You do not own this image").
      image_properties: { name: ctx.name, disk_format: ctx.diskFormat, container_format: ctx.containerFormat, owner: (await ctx.session.token(ctx.signal)).projectId },
    };
    ctx.meter.setPhase('importing');
    const imageId = await runImportTask(ctx, input);
    const image = await glance.showImage(ctx.session, imageId, ctx.signal);
    if (!image || image.status !== 'active') throw failure(ctx, `image ${imageId} is ${image?.status ?? 'gone'} after its import task`);
    const hashes = await ctx.data?.hashesAfterRead();
    if (hashes) await verifyStoredChecksum(ctx, image.checksum, hashes);
    return glance.setImageProperties(ctx.session, image.id, { ...ctx.properties, ...hashProperties(hashes, stored.container, stored.object) }, ctx.signal);
  } finally {
    // The Swift copy is only a vehicle for the import: delete it whatever happened (§3.4 step 8).
    await ctx.cleanup.runMatching((what) => what.includes(`${stored.container}/${stored.object}`));
  }
}

async function runImportTask(ctx: UploadContext, input: { image_properties: Record<string, unknown> } & Record<string, unknown>): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    // A mark on the task (and the image it makes), so a task whose create answer was lost can be found.
    const mark = crypto.randomUUID();
    const tagged = { ...input, image_properties: { ...input.image_properties, [ATTEMPT_PROPERTY]: mark } };
    let created: Task;
    try {
      created = await glance.createTask(ctx.session, { type: 'import', input: tagged }, ctx.signal);
    } catch (e) {
      // Glance may have made the task all the same: its image would stay beside the one a retry makes.
      ctx.cleanup.add('delete the image of a task whose create answer was lost', (signal) => deleteLostTaskImage(ctx, mark, signal));
      throw e;
    }
    // If we are cancelled or fail from here on, the image the task makes must not stay behind.
    ctx.cleanup.add(`delete the image of task ${created.id}`, (signal) => deleteTaskImage(ctx, created.id, signal));
    const task = await waitForTask(ctx, created.id);
    if (task.status === 'success' && task.result?.image_id) return task.result.image_id;
    if (task.message !== TRANSIENT_TASK_FAILURE) throw failure(ctx, `import task ${task.id} failed`, { fault: task.message || undefined });
  }
  throw failure(ctx, 'import task kept failing with the transient error 396');
}

async function waitForTask(ctx: UploadContext, id: string): Promise<Task> {
  try {
    return await pollUntil(async () => {
      const task = await glance.showTask(ctx.session, id, ctx.signal);
      return task.status === 'success' || task.status === 'failure' ? task : undefined;
    }, { timeoutMs: ctx.importTimeoutMs, signal: ctx.signal, initialMs: 200, maxMs: 2000 });
  } catch (e) {
    if (e instanceof PollTimeout) throw failure(ctx, `import task ${id} not finished after ${Math.round(ctx.importTimeoutMs / 1000)} s`);
    throw e;
  }
}

/** How many of the newest import tasks are searched for a lost one (ours was made seconds ago). */
const LOST_TASK_SEARCH = 20;

/** Finds the task carrying `mark` among the newest ones, waits for it to end and deletes its image. */
async function deleteLostTaskImage(ctx: UploadContext, mark: string, signal: AbortSignal): Promise<void> {
  for (const listed of await glance.recentImportTasks(ctx.session, LOST_TASK_SEARCH, signal)) {
    const task = await glance.showTask(ctx.session, listed.id, signal);
    if (task.input?.image_properties?.[ATTEMPT_PROPERTY] === mark) return deleteTaskImage(ctx, task.id, signal);
  }
}

/** Waits (bounded by `signal`) for the task to end, then deletes the image it made, if any. */
async function deleteTaskImage(ctx: UploadContext, taskId: string, signal: AbortSignal): Promise<void> {
  const task = await pollUntil(async () => {
    const t = await glance.showTask(ctx.session, taskId, signal);
    return t.status === 'success' || t.status === 'failure' ? t : undefined;
  }, { timeoutMs: 55_000, signal, initialMs: 200, maxMs: 1000 }).catch(() => undefined);
  const imageId = task?.result?.image_id;
  if (imageId) await glance.deleteImage(ctx.session, imageId, signal);
}
