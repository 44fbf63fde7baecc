// Glance v2, one method per API call (§3.2, §3.4, §3.5). Business logic lives in images/.
import type { Session } from '../session';
import type { Readable } from 'node:stream';
import type { RequestBody } from '../http/transport';
import { collect, items, query } from './paging';

export interface Image {
  id: string;
  name: string;
  status: string;
  disk_format?: string;
  container_format?: string;
  size?: number;
  checksum?: string;
  os_hash_algo?: string;
  os_hash_value?: string;
  visibility?: string;
  created_at?: string;
  [property: string]: unknown;
}

export interface Task {
  id: string;
  type: string;
  status: 'pending' | 'processing' | 'success' | 'failure' | string;
  message?: string;
  result?: { image_id?: string } | null;
  /** Only in a task's own detail, not in the list. */
  input?: { image_properties?: Record<string, unknown> } & Record<string, unknown>;
}

const S = 'image';

export function listImages(session: Session, filters: { name?: string; limit?: number } = {}, signal?: AbortSignal): AsyncGenerator<Image> {
  // Glance reads `name=a:b` as operator `a` (HTTP 400); `eq:` keeps the whole name a value.
  const name = filters.name?.includes(':') ? `eq:${filters.name}` : filters.name;
  return items<Image>(session, { service: S, path: `images${query({ limit: filters.limit ?? 200, name })}`, key: 'images', signal });
}

export function findImagesByName(session: Session, name: string, signal?: AbortSignal): Promise<Image[]> {
  return collect(listImages(session, { name }, signal));
}

export async function showImage(session: Session, id: string, signal?: AbortSignal): Promise<Image | undefined> {
  const { status, body } = await session.jsonWithResponse<Image>({ service: S, method: 'GET', path: `images/${encodeURIComponent(id)}`, expect: [200, 404], signal });
  return status === 404 ? undefined : body;
}

export async function createImage(session: Session, fields: Record<string, unknown>, signal?: AbortSignal): Promise<{ image: Image; importMethods: string[] }> {
  const { body, response } = await session.jsonWithResponse<Image>({ service: S, method: 'POST', path: 'images', json: fields, signal });
  const methods = response.header('openstack-image-import-methods');
  return { image: body, importMethods: methods ? methods.split(',').map((m) => m.trim()).filter(Boolean) : [] };
}

/** PUT the image data (status queued -> saving -> active). Synchronous: 204 when stored. */
export async function putImageData(session: Session, id: string, body: RequestBody, size: number | undefined, signal?: AbortSignal): Promise<void> {
  await sendData(session, `images/${encodeURIComponent(id)}/file`, body, size, signal);
}

/**
 * GET the image data (the response body, unread, and its declared size). Glance answers 204 for an
 * image without data; undefined then. The body is the caller's to read or destroy.
 */
export async function downloadImageData(session: Session, id: string, signal?: AbortSignal): Promise<{ body: Readable; size: number; md5?: string } | undefined> {
  const res = await session.request({ service: S, method: 'GET', path: `images/${encodeURIComponent(id)}/file`, headers: { accept: 'application/octet-stream' }, expect: [200, 204], signal });
  if (res.status === 204) {
    await res.body.dump();
    return undefined;
  }
  return { body: res.body as unknown as Readable, size: Number(res.header('content-length')), md5: res.header('content-md5') };
}

/** glance-direct: PUT the data to the staging area (status becomes `uploading`). */
export async function stageImageData(session: Session, id: string, body: RequestBody, size: number | undefined, signal?: AbortSignal): Promise<void> {
  await sendData(session, `images/${encodeURIComponent(id)}/stage`, body, size, signal);
}

async function sendData(session: Session, path: string, body: RequestBody, size: number | undefined, signal?: AbortSignal): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (size !== undefined) headers['content-length'] = String(size);
  const res = await session.request({ service: S, method: 'PUT', path, headers, body, signal });
  await res.body.dump();
}

export async function importImage(session: Session, id: string, method: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
  const res = await session.request({ service: S, method: 'POST', path: `images/${encodeURIComponent(id)}/import`, json: method, signal, expect: [202] });
  await res.body.dump();
}

/** Sets properties with JSON-Patch (`add` creates or replaces a property). */
export async function setImageProperties(session: Session, id: string, properties: Record<string, string>, signal?: AbortSignal): Promise<Image> {
  const ops = Object.entries(properties).map(([k, v]) => ({ op: 'add', path: `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, value: v }));
  return session.json<Image>({
    service: S, method: 'PATCH', path: `images/${encodeURIComponent(id)}`, signal, idempotent: true,
    headers: { 'content-type': 'application/openstack-images-v2.1-json-patch' }, body: JSON.stringify(ops),
  });
}

/** Deletes an image; true if it existed. */
export async function deleteImage(session: Session, id: string, signal?: AbortSignal): Promise<boolean> {
  const res = await session.request({ service: S, method: 'DELETE', path: `images/${encodeURIComponent(id)}`, expect: [204, 200, 404], signal });
  await res.body.dump();
  return res.status !== 404;
}

export async function importMethods(session: Session, signal?: AbortSignal): Promise<string[]> {
  const { status, body } = await session.jsonWithResponse<{ 'import-methods'?: { value?: string[] } }>({ service: S, method: 'GET', path: 'info/import', expect: [200, 404], signal });
  return status === 404 ? [] : body['import-methods']?.value ?? [];
}

export async function createTask(session: Session, task: Record<string, unknown>, signal?: AbortSignal): Promise<Task> {
  return session.json<Task>({ service: S, method: 'POST', path: 'tasks', json: task, signal });
}

/** The newest `limit` import tasks the caller can see (one page, newest first, without their input). */
export async function recentImportTasks(session: Session, limit: number, signal?: AbortSignal): Promise<Task[]> {
  const body = await session.json<{ tasks?: Task[] }>({ service: S, method: 'GET', path: `tasks${query({ type: 'import', sort_key: 'created_at', sort_dir: 'desc', limit })}`, signal });
  return Array.isArray(body.tasks) ? body.tasks.slice(0, limit) : [];
}

export async function showTask(session: Session, id: string, signal?: AbortSignal): Promise<Task> {
  return session.json<Task>({ service: S, method: 'GET', path: `tasks/${encodeURIComponent(id)}`, signal });
}
