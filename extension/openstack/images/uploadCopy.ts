// The Swift copy a task-flow upload leaves beside an image (§3.4): which object the image names,
// and whether the object in Swift really is that copy. An image's properties are cloud data that
// anyone who can edit the image (or share one with us) controls, so deleting an image removes a
// Swift object only when every check below holds; otherwise the object stays (our upload set
// X-Delete-After on it, so Swift removes it within a day anyway).
import type { Session } from '../session';
import type { Image } from '../services/image';
import * as swift from '../services/objectStore';
import { HASH_PROPERTY, TASK_CONTAINER } from './uploadContext';

export interface UploadCopy {
  container: string;
  object: string;
}

export type Verdict = { copy: UploadCopy; withSegments: boolean } | { refused: string } | { gone: true };

/** Swift's own limit on object names (bytes). */
const MAX_OBJECT_NAME = 1024;
/** Swift's default `max_manifest_segments` is 1000: a longer list is not one we wrote. */
const MAX_SEGMENTS = 10_000;

type ImageLike = Pick<Image, 'id'> & Record<string, unknown>;

/**
 * The object the image's `owner_specified.openstack.object` names, when it has the one shape our
 * upload records: `images/<the image's own name>`, a name Swift would not resolve elsewhere.
 */
export function recordedUploadCopy(image: ImageLike): UploadCopy | { refused: string } | undefined {
  const recorded = image[HASH_PROPERTY.object];
  if (recorded === undefined) return undefined;
  if (typeof recorded !== 'string' || !recorded.startsWith(`${TASK_CONTAINER}/`)) return { refused: `not in the container "${TASK_CONTAINER}" our uploads use` };
  const object = recorded.slice(TASK_CONTAINER.length + 1);
  if (!object || Buffer.byteLength(object) > MAX_OBJECT_NAME) return { refused: 'the object name is empty or too long' };
  if (object.split('/').some((segment) => segment === '')) return { refused: 'the object name has an empty path segment' };
  const problem = swift.swiftNameProblem(TASK_CONTAINER, object);
  if (problem) return { refused: problem };
  if (typeof image.name === 'string' && image.name !== object) return { refused: 'it is not named like the image (our upload names the object after the image)' };
  return { container: TASK_CONTAINER, object };
}

/**
 * Whether the named object is the copy our upload made of this image: in our own account (the
 * image's project is the token's), marked as made by an upload, with the image's sha256, and, for
 * a large object, with segments only under its own name in the same container.
 */
export async function verifyUploadCopy(session: Session, image: ImageLike, copy: UploadCopy, signal?: AbortSignal): Promise<Verdict> {
  const project = (await session.token(signal)).projectId;
  if (typeof image.owner === 'string' && image.owner !== project) return { refused: 'the image belongs to another project (its Swift account is not ours)' };
  const meta = await swift.objectMetadata(session, copy.container, copy.object, signal);
  if (!meta) return { gone: true };
  if (!isTrue(meta['x-object-meta-x-sdk-autocreated'])) return { refused: 'the object was not made by an image upload' };
  const sha256 = image[HASH_PROPERTY.sha256];
  if (typeof sha256 !== 'string' || !sha256 || meta['x-object-meta-x-sdk-sha256'] !== sha256) return { refused: "the object's sha256 is not the image's" };
  if (meta['x-object-manifest'] !== undefined) return { refused: 'the object is a dynamic large object, which our upload never makes' };
  if (!isTrue(meta['x-static-large-object'])) return { copy, withSegments: false };
  const segments = await swift.sloSegments(session, copy.container, copy.object, signal);
  const own = new RegExp(`^/${escapeRegExp(copy.container)}/${escapeRegExp(copy.object)}/\\d{6}$`);
  if (segments.length > MAX_SEGMENTS || !segments.every((s) => own.test(s))) return { refused: 'its manifest lists segments that are not its own' };
  return { copy, withSegments: true };
}

/** Swift answers `X-Static-Large-Object: True`; metadata keeps the case it was given. */
const isTrue = (header: unknown) => typeof header === 'string' && header.toLowerCase() === 'true';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
