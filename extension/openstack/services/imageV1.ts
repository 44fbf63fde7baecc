// Glance v1 (legacy, §3.3): metadata travels in x-image-meta-* headers.
import type { Session } from '../session';
import type { RequestBody } from '../http/transport';
import type { Image } from './image';

const S = 'image';

function metaHeaders(fields: Record<string, unknown>, properties: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) headers[`x-image-meta-${k}`] = String(v);
  for (const [k, v] of Object.entries(properties)) headers[`x-image-meta-property-${k}`] = v;
  return headers;
}

export async function createImageV1(session: Session, fields: Record<string, unknown>, properties: Record<string, string>, signal?: AbortSignal): Promise<Image> {
  const body = await session.json<{ image: Image }>({ service: S, method: 'POST', path: 'images', headers: metaHeaders(fields, properties), signal });
  return body.image;
}

export async function uploadImageV1(session: Session, id: string, data: RequestBody, size: number, signal?: AbortSignal): Promise<Image> {
  const body = await session.json<{ image: Image }>({
    service: S, method: 'PUT', path: `images/${encodeURIComponent(id)}`, body: data, signal,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size), 'x-glance-registry-purge-props': 'false' },
  });
  return body.image;
}

export async function setImagePropertiesV1(session: Session, id: string, properties: Record<string, string>, signal?: AbortSignal): Promise<Image> {
  const body = await session.json<{ image: Image }>({
    service: S, method: 'PUT', path: `images/${encodeURIComponent(id)}`, signal,
    headers: { ...metaHeaders({}, properties), 'x-glance-registry-purge-props': 'false' },
  });
  return body.image;
}

export async function deleteImageV1(session: Session, id: string, signal?: AbortSignal): Promise<void> {
  const res = await session.request({ service: S, method: 'DELETE', path: `images/${encodeURIComponent(id)}`, expect: [200, 204, 404], signal });
  await res.body.dump();
}
