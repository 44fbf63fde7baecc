// Deleting an image with what our task-flow upload left next to it: the Swift copy an image keeps
// when it outlived the upload (§3.4 step 10), named by the image's `owner_specified.openstack.object`
// and removed only once uploadCopy.ts has shown it is that copy.
import type { Session } from '../session';
import { deleteImage, type Image } from '../services/image';
import { deleteObject } from '../services/objectStore';
import { recordedUploadCopy, verifyUploadCopy, type Verdict } from './uploadCopy';
import { failure } from './uploadContext';
import type { UploadResult } from './uploadImage';

export interface DeletedImage {
  imageId: string;
  existed: boolean;
  /** `container/object` of the Swift copy that was removed too. */
  removedObject?: string;
  /** The Swift object the image names but that was left alone, and why. */
  keptObject?: { object: string; reason: string };
}

export async function deleteImageAndData(session: Session, image: Pick<Image, 'id'> & Record<string, unknown>, signal?: AbortSignal): Promise<DeletedImage> {
  const existed = await deleteImage(session, image.id, signal);
  const done: DeletedImage = { imageId: image.id, existed };
  if (!session.settings.imageApiUseTasks()) return done;
  const recorded = recordedUploadCopy(image);
  if (!recorded) return done;
  const named = String(image['owner_specified.openstack.object']).slice(0, 300);
  const verdict: Verdict = 'refused' in recorded
    ? recorded
    : await verifyUploadCopy(session, image, recorded, signal).catch((e: Error) => ({ refused: `it could not be checked: ${e.message}` }));
  if ('refused' in verdict) return { ...done, keptObject: { object: named, reason: verdict.refused } };
  if ('gone' in verdict) return done;
  const { container, object } = verdict.copy;
  // The copy may have gone meanwhile (the upload removes it when the import succeeded): not an error.
  const removed = await deleteObject(session, container, object, verdict.withSegments, signal).then(() => true, () => false);
  return removed ? { ...done, removedObject: `${container}/${object}` } : done;
}

/**
 * A copy that is not the bytes it should be may not stay: the image this upload made is deleted
 * (one it found already there is left alone) and the target fails with `why`.
 */
export async function discardCopy(session: Session, result: UploadResult, why: string): Promise<Error> {
  if (result.skipped) return failure({ session }, `${why} (image ${result.image.id} was there before this upload: left as it is)`);
  const deleted = await deleteImage(session, result.image.id, AbortSignal.timeout(60_000)).then(() => undefined, (e: Error) => e);
  return failure({ session }, `${why}; ${deleted ? `deleting image ${result.image.id} failed: ${deleted.message}` : `image ${result.image.id} was deleted`}`);
}
