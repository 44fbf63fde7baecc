// GET requests to image sources: redirects followed a few times and only to http(s)
// (download.fedoraproject.org is a redirector), idle timeouts, and small files read with a size
// bound. Without a proxy each GET is one HTTP/1.1 exchange on its own connection (httpGet.ts: a
// gigabyte's body straight from the socket); with the environment's proxy settings, an undici
// dispatcher (the same loading as the cloud transport, so nothing global changes) does the proxying.
import type { Readable } from 'node:stream';
import { dispatch, envProxyAgent, type Dispatcher } from '../openstack/http/undici';
import { discard } from '../openstack/http/limits';
import { proxySettings, type ProxySettings } from '../openstack/http/proxySettings';
import { httpGet } from './httpGet';
import { SourceFetchError } from './source';

export interface SourceResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  header(name: string): string | undefined;
  body: Readable;
}

export interface SourceHttpOptions {
  /** Idle time allowed for headers and between body bytes. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** PEM of the CAs to trust instead of the system's (tests; without a proxy). */
  ca?: string;
  /** The editor's proxy (VS Code's `http.proxy`); default: the environment's (HTTP_PROXY...). */
  proxy?: ProxySettings;
}

interface Answer {
  status: number;
  header(name: string): string | undefined;
  body: Readable;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Ubuntu's released:download.json lists every build of every release: tens of MiB.
export const MAX_INDEX_BYTES = 64 * 1024 * 1024;

export class SourceHttp {
  /** Set when the environment names a proxy; else requests go out on their own connections. */
  private readonly proxied?: Dispatcher;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly ca?: string;

  constructor(options: SourceHttpOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.ca = options.ca;
    const proxy = options.proxy ?? proxySettings();
    const common = { headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, connect: { timeout: Math.min(this.timeoutMs, 15_000) } };
    if (proxy) this.proxied = envProxyAgent({ ...common, ...proxy });
  }

  /** GET, following redirects; any status is returned (the caller decides). */
  async get(url: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<SourceResponse> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const target = new URL(current);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new SourceFetchError(url, undefined, `redirected to a ${target.protocol} URL`);
      let res: Answer;
      try {
        res = await this.exchange(target, { 'user-agent': 'openstack-clouds', ...headers }, signal);
      } catch (e) {
        if (signal?.aborted) throw e;
        throw new SourceFetchError(current, undefined, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
      }
      const location = res.header('location');
      if (REDIRECTS.has(res.status) && location !== undefined) {
        discard(res.body);
        if (hop >= this.maxRedirects) throw new SourceFetchError(url, res.status, `more than ${this.maxRedirects} redirects`);
        current = new URL(location, current).href;
        continue;
      }
      return { ...res, url: current };
    }
  }

  private async exchange(target: URL, headers: Record<string, string>, signal?: AbortSignal): Promise<Answer> {
    if (!this.proxied) {
      const res = await httpGet(target, headers, { timeoutMs: this.timeoutMs, signal, ca: this.ca });
      return { status: res.status, body: res.body, header: (name) => res.fields.get(name.toLowerCase())?.[0] };
    }
    const res = await dispatch(this.proxied, { origin: target.origin, path: target.pathname + target.search, method: 'GET', headers, signal });
    return {
      status: res.statusCode, body: res.body,
      header: (name) => {
        const v = res.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
    };
  }

  /** A small text file (index, listing, checksums); undefined on 404/410 when `missingOk`. */
  async text(url: string, options: { missingOk?: boolean; maxBytes?: number; signal?: AbortSignal } = {}): Promise<string | undefined> {
    const res = await this.get(url, { accept: '*/*' }, options.signal);
    if (options.missingOk && (res.status === 404 || res.status === 410)) {
      discard(res.body);
      return undefined;
    }
    if (res.status < 200 || res.status > 299) {
      discard(res.body);
      throw new SourceFetchError(res.url, res.status, '');
    }
    const limit = options.maxBytes ?? MAX_INDEX_BYTES;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        discard(res.body);
        throw new SourceFetchError(res.url, undefined, `larger than ${limit} bytes: not an index or checksum file`);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async close(): Promise<void> {
    await this.proxied?.close();
  }
}
