// The matrix from live clouds, and sync: an official image (fetched and verified by
// baseImages/) uploaded by the upload-by-reference path to the clouds that have no active copy
// of it, recognised by the sha256 of the distributor's file, whatever each copy is named.
import type { FetchResult } from '../baseImages/fetchImage';
import { collect } from '../openstack/services/paging';
import { listImages } from '../openstack/services/image';
import type { Session } from '../openstack/session';
import { uploadSourceImage, type SourceImage, type SourceUploadReport } from '../openstack/images/sourceImageUpload';
import type { FanOutOptions } from '../openstack/images/fanOutUpload';
import { buildMatrix, cloudsLacking, presentOn, rowBySha256, type CellImage, type CloudListing, type ImageMatrix } from './imageMatrix';
import { sourceImageName, sourceProperties } from './sourceRecord';

/** Lists every cloud's images at once; a cloud that fails gets its error, the others their column. */
export async function listingsOf(sessions: Session[], signal?: AbortSignal): Promise<CloudListing[]> {
  return Promise.all(sessions.map(async (s): Promise<CloudListing> => {
    try {
      return { cloud: s.label, images: await collect(listImages(s, {}, signal)) };
    } catch (e) {
      return { cloud: s.label, error: (e as Error).message };
    }
  }));
}

export async function matrixOf(sessions: Session[], signal?: AbortSignal): Promise<ImageMatrix> {
  return buildMatrix(await listingsOf(sessions, signal));
}

export interface SyncPlan {
  /** Clouds with an active copy already. */
  present: { cloud: string; image: CellImage }[];
  /** Clouds to upload to. */
  lacking: Session[];
  /** Clouds whose images could not be listed: neither skipped nor uploaded to. */
  unknown: { cloud: string; error: string }[];
}

export function planSync(matrix: ImageMatrix, sessions: Session[], sha256: string): SyncPlan {
  const row = rowBySha256(matrix, sha256);
  const lacking = new Set(row ? cloudsLacking(matrix, row) : matrix.clouds.filter((c) => matrix.errors[c] === undefined));
  return {
    present: row ? matrix.clouds.flatMap((cloud) => { const image = presentOn(row, cloud); return image ? [{ cloud, image }] : []; }) : [],
    lacking: sessions.filter((s) => lacking.has(s.label)),
    unknown: Object.entries(matrix.errors).map(([cloud, error]) => ({ cloud, error })),
  };
}

/** The upload-by-reference payload of a fetched image (name: ours unless given). */
export function sourceImageOf(fetched: FetchResult, name?: string): SourceImage {
  return { file: fetched.path, name: name ?? sourceImageName(fetched), properties: sourceProperties(fetched), published: fetched.record.digest };
}

export interface SyncReport extends SyncPlan {
  /** The uploads to the lacking clouds (none when no cloud lacked it). */
  upload?: SourceUploadReport;
}

type UploadOptions = Omit<FanOutOptions, 'file' | 'name' | 'properties'>;

/** Lists, plans and uploads to the clouds lacking the fetched image. */
export async function syncSourceImage(sessions: Session[], fetched: FetchResult, options: UploadOptions & { name?: string }): Promise<SyncReport> {
  const plan = planSync(await matrixOf(sessions, options.signal), sessions, fetched.record.hashes.sha256!);
  if (!plan.lacking.length) return plan;
  const { name, ...upload } = options;
  return { ...plan, upload: await uploadSourceImage(plan.lacking, sourceImageOf(fetched, name), upload) };
}
