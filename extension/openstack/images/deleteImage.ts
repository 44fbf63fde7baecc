// Deleting an image with what our task-flow upload left next to it: the Swift copy an image keeps
// when it outlived the upload (§3.4 step 10), named by the image's `owner_specified.openstack.object`.
import type { Session } from '../session';
import { deleteImage, type Image } from '../services/image';
import { deleteObject } from '../services/objectStore';

export interface DeletedImage {
  imageId: string;
  existed: boolean;
  /** `container/object` of the Swift copy that was removed too. */
  removedObject?: string;
}

export async function deleteImageAndData(session: Session, image: Pick<Image, 'id'> & Record<string, unknown>, signal?: AbortSignal): Promise<DeletedImage> {
  const existed = await deleteImage(session, image.id, signal);
  const object = image['owner_specified.openstack.object'];
  if (!session.settings.imageApiUseTasks() || typeof object !== 'string' || !object.includes('/')) return { imageId: image.id, existed };
  const [container, ...rest] = object.split('/');
  // The copy may be gone already (the upload removes it when the import succeeded): not an error.
  const removed = await deleteObject(session, container, rest.join('/'), true, signal).then(() => true, () => false);
  return { imageId: image.id, existed, ...(removed ? { removedObject: object } : {}) };
}
