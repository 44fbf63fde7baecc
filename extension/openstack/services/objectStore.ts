// Swift, one method per API call (§4).
import type { Session } from '../session';
import type { RequestBody } from '../http/transport';

const S = 'object-store';

export interface SwiftInfo {
  swift?: { max_file_size?: number };
  slo?: { min_segment_size?: number; max_manifest_segments?: number };
  tempurl?: { methods?: string[] };
}

const path = (container: string, object?: string) =>
  [container, ...(object ? object.split('/') : [])].map(encodeURIComponent).join('/');

/** GET /info at the root of the Swift host (outside /v1); undefined when not offered. */
export async function swiftInfo(session: Session, signal?: AbortSignal): Promise<SwiftInfo | undefined> {
  const endpoint = await session.endpoint(S, signal);
  const root = new URL(endpoint);
  root.pathname = root.pathname.replace(/\/v1(\/.*)?$/, '') + '/info';
  const { status, body } = await session.jsonWithResponse<SwiftInfo>({ service: S, method: 'GET', path: root.toString(), expect: [200, 404, 412], signal });
  return status === 200 ? body : undefined;
}

export async function ensureContainer(session: Session, container: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<void> {
  const res = await session.request({ service: S, method: 'PUT', path: path(container), headers, expect: [201, 202, 204], signal });
  await res.body.dump();
}

export async function containerMetadata(session: Session, container: string, signal?: AbortSignal): Promise<Record<string, string | string[] | undefined>> {
  const res = await session.request({ service: S, method: 'HEAD', path: path(container), expect: [200, 204], signal });
  await res.body.dump();
  return res.headers;
}

export async function setContainerMetadata(session: Session, container: string, headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
  const res = await session.request({ service: S, method: 'POST', path: path(container), headers, expect: [202, 204], signal, idempotent: true });
  await res.body.dump();
}

/** PUT an object; resolves with the Etag Swift computed. */
export async function putObject(session: Session, container: string, object: string, body: RequestBody, size: number, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<string | undefined> {
  const res = await session.request({
    service: S, method: 'PUT', path: path(container, object), body, signal, expect: [201],
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size), ...headers },
  });
  await res.body.dump();
  return res.header('etag')?.replace(/"/g, '');
}

export interface SloSegment {
  path: string;
  size_bytes: number;
  etag?: string;
}

export async function putSloManifest(session: Session, container: string, object: string, segments: SloSegment[], headers: Record<string, string> = {}, signal?: AbortSignal): Promise<void> {
  const res = await session.request({
    service: S, method: 'PUT', path: `${path(container, object)}?multipart-manifest=put`, signal, expect: [201], idempotent: true,
    headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(segments),
  });
  await res.body.dump();
}

export async function objectMetadata(session: Session, container: string, object: string, signal?: AbortSignal): Promise<Record<string, string | string[] | undefined> | undefined> {
  const res = await session.request({ service: S, method: 'HEAD', path: path(container, object), expect: [200, 404], signal });
  await res.body.dump();
  return res.status === 404 ? undefined : res.headers;
}

/** Deletes an object; for an SLO manifest `withSegments` removes its segments too. */
export async function deleteObject(session: Session, container: string, object: string, withSegments = false, signal?: AbortSignal): Promise<void> {
  const res = await session.request({
    service: S, method: 'DELETE', path: `${path(container, object)}${withSegments ? '?multipart-manifest=delete' : ''}`, expect: [200, 204, 404], signal,
  });
  await res.body.dump();
}

export async function listObjects(session: Session, container: string, prefix: string, signal?: AbortSignal): Promise<string[]> {
  const { status, body } = await session.jsonWithResponse<{ name: string }[]>({ service: S, method: 'GET', path: `${path(container)}?format=json&prefix=${encodeURIComponent(prefix)}`, expect: [200, 204, 404], signal });
  return status === 200 && Array.isArray(body) ? body.map((o) => o.name) : [];
}
