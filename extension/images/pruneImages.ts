// Old copies of an official image, as nodepool's builder keeps only the last few builds: on one
// cloud, our images (this project's, carrying our record of their source) of a distro/version are
// kept when they are among the newest N active ones or used by a server; the rest can go. Images
// still being made (queued, saving, importing) are never candidates: another upload may own them.
import type { ImageQuery } from '../openstack/images/imageBySource';
import { deleteImageAndData } from '../openstack/images/deleteImage';
import { collect, items } from '../openstack/services/paging';
import type { Image } from '../openstack/services/image';
import { listServers } from '../openstack/services/compute';
import type { Session } from '../openstack/session';
import { sourceOf } from './sourceRecord';

export interface PruneQuery extends ImageQuery {
  keep: number;
  /** Only images whose name starts so (a team's or a test's own). */
  namePrefix?: string;
  /** Only images of this project (Glance's `owner`): another project's public image is not ours to delete. */
  owner?: string;
}

export interface PrunePlan {
  keep: Image[];
  /** Older than the newest N but a server of this project boots from it. */
  inUse: Image[];
  remove: Image[];
}

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
const newestFirst = (a: Image, b: Image) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')) || b.id.localeCompare(a.id);

export function planPrune(images: Image[], usedImageIds: ReadonlySet<string>, q: PruneQuery): PrunePlan {
  const ours = images
    .filter((i) => i.status === 'active' && sourceOf(i) !== undefined)
    .filter((i) => same(i.os_distro, q.os_distro) && same(i.os_version, q.os_version) && (!q.architecture || same(i.architecture, q.architecture)))
    .filter((i) => !q.namePrefix || (typeof i.name === 'string' && i.name.startsWith(q.namePrefix)))
    .filter((i) => !q.owner || i.owner === q.owner)
    .sort(newestFirst);
  const old = ours.slice(q.keep);
  return { keep: ours.slice(0, q.keep), inUse: old.filter((i) => usedImageIds.has(i.id)), remove: old.filter((i) => !usedImageIds.has(i.id)) };
}

/** The ids of the images this project's servers were booted from (a volume-booted server names none). */
export async function imagesInUse(session: Session, signal?: AbortSignal): Promise<Set<string>> {
  const servers = await collect(listServers(session, {}, signal));
  return new Set(servers.map((s) => (typeof s.image === 'object' && s.image ? s.image.id : undefined)).filter((id): id is string => !!id));
}

export async function planPruneOn(session: Session, q: PruneQuery, signal?: AbortSignal): Promise<PrunePlan> {
  // Glance filters by property; the exact match is redone in planPrune.
  const params = new URLSearchParams({ os_distro: q.os_distro, os_version: q.os_version, limit: '200' });
  const [images, used, token] = await Promise.all([
    collect(items<Image>(session, { service: 'image', path: `images?${params}`, key: 'images', signal })),
    imagesInUse(session, signal),
    session.token(signal),
  ]);
  return planPrune(images, used, { ...q, owner: q.owner ?? token.projectId });
}

export interface PruneOutcome {
  deleted: string[];
  failed: { id: string; error: string }[];
}

export async function removePlanned(session: Session, plan: PrunePlan, signal?: AbortSignal): Promise<PruneOutcome> {
  const outcome: PruneOutcome = { deleted: [], failed: [] };
  for (const image of plan.remove) {
    try {
      await deleteImageAndData(session, image, signal);
      outcome.deleted.push(image.id);
    } catch (e) {
      outcome.failed.push({ id: image.id, error: (e as Error).message });
    }
  }
  return outcome;
}
