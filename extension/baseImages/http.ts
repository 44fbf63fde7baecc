// GET requests to image sources: redirects followed a few times and only to http(s)
// (download.fedoraproject.org is a redirector), idle timeouts, and small files read with a size
// bound. Without a proxy each GET is one HTTP/1.1 exchange on its own connection (httpGet.ts: a
// gigabyte's body straight from the socket); with the environment's proxy settings, an undici
// dispatcher (the same loading as the cloud transport, so nothing global changes) does the proxying.
// An https source is verified with the CA bundle openstacksdk would use for a cloud
// (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, the system's: trustStore.ts), read when the first https
// request needs it.
import type { LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { dispatch, envProxyAgent, type Dispatcher } from '../openstack/http/undici';
import { discard } from '../openstack/http/limits';
import { proxySettings, type ProxySettings } from '../openstack/http/proxySettings';
import { defaultTlsContext, type TlsContextOptions } from '../openstack/http/tls';
import { copyInto, type BodySink } from './bodySink';
import { httpGet } from './httpGet';
import { SourceFetchError } from './source';

export interface SourceResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  header(name: string): string | undefined;
  body: Readable;
  /** Reads the body into the sink instead of `body` (straight from the socket where it can). */
  readInto(sink: BodySink): Promise<void>;
}

export interface SourceHttpOptions {
  /** Idle time allowed for headers and between body bytes. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** The editor's proxy (VS Code's `http.proxy`); default: the environment's (HTTP_PROXY...). */
  proxy?: ProxySettings;
  /**
   * Resolves host names for direct connections, where a guard can refuse an address at the moment
   * of connecting (profileGuard.ts); through a proxy, the proxy resolves.
   */
  lookup?: LookupFunction;
}

type Answer = Omit<SourceResponse, 'url'>;

const DEFAULT_TIMEOUT_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Ubuntu's released:download.json lists every build of every release: tens of MiB.
export const MAX_INDEX_BYTES = 64 * 1024 * 1024;

export class SourceHttp {
  /** Set when the environment names a proxy; else requests go out on their own connections. */
  private readonly proxy?: ProxySettings;
  /** The proxying dispatchers, made on first use: for http:// targets, and for https:// ones with our CAs. */
  private readonly proxied = new Map<'http:' | 'https:', Dispatcher>();
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly lookup?: LookupFunction;
  private trust?: { context: TlsContextOptions | undefined };

  constructor(options: SourceHttpOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.proxy = options.proxy ?? proxySettings();
    this.lookup = options.lookup;
  }

  /** The CAs https sources are verified with; throws when the chosen bundle cannot be read. */
  private tlsContext(): TlsContextOptions | undefined {
    this.trust ??= { context: defaultTlsContext() };
    return this.trust.context;
  }

  private proxiedFor(protocol: 'http:' | 'https:', proxy: ProxySettings): Dispatcher {
    let dispatcher = this.proxied.get(protocol);
    if (!dispatcher) {
      // The CAs serve the tunnelled requests (requestTls) and those NO_PROXY sends direct (connect).
      const tlsOptions = (protocol === 'https:' ? this.tlsContext() : undefined) ?? {};
      dispatcher = envProxyAgent({
        headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs, connect: { timeout: Math.min(this.timeoutMs, 15_000), ...tlsOptions },
        requestTls: tlsOptions, ...proxy,
      });
      this.proxied.set(protocol, dispatcher);
    }
    return dispatcher;
  }

  /**
   * One GET, a redirect returned rather than followed: for a caller that judges every hop itself
   * (a remote vendor profile, whose URL a workspace file may name).
   */
  readonly getOnce = async (url: string, signal?: AbortSignal): Promise<SourceResponse> => {
    const target = new URL(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new SourceFetchError(url, undefined, `not an http(s) URL`);
    const res = await this.exchange(target, { 'user-agent': 'openstack-clouds', accept: 'application/json' }, signal);
    return { ...res, url };
  };

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
    const protocol = target.protocol as 'http:' | 'https:';
    if (!this.proxy) {
      const tlsContext = protocol === 'https:' ? this.tlsContext() : undefined;
      const res = await httpGet(target, headers, { timeoutMs: this.timeoutMs, signal, tlsContext, lookup: this.lookup });
      return { status: res.status, body: res.body, readInto: res.readInto, header: (name) => res.fields.get(name.toLowerCase())?.[0] };
    }
    const res = await dispatch(this.proxiedFor(protocol, this.proxy), { origin: target.origin, path: target.pathname + target.search, method: 'GET', headers, signal });
    return {
      status: res.statusCode, body: res.body,
      readInto: (sink) => copyInto(res.body, sink),
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
    await Promise.all([...this.proxied.values()].map((dispatcher) => dispatcher.close()));
  }
}

/** Runs `use` with a SourceHttp, closed afterwards (its proxy connections, if any). */
export async function withSourceHttp<T>(options: SourceHttpOptions, use: (http: SourceHttp) => Promise<T>): Promise<T> {
  const http = new SourceHttp(options);
  try {
    return await use(http);
  } finally {
    await http.close();
  }
}
