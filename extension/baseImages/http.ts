// GET requests to image sources: one undici dispatcher (the same loading as the cloud transport,
// so nothing global changes; the environment's proxy settings apply), redirects followed a few
// times and only to http(s) (download.fedoraproject.org is a redirector), idle timeouts, and
// small files read with a size bound.
import { Agent, EnvHttpProxyAgent, dispatch, type Dispatcher } from '../openstack/http/undici';
import { proxySettings } from '../openstack/http/proxySettings';
import { SourceFetchError } from './source';

export interface SourceResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  header(name: string): string | undefined;
  body: Dispatcher.ResponseData['body'];
}

export interface SourceHttpOptions {
  /** Idle time allowed for headers and between body bytes. */
  timeoutMs?: number;
  maxRedirects?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Ubuntu's released:download.json lists every build of every release: tens of MiB.
export const MAX_INDEX_BYTES = 64 * 1024 * 1024;

export class SourceHttp {
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;

  constructor(options: SourceHttpOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRedirects = options.maxRedirects ?? 5;
    const common = { headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, connect: { timeout: Math.min(this.timeoutMs, 15_000) } };
    const proxy = proxySettings();
    this.dispatcher = proxy ? new EnvHttpProxyAgent({ ...common, ...proxy }) : new Agent(common);
  }

  /** GET, following redirects; any status is returned (the caller decides). */
  async get(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<SourceResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const target = new URL(current);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new SourceFetchError(url, undefined, `redirected to a ${target.protocol} URL`);
      let res: Dispatcher.ResponseData;
      try {
        res = await dispatch(this.dispatcher, {
          origin: target.origin, path: target.pathname + target.search, method: 'GET',
          headers: { 'user-agent': 'openstack-clouds', ...headers }, signal,
        });
      } catch (e) {
        if (signal?.aborted) throw e;
        throw new SourceFetchError(current, undefined, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
      }
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode) && typeof location === 'string') {
        res.body.resume();
        if (hop >= this.maxRedirects) throw new SourceFetchError(url, res.statusCode, `more than ${this.maxRedirects} redirects`);
        current = new URL(location, current).href;
        continue;
      }
      return {
        status: res.statusCode, url: current, body: res.body,
        header: (name) => {
          const v = res.headers[name.toLowerCase()];
          return Array.isArray(v) ? v[0] : v;
        },
      };
    }
  }

  /** A small text file (index, listing, checksums); undefined on 404/410 when `missingOk`. */
  async text(url: string, options: { missingOk?: boolean; maxBytes?: number; signal?: AbortSignal } = {}): Promise<string | undefined> {
    const res = await this.get(url, { accept: '*/*' }, options.signal);
    if (options.missingOk && (res.status === 404 || res.status === 410)) {
      res.body.resume();
      return undefined;
    }
    if (res.status < 200 || res.status > 299) {
      res.body.resume();
      throw new SourceFetchError(res.url, res.status, '');
    }
    const limit = options.maxBytes ?? MAX_INDEX_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        res.body.destroy();
        throw new SourceFetchError(res.url, undefined, `larger than ${limit} bytes: not an index or checksum file`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
