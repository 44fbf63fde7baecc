// One Transport per cloud region: an undici Agent with the cloud's TLS settings, keep-alive and a
// connection limit; timeouts from api_timeout; retries with backoff; structured errors. It sends
// a token only to the origins the session allows, reads bodies within size and time limits, and
// logs nothing that is not redacted.
import type { Readable } from 'node:stream';
import { directAgent, dispatch, envProxyAgent, lazyTlsConnector, type Dispatcher } from './undici';
import type { ProxySettings } from './proxySettings';
import type { TlsSettings } from '../cloudRegion';
import { OpenStackError, faultMessage, isAbortError, safeUrl } from '../errors';
import { redactText } from '../../config/secrets';
import { DEFAULT_LIMITS, formatBytes, readBounded, type Limits } from './limits';
import { connectOptions, readTlsFiles, untrustedCertificate } from './tls';
import { backoffMs, errorCode, isIdempotentMethod, isTimeout, shouldRetryError, shouldRetryStatus, sleep } from './retryPolicy';

export type RequestBody = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface HttpRequest {
  service: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** A value, a one-shot stream, or a function making a fresh body for each attempt (replayable). */
  body?: RequestBody | (() => RequestBody);
  json?: unknown;
  signal?: AbortSignal;
  /** Defaults to the method's idempotency; set true for safe POSTs (token requests, console log). */
  idempotent?: boolean;
  /** Statuses that are not failures; default any 2xx. */
  expect?: number[];
  timeoutMs?: number;
  attempts?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  header(name: string): string | undefined;
}

export interface TransportOptions {
  cloud: string;
  region?: string;
  tls: TlsSettings;
  timeoutMs?: number;
  proxy?: ProxySettings;
  connections?: number;
  secrets?: () => Iterable<string>;
  log?: (line: string) => void;
  /** Warnings (a link rebased, a limit hit); default: `log` with a `warning:` prefix. */
  warn?: (line: string) => void;
  /** Whether a request to this URL may carry the token; without it, none may be refused. */
  mayCarryToken?: (url: string) => boolean;
  limits?: Pick<Limits, 'maxJsonBytes' | 'maxErrorBytes'>;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_ATTEMPTS = 4;

export class Transport {
  readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  /** Why this cloud's cacert/cert/key cannot be used: every request fails with it, none is sent. */
  private readonly tlsUnreadable?: string;
  /** The CAs this cloud's certificate is checked against, for the error when it does not verify. */
  private readonly tlsNotTrusted: string;

  constructor(private readonly options: TransportOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const files = readTlsFiles(options.tls);
    this.tlsUnreadable = files.unreadable;
    this.tlsNotTrusted = files.notTrusted;
    const common = {
      connections: options.connections ?? 8,
      keepAliveTimeout: 4_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    };
    const timeout = Math.min(this.timeoutMs, 15_000);
    if (options.proxy) {
      // undici's proxy agent takes its TLS options when it is made: the context is made now.
      const tls = connectOptions(files);
      this.dispatcher = envProxyAgent({ ...common, ...options.proxy, connect: { ...tls, timeout }, requestTls: tls });
    } else {
      this.dispatcher = directAgent({ ...common, connect: lazyTlsConnector({ timeout, rejectUnauthorized: files.rejectUnauthorized }, files.context) });
    }
  }

  get cloud(): string { return this.options.cloud; }
  get region(): string | undefined { return this.options.region; }
  secrets(): string[] { return [...(this.options.secrets?.() ?? [])]; }

  /** A debug line, without the user info of URLs and without known secrets. */
  log(line: string): void {
    this.options.log?.(redactText(line, this.secrets()));
  }

  warn(line: string): void {
    const text = redactText(line, this.secrets());
    if (this.options.warn) this.options.warn(text);
    else this.options.log?.(`warning: ${text}`);
  }

  /** Sends a request; resolves with a response whose status is expected, else throws OpenStackError. */
  async request(req: HttpRequest): Promise<HttpResponse> {
    return this.withRetries(req, async (res) => res);
  }

  /** Sends a request and parses the JSON body (reading the body is part of what is retried). */
  async json<T>(req: HttpRequest): Promise<{ status: number; body: T; response: HttpResponse }> {
    return this.withRetries(req, async (res) => {
      const maxBytes = this.options.limits?.maxJsonBytes ?? DEFAULT_LIMITS.maxJsonBytes;
      const { text } = await readBounded(res.body, res.header('content-length'), { maxBytes, deadlineMs: req.timeoutMs ?? this.timeoutMs, onOversize: 'throw' })
        .catch((e: unknown) => {
          if (errorCode(e) !== 'BODY_TOO_LARGE') throw e;
          throw Object.assign(new Error(`answered ${res.status} with a JSON body larger than ${formatBytes(maxBytes)} (the limit)`), { code: 'BODY_TOO_LARGE' });
        });
      try {
        return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, response: res };
      } catch {
        // A body cut short in transit: retried like a lost connection when the request allows it.
        throw Object.assign(new Error(`answered ${res.status} with a body that is not valid JSON (${text.length} bytes)`), { code: 'CORRUPT_JSON' });
      }
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async withRetries<R>(req: HttpRequest, consume: (res: HttpResponse) => Promise<R>): Promise<R> {
    if (this.tlsUnreadable) throw this.failure(req, this.tlsUnreadable, { kind: 'config' });
    const replayable = req.body === undefined || typeof req.body === 'string' || req.body instanceof Uint8Array || typeof req.body === 'function';
    const idempotent = req.idempotent ?? isIdempotentMethod(req.method);
    const attempts = replayable ? (req.attempts ?? DEFAULT_ATTEMPTS) : 1;
    for (let attempt = 0; ; attempt++) {
      const started = performance.now(); // monotonic: durations in the log
      try {
        const res = await this.send(req);
        const expected = req.expect ? req.expect.includes(res.status) : res.status >= 200 && res.status < 300;
        this.log(`${req.method} ${safeUrl(req.url)} -> ${res.status} (${Math.round(performance.now() - started)} ms)`);
        if (expected) return await consume(res);
        const fault = await this.readFault(res, req);
        if (attempt + 1 < attempts && shouldRetryStatus(res.status, idempotent)) {
          await sleep(backoffMs(attempt, res.header('retry-after')), req.signal);
          continue;
        }
        throw this.failure(req, `${req.service} request failed`, { status: res.status, fault, requestId: requestIdOf(res), kind: 'http' });
      } catch (e) {
        if (e instanceof OpenStackError) throw e;
        if (req.signal?.aborted || isAbortError(e)) throw this.failure(req, 'cancelled', { kind: 'cancelled', cause: e });
        const untrusted = untrustedCertificate(e, this.tlsNotTrusted, req.url);
        if (untrusted) throw this.failure(req, untrusted, { kind: 'network', fault: errorCode(e), cause: e });
        this.log(`${req.method} ${safeUrl(req.url)} -> ${errorCode(e) ?? (e as Error).message} (${Math.round(performance.now() - started)} ms)`);
        if (attempt + 1 < attempts && shouldRetryError(e, idempotent)) {
          await sleep(backoffMs(attempt), req.signal).catch((abort) => {
            throw this.failure(req, 'cancelled', { kind: 'cancelled', cause: abort });
          });
          continue;
        }
        const code = errorCode(e);
        const kind = isTimeout(e) ? 'timeout' : code === 'CORRUPT_JSON' || code === 'BODY_TOO_LARGE' ? 'http' : 'network';
        const what = code === 'BODY_DEADLINE' ? (e as Error).message
          : kind === 'timeout' ? `no answer within ${Math.round((req.timeoutMs ?? this.timeoutMs) / 1000)} s`
            : kind === 'http' ? `${req.service} ${(e as Error).message}` : `cannot reach ${req.service}`;
        throw this.failure(req, what, { kind, fault: kind === 'http' ? undefined : errorCode(e) ?? (e as Error).message, cause: e });
      }
    }
  }

  private async send(req: HttpRequest): Promise<HttpResponse> {
    const headers: Record<string, string> = { 'user-agent': 'openstack-clouds', ...req.headers };
    let body: RequestBody | undefined = typeof req.body === 'function' ? req.body() : req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    }
    if (!headers.accept) headers.accept = 'application/json';
    const url = new URL(req.url);
    const carriesToken = Object.keys(headers).some((h) => h.toLowerCase() === 'x-auth-token');
    if (carriesToken && this.options.mayCarryToken && !this.options.mayCarryToken(req.url)) {
      throw this.failure(req, `refusing to send the token to ${url.origin}: not an origin of the catalog or the auth_url`, { kind: 'operation' });
    }
    const timeout = req.timeoutMs;
    const res = await dispatch(this.dispatcher, {
      origin: url.origin,
      path: url.pathname + url.search,
      method: req.method as Dispatcher.HttpMethod,
      headers,
      body: body as Dispatcher.DispatchOptions['body'],
      signal: req.signal,
      ...(timeout ? { headersTimeout: timeout, bodyTimeout: timeout } : {}),
    });
    return {
      status: res.statusCode,
      headers: res.headers,
      body: res.body,
      header(name: string) {
        const v = res.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
    };
  }

  /** The service's message in an error body: only its start is read, within the timeout. */
  private async readFault(res: HttpResponse, req: HttpRequest): Promise<string | undefined> {
    try {
      const maxBytes = this.options.limits?.maxErrorBytes ?? DEFAULT_LIMITS.maxErrorBytes;
      const { text, truncated } = await readBounded(res.body, undefined, { maxBytes, deadlineMs: req.timeoutMs ?? this.timeoutMs, onOversize: 'truncate' });
      const message = faultMessage(text, res.header('content-type'));
      return message && truncated ? `${message}… (truncated)` : message;
    } catch {
      return undefined;
    }
  }

  failure(req: Pick<HttpRequest, 'service' | 'method' | 'url'>, summary: string, extra: { status?: number; fault?: string; requestId?: string; kind: OpenStackError['kind']; cause?: unknown }): OpenStackError {
    return new OpenStackError(summary, {
      cloud: this.options.cloud,
      region: this.options.region,
      service: req.service,
      method: req.method,
      url: req.url,
      secrets: this.secrets(),
      ...extra,
    });
  }
}

/** The id the service logged the request under (Swift calls it x-trans-id). */
function requestIdOf(res: HttpResponse): string | undefined {
  return res.header('x-openstack-request-id') ?? res.header('x-compute-request-id') ?? res.header('x-trans-id');
}
