// The image matrix: which image is on which cloud. Rows are images by what they are: by the
// sha256 of the distributor's file that `upload REF` records, else by Glance's os_distro +
// os_version (+ architecture), else by name; columns are clouds; a cell holds that cloud's
// copies, newest first. Built from image listings only (no cloud is asked here).
import type { Image } from '../openstack/services/image';
import { endToEnd, sourceOf, type Verified } from './sourceRecord';

export interface CloudListing {
  cloud: string;
  images?: Image[];
  /** Why the cloud's images could not be listed (its column is then unknown, not empty). */
  error?: string;
}

export interface CellImage {
  id: string;
  name: string;
  status: string;
  size?: number;
  diskFormat?: string;
  createdAt?: string;
  /** Whole days since created_at, when the cloud says. */
  ageDays?: number;
  endToEnd: Verified;
}

export type RowKind = 'source' | 'os' | 'name';

export interface MatrixRow {
  /** Stable across refreshes: `sha256:HEX`, `os:DISTRO:VERSION/ARCH`, `name:NAME`. */
  key: string;
  kind: RowKind;
  /** What a person reads: `debian:12/x86_64@20241201-1948`, `ubuntu 24.04 x86_64`, a name. */
  label: string;
  /** For source rows, what sync fetches again (`debian:12/x86_64`); empty when unknown. */
  ref?: string;
  /** For source rows, the build (`20241201-1948`). */
  version?: string;
  sha256?: string;
  /** By cloud; a cloud without copies has no entry. */
  cells: Record<string, CellImage[]>;
}

export interface ImageMatrix {
  clouds: string[];
  errors: Record<string, string>;
  rows: MatrixRow[];
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function rowOf(image: Image): Omit<MatrixRow, 'cells'> {
  const source = sourceOf(image);
  if (source) {
    const label = source.ref ? `${source.ref}@${source.version}` : `sha256:${source.sha256.slice(0, 12)}…`;
    return { key: `sha256:${source.sha256}`, kind: 'source', label, sha256: source.sha256, ...(source.ref ? { ref: source.ref, version: source.version } : {}) };
  }
  const distro = text(image.os_distro).toLowerCase();
  const version = text(image.os_version);
  if (distro && version) {
    const arch = text(image.architecture);
    return { key: `os:${distro}:${version}/${arch}`, kind: 'os', label: [distro, version, arch].filter(Boolean).join(' ') };
  }
  const name = text(image.name) || image.id;
  return { key: `name:${name}`, kind: 'name', label: name };
}

function cellImage(image: Image, now: number): CellImage {
  const created = Date.parse(text(image.created_at));
  return {
    id: image.id,
    name: text(image.name),
    status: text(image.status),
    ...(typeof image.size === 'number' ? { size: image.size } : {}),
    ...(image.disk_format ? { diskFormat: image.disk_format } : {}),
    ...(image.created_at ? { createdAt: image.created_at } : {}),
    ...(Number.isFinite(created) ? { ageDays: Math.max(0, Math.floor((now - created) / 86_400_000)) } : {}),
    endToEnd: endToEnd(image, sourceOf(image)),
  };
}

const newestFirst = (a: CellImage, b: CellImage) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || a.id.localeCompare(b.id);
const KIND_ORDER: Record<RowKind, number> = { source: 0, os: 1, name: 2 };

/** Official images first, the builds of one reference newest first (as prune sees them), then by label. */
function rowOrder(a: MatrixRow, b: MatrixRow): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  if (a.ref && a.ref === b.ref) return (b.version ?? '').localeCompare(a.version ?? '');
  return a.label.localeCompare(b.label);
}

export function buildMatrix(listings: CloudListing[], now = Date.now()): ImageMatrix {
  const rows = new Map<string, MatrixRow>();
  const errors: Record<string, string> = {};
  for (const { cloud, images, error } of listings) {
    if (error !== undefined) errors[cloud] = error;
    for (const image of images ?? []) {
      const head = rowOf(image);
      const row = rows.get(head.key) ?? { ...head, cells: {} };
      rows.set(head.key, row);
      (row.cells[cloud] ??= []).push(cellImage(image, now));
    }
  }
  for (const row of rows.values()) for (const cell of Object.values(row.cells)) cell.sort(newestFirst);
  const sorted = [...rows.values()].sort(rowOrder);
  return { clouds: listings.map((l) => l.cloud), errors, rows: sorted };
}

/** A cloud has a row when one of its copies is active. */
export function presentOn(row: MatrixRow, cloud: string): CellImage | undefined {
  return row.cells[cloud]?.find((c) => c.status === 'active');
}

/** The clouds (that could be listed) where the row has no active copy: what sync uploads to. */
export function cloudsLacking(matrix: ImageMatrix, row: MatrixRow): string[] {
  return matrix.clouds.filter((c) => matrix.errors[c] === undefined && !presentOn(row, c));
}

export function rowBySha256(matrix: ImageMatrix, sha256: string): MatrixRow | undefined {
  return matrix.rows.find((r) => r.sha256 === sha256.toLowerCase());
}
