// An image URL before it is read: is it one we fetch (http/https only), how it is shown (never its
// credentials or query), and its disk format from its first bytes.
import { SourceHttp } from '../../baseImages/http';
import { SourceFetchError } from '../../baseImages/source';
import { discard } from '../http/limits';
import type { ProxySettings } from '../http/proxySettings';
import { detectFormatFromBytes, type DiskFormat } from './diskFormat';

export class UrlFetchError extends Error {}

/** The URL as shown in messages and logs: no user:password@, no query (signed URLs carry tokens there). */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(not a URL)';
  }
}

/** Why the text is not an image URL we fetch (only absolute http/https URLs), or undefined. */
export function imageUrlProblem(text: string): string | undefined {
  let u: URL;
  try {
    u = new URL(text.trim());
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `only http and https URLs (not ${u.protocol})`;
  if (!u.hostname) return 'the URL has no host';
  return undefined;
}

export interface UrlSourceOptions {
  maxBytes?: number;
  /** Idle time allowed for headers and between body bytes. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** How long the shared read waits for every target to be ready before it starts. */
  startAfterMs?: number;
  /** The editor's proxy; default: the environment's. */
  proxy?: ProxySettings;
}

/** Bytes from the start of an image that tell its format (an ISO's mark is at 0x8001). */
const HEAD_BYTES = 0x8010;

/**
 * The disk format of the image at the URL, from its first bytes (a Range request; a server that
 * ignores Range is cut off after them). A fixed VHD is only known by its footer: the name says it.
 */
export async function detectUrlFormat(url: string, options: UrlSourceOptions = {}): Promise<DiskFormat> {
  const problem = imageUrlProblem(url);
  if (problem) throw new UrlFetchError(`${displayUrl(url)}: ${problem}`);
  const http = new SourceHttp({ timeoutMs: options.timeoutMs ?? 30_000, proxy: options.proxy });
  try {
    const res = await http.get(url, { range: `bytes=0-${HEAD_BYTES - 1}` }, options.signal).catch((e: Error) => {
      if (options.signal?.aborted) throw e;
      throw new UrlFetchError(`${displayUrl(url)}: ${e instanceof SourceFetchError && e.status ? `HTTP ${e.status}` : 'not reachable'}`);
    });
    if (res.status !== 200 && res.status !== 206) {
      discard(res.body);
      throw new UrlFetchError(`${displayUrl(url)}: HTTP ${res.status}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= HEAD_BYTES) break;
    }
    if (!res.body.readableEnded) discard(res.body);
    const detected = detectFormatFromBytes(Buffer.concat(chunks).subarray(0, HEAD_BYTES), Buffer.alloc(0));
    const named = /\.(vhd|vhdx|vmdk|vdi|iso|raw)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase() as DiskFormat | undefined;
    return detected === 'raw' && named ? named : detected;
  } finally {
    await http.close();
  }
}
