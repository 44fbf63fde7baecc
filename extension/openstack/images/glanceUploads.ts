// The Glance upload methods (§3.2 create + PUT, §3.5 glance-direct and web-download, §3.3 v1).
// Each creates the image record, registers its deletion for failure or cancel, sends the data,
// and returns the image once it is active with the checksum we computed.
import crypto from 'node:crypto';
import * as glance from '../services/image';
import * as glanceV1 from '../services/imageV1';
import { pollUntil, PollTimeout } from '../poll';
import { failure, hashProperties, verifyStoredChecksum, type UploadContext } from './uploadContext';
import type { Image } from '../services/image';

function createFields(ctx: UploadContext): Record<string, unknown> {
  return { name: ctx.name, disk_format: ctx.diskFormat, container_format: ctx.containerFormat, ...ctx.fields, ...ctx.properties };
}

/** A property naming this attempt, so an image made by a POST whose answer was lost can be found. */
export const ATTEMPT_PROPERTY = 'openstack_clouds_attempt';

async function createRecord(ctx: UploadContext): Promise<{ image: Image; importMethods: string[] }> {
  const attempt = crypto.randomUUID();
  let created;
  try {
    created = await glance.createImage(ctx.session, { ...createFields(ctx), [ATTEMPT_PROPERTY]: attempt }, ctx.signal);
  } catch (e) {
    // The answer may have been lost after glance made the record: find it and delete it with the attempt.
    ctx.cleanup.add(`delete an image made by a failed create`, async (signal) => {
      for (const img of await glance.findImagesByName(ctx.session, ctx.name, signal)) {
        if (img[ATTEMPT_PROPERTY] === attempt) await glance.deleteImage(ctx.session, img.id, signal);
      }
    });
    throw e;
  }
  const id = created.image.id;
  ctx.cleanup.add(`delete image ${id}`, (signal) => glance.deleteImage(ctx.session, id, signal));
  return created;
}

function dataStream(ctx: UploadContext) {
  if (!ctx.data) throw failure(ctx, 'no image data to upload');
  return ctx.data.open((n) => ctx.meter.add(n));
}

/** After the data: the hashes we computed become image properties (unless create already had them). */
async function recordHashes(ctx: UploadContext, image: Image): Promise<Image> {
  const hashes = await ctx.data?.hashesAfterRead();
  if (!hashes) return image;
  await verifyStoredChecksum(ctx, image.checksum, hashes);
  const wanted = hashProperties(hashes, ctx.container, ctx.name);
  const missing = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => image[k] !== v));
  if (Object.keys(missing).length === 0) return image;
  return glance.setImageProperties(ctx.session, image.id, missing, ctx.signal);
}

export async function waitForActive(ctx: UploadContext, id: string, importing: boolean): Promise<Image> {
  try {
    return await pollUntil(async () => {
      const image = await glance.showImage(ctx.session, id, ctx.signal);
      if (!image) throw failure(ctx, `image ${id} disappeared while importing`);
      if (image.status === 'active') return image;
      if (['killed', 'deleted', 'pending_delete'].includes(image.status)) throw failure(ctx, `image ${id} ended in status ${image.status}`);
      const failedStores = image.os_glance_failed_import;
      if (importing && typeof failedStores === 'string' && failedStores) throw failure(ctx, `import failed for store(s) ${failedStores}`);
      return undefined;
    }, { timeoutMs: ctx.importTimeoutMs, signal: ctx.signal, initialMs: 150, maxMs: 2000 });
  } catch (e) {
    if (e instanceof PollTimeout) throw failure(ctx, `image ${id} not active after ${Math.round(ctx.importTimeoutMs / 1000)} s`);
    throw e;
  }
}

export async function uploadByPut(ctx: UploadContext): Promise<Image> {
  const { image } = await createRecord(ctx);
  ctx.meter.setPhase('uploading');
  await glance.putImageData(ctx.session, image.id, dataStream(ctx), ctx.data!.size, ctx.signal);
  ctx.meter.setPhase('finishing');
  const stored = await glance.showImage(ctx.session, image.id, ctx.signal);
  if (!stored || stored.status !== 'active') throw failure(ctx, `image ${image.id} is ${stored?.status ?? 'gone'} after the upload`);
  return recordHashes(ctx, stored);
}

async function importMethodsOf(ctx: UploadContext, advertised: string[]): Promise<string[]> {
  return advertised.length ? advertised : glance.importMethods(ctx.session, ctx.signal);
}

export async function uploadByGlanceDirect(ctx: UploadContext): Promise<Image> {
  const { image, importMethods } = await createRecord(ctx);
  const methods = await importMethodsOf(ctx, importMethods);
  if (!methods.includes('glance-direct')) {
    // The cloud has no interoperable import (P-12): the plain upload still works on the same record.
    ctx.meter.setPhase('uploading', 'glance-direct not offered: uploading with PUT');
    await glance.putImageData(ctx.session, image.id, dataStream(ctx), ctx.data!.size, ctx.signal);
    return recordHashes(ctx, await waitForActive(ctx, image.id, false));
  }
  ctx.meter.setPhase('uploading');
  await glance.stageImageData(ctx.session, image.id, dataStream(ctx), ctx.data!.size, ctx.signal);
  ctx.meter.setPhase('importing');
  await glance.importImage(ctx.session, image.id, { method: { name: 'glance-direct' } }, ctx.signal);
  return recordHashes(ctx, await waitForActive(ctx, image.id, true));
}

export async function uploadByWebDownload(ctx: UploadContext): Promise<Image> {
  if (!ctx.sourceUrl) throw failure(ctx, 'web-download needs the URL of the image');
  const { image, importMethods } = await createRecord(ctx);
  const methods = await importMethodsOf(ctx, importMethods);
  if (!methods.includes('web-download')) throw failure(ctx, `the cloud does not offer web-download (offers: ${methods.join(', ') || 'no import methods'})`);
  ctx.meter.setPhase('importing');
  await glance.importImage(ctx.session, image.id, { method: { name: 'web-download', uri: ctx.sourceUrl } }, ctx.signal);
  return waitForActive(ctx, image.id, true);
}

export async function uploadByV1(ctx: UploadContext): Promise<Image> {
  const fields = { name: ctx.name, disk_format: ctx.diskFormat, container_format: ctx.containerFormat, ...ctx.fields };
  const image = await glanceV1.createImageV1(ctx.session, fields, ctx.properties, ctx.signal);
  ctx.cleanup.add(`delete image ${image.id}`, (signal) => glanceV1.deleteImageV1(ctx.session, image.id, signal));
  ctx.meter.setPhase('uploading');
  const stored = await glanceV1.uploadImageV1(ctx.session, image.id, dataStream(ctx), ctx.data!.size, ctx.signal);
  const hashes = await ctx.data?.hashesAfterRead();
  if (hashes) await verifyStoredChecksum(ctx, stored.checksum, hashes);
  if (!hashes || ctx.properties['owner_specified.openstack.md5']) return stored;
  return glanceV1.setImagePropertiesV1(ctx.session, image.id, hashProperties(hashes, ctx.container, ctx.name), ctx.signal);
}
