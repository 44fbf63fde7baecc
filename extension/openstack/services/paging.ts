// Lists that come in pages: each page is fetched only when the caller asks for more items.
import type { Session } from '../session';

export interface PageRequest {
  service: string;
  path: string;
  /** The key of the items array in the body, e.g. `images`, `servers`. */
  key: string;
  signal?: AbortSignal;
}

/** Follows `next` (glance) or `<key>_links` rel=next (nova, neutron) until there is none. */
export async function* pages<T>(session: Session, req: PageRequest): AsyncGenerator<T[]> {
  let path: string | undefined = req.path;
  const seen = new Set<string>();
  while (path && !seen.has(path)) {
    seen.add(path);
    const body: Record<string, unknown> = await session.json<Record<string, unknown>>({ service: req.service, method: 'GET', path, signal: req.signal });
    const items = (body[req.key] as T[]) ?? [];
    yield items;
    if (items.length === 0) return;
    path = await nextPath(session, req.service, body, req.key, req.signal);
  }
}

export async function* items<T>(session: Session, req: PageRequest): AsyncGenerator<T> {
  for await (const page of pages<T>(session, req)) yield* page;
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function nextPath(session: Session, service: string, body: Record<string, unknown>, key: string, signal?: AbortSignal): Promise<string | undefined> {
  const links = body[`${key}_links`] as { rel?: string; href?: string }[] | undefined;
  const href = links?.find((l) => l.rel === 'next')?.href ?? (typeof body.next === 'string' ? body.next : undefined);
  if (!href) return undefined;
  if (/^https?:\/\//.test(href)) return href;
  // Glance answers `/v2/images?marker=...`: relative to the service root, which may have a path prefix.
  const endpoint = await session.endpoint(service, signal);
  const version = /\/(v\d+(?:\.\d+)?)$/.exec(endpoint)?.[1];
  if (version && href.startsWith(`/${version}/`)) return endpoint + href.slice(version.length + 1);
  return new URL(href, endpoint).toString();
}

export function query(params: Record<string, string | number | boolean | string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const item of v) q.append(k, item);
    else if (v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
