// Finding an image by what it is rather than by its name: on each cloud, the newest active image
// whose os_distro / os_version / architecture (Glance's common properties) match, ours or the
// vendor's. An image that does not say its architecture counts only when none that says so fits.
import type { Session } from '../session';
import { items, collect } from '../services/paging';
import type { Image } from '../services/image';

export interface ImageQuery {
  os_distro: string;
  os_version: string;
  /** Glance's (the kernel's) name: x86_64, aarch64. */
  architecture?: string;
}

export function describeQuery(q: ImageQuery): string {
  return `os_distro=${q.os_distro} os_version=${q.os_version}${q.architecture ? ` architecture=${q.architecture}` : ''}`;
}

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** The best match among listed images, or undefined. */
export function pickImage(images: Image[], q: ImageQuery): Image | undefined {
  const fitting = images.filter((i) => i.status === 'active' && same(i.os_distro, q.os_distro) && same(i.os_version, q.os_version));
  const rank = (i: Image) => (!q.architecture || same(i.architecture, q.architecture) ? 2 : i.architecture === undefined ? 1 : 0);
  const best = Math.max(0, ...fitting.map(rank));
  if (best === 0) return undefined;
  return fitting.filter((i) => rank(i) === best).sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')))[0];
}

/** Asks Glance for the images with these properties (its property filters), then picks. */
export async function findImageBySource(session: Session, q: ImageQuery, signal?: AbortSignal): Promise<Image | undefined> {
  const params = new URLSearchParams({ os_distro: q.os_distro, os_version: q.os_version, status: 'active', limit: '200' });
  return pickImage(await collect(items<Image>(session, { service: 'image', path: `images?${params}`, key: 'images', signal })), q);
}
