// Swift, one method per API call (§4).
import type { Session } from '../session';
import type { RequestBody } from '../http/transport';

const S = 'object-store';

export interface SwiftInfo {
  swift?: { max_file_size?: number };
  slo?: { min_segment_size?: number; max_manifest_segments?: number };
  tempurl?: { methods?: string[] };
}

/**
 * Why a container or object name cannot be used in a Swift URL, or undefined. A `.` or `..`
 * segment (also spelled `%2e`) is resolved away by every URL parser: `images/../other/x` would
 * address the container `other`. Control characters and backslashes have no place in our names.
 */
export function swiftNameProblem(container: string, object?: string): string | undefined {
  if (!container || container.includes('/')) return 'the container name is empty or has a "/"';
  for (const segment of [container, ...(object === undefined ? [] : object.split('/'))]) {
    if (/^(\.|%2e){1,2}$/i.test(segment)) return `"${segment}" is a relative path segment`;
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\\]/.test(segment)) return 'a control character or backslash';
  }
  return undefined;
}

/** The URL path of a container or object (relative to the account); refuses names that escape it. */
export function objectPath(container: string, object?: string): string {
  const problem = swiftNameProblem(container, object);
  if (problem) throw new Error(`refusing the Swift name ${JSON.stringify(`${container}/${object ?? ''}`.slice(0, 200))}: ${problem}`);
  return [container, ...(object ? object.split('/') : [])].map(encodeURIComponent).join('/');
}
const path = objectPath;

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

/** The segments an SLO manifest lists (`/container/object` each), as stored, not followed. */
export async function sloSegments(session: Session, container: string, object: string, signal?: AbortSignal): Promise<string[]> {
  const body = await session.json<unknown>({ service: S, method: 'GET', path: `${path(container, object)}?multipart-manifest=get`, expect: [200], signal });
  if (!Array.isArray(body)) throw new Error(`the manifest of ${container}/${object} is not a list`);
  return body.map((entry: { name?: unknown; path?: unknown }) => String(entry?.name ?? entry?.path ?? ''));
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
