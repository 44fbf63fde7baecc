// Lists that come in pages: each page is fetched only when the caller asks for more items. A
// server that never stops handing out `next` links (fresh markers every page) meets the
// session's page and item caps and a clear error, never an endless listing.
import type { Session } from '../session';
import { OpenStackError } from '../errors';

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
  let count = 0;
  while (path && !seen.has(path)) {
    if (seen.size >= session.limits.maxPages) throw tooLong(session, req, path, `${seen.size} pages`);
    seen.add(path);
    const body: Record<string, unknown> = await session.json<Record<string, unknown>>({ service: req.service, method: 'GET', path, signal: req.signal });
    const items = Array.isArray(body[req.key]) ? (body[req.key] as T[]) : [];
    count += items.length;
    if (count > session.limits.maxItems) throw tooLong(session, req, path, `${session.limits.maxItems} items`);
    yield items;
    if (items.length === 0) return;
    path = await nextPath(session, req.service, body, req.key, req.signal);
  }
}

function tooLong(session: Session, req: PageRequest, path: string, after: string): OpenStackError {
  return new OpenStackError(`the ${req.key} listing stopped after ${after} (the limit): the cloud keeps answering with a next page`, {
    cloud: session.settings.cloud, region: session.settings.regionName || undefined, service: req.service, method: 'GET', url: path, kind: 'http', secrets: session.secrets(),
  });
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
  if (typeof href !== 'string' || !href) return undefined;
  // Glance answers `/v2/images?marker=...` (relative to the service root, which may have a path
  // prefix); a proxy may answer another origin: resolveLink puts both on the endpoint.
  return session.resolveLink(service, href, signal);
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
