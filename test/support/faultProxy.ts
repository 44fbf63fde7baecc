// A fault-injecting HTTP proxy on a loopback port, in front of one service origin. Tests
// arm faults with methods on the object (not over HTTP); each fault matches requests by
// method and path regex and fires once, n times or always. Requests are forwarded with
// their Host header unchanged, so the services build their links to the proxy and the
// client keeps talking through it. Every request is recorded.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Match {
  /** HTTP method, exact (case-insensitive); any when absent */
  method?: string;
  /** tested against the path with its query string; any when absent */
  path?: RegExp;
}
export type Times = 'once' | 'always' | number;

export type FaultKind = 'status' | 'drop-request' | 'drop-response' | 'delay' | 'stall' | 'corrupt-json';

/** An armed fault: `hits` counts the requests it fired on. */
export interface Rule {
  readonly kind: FaultKind;
  readonly match: Match;
  hits: number;
  remaining: number; // Infinity for 'always'
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** status sent to the client; undefined if the connection was dropped or stalled */
  status?: number;
  fault?: FaultKind;
  requestBytes: number;
  responseBytes: number;
  /** sha256 prefix of X-Auth-Token (never the token): tells re-authentication apart */
  token?: string;
}

/** Changes a JSON response body (may be async); the result is sent serialized. */
export type JsonEdit = (body: unknown, request: { method: string; path: string }) => unknown;

interface RuleSpec {
  status?: number; body?: string; headers?: Record<string, string>;
  bytes?: number; ms?: number; edit?: JsonEdit;
}
type ArmedRule = Rule & RuleSpec;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);
const STATUS_TITLES: Record<number, string> = { 401: 'Unauthorized', 409: 'Conflict', 413: 'Request Entity Too Large', 500: 'Internal Server Error', 503: 'Service Unavailable' };

export class FaultProxy {
  readonly requests: RecordedRequest[] = [];
  private readonly rules: ArmedRule[] = [];
  private readonly rewrites: Array<{ match: Match; edit: JsonEdit }> = [];
  private readonly held = new Set<http.ServerResponse>();

  private constructor(private readonly server: http.Server, readonly target: URL, readonly url: string) {}

  /** Starts a proxy on 127.0.0.1 (a free port unless given) in front of the origin of `target`. */
  static async start(target: string, port = 0): Promise<FaultProxy> {
    if (new URL(target).protocol !== 'http:') throw new Error(`the fault proxy forwards plain HTTP only, not ${target}`);
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve); });
    const proxy = new FaultProxy(server, new URL(target), `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => proxy.handle(req, res));
    return proxy;
  }

  /** `serviceUrl` with its origin replaced by the proxy's. */
  urlFor(serviceUrl: string): string {
    const u = new URL(serviceUrl);
    return `${this.url}${u.pathname.replace(/\/$/, '')}${u.search}`;
  }

  // ---- faults -------------------------------------------------------------------------
  /** Answers `status` without forwarding (500, 503, 413, 409, ...), with an OpenStack-style error body. */
  respondWith(match: Match, status: number, times: Times = 'once', body?: string, headers: Record<string, string> = {}): Rule {
    return this.arm('status', match, times, { status, body, headers });
  }
  /** 401 once, as keystonemiddleware answers an expired token: the client must re-authenticate. */
  unauthorizedOnce(match: Match): Rule {
    return this.arm('status', match, 'once', {
      status: 401, headers: { 'WWW-Authenticate': `Keystone uri="${this.url}"` },
      body: JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }),
    });
  }
  /** Forwards the first `bytes` of the request body, then resets both connections. */
  dropRequestAfter(match: Match, bytes: number, times: Times = 'once'): Rule {
    return this.arm('drop-request', match, times, { bytes });
  }
  /** Forwards the request; sends status, headers and at most `bytes` of the body (never all of it), then resets. */
  dropResponseAfter(match: Match, bytes: number, times: Times = 'once'): Rule {
    return this.arm('drop-response', match, times, { bytes });
  }
  /** Waits `ms` before forwarding. */
  delay(match: Match, ms: number, times: Times = 'once'): Rule {
    return this.arm('delay', match, times, { ms });
  }
  /** Accepts the request and never answers (until the client gives up or the proxy closes). */
  stall(match: Match, times: Times = 'once'): Rule {
    return this.arm('stall', match, times, {});
  }
  /** Forwards, then breaks the JSON response: truncated by default, or changed by `edit`. */
  corruptJson(match: Match, times: Times = 'once', edit?: JsonEdit): Rule {
    return this.arm('corrupt-json', match, times, { edit });
  }
  /** Disarms every fault (rewrites stay); the record stays too. */
  clearFaults(): void {
    this.rules.length = 0;
  }

  /** Always applied to matching JSON responses (not a fault): used to rewrite catalogs. */
  rewriteJson(match: Match, edit: JsonEdit): void {
    this.rewrites.push({ match, edit });
  }

  async close(): Promise<void> {
    for (const res of this.held) res.socket?.destroy();
    this.held.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- machinery ----------------------------------------------------------------------
  private arm(kind: FaultKind, match: Match, times: Times, spec: RuleSpec): Rule {
    const remaining = times === 'always' ? Infinity : times === 'once' ? 1 : times;
    if (!(remaining > 0)) throw new Error(`times must be 'once', 'always' or a positive count, not ${times}`);
    const rule: ArmedRule = { kind, match, hits: 0, remaining, ...spec };
    this.rules.push(rule);
    return rule;
  }

  private take(method: string, path: string): ArmedRule | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r.match, method, path));
    if (rule) { rule.hits++; rule.remaining--; }
    return rule;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const token = req.headers['x-auth-token'];
    const record: RecordedRequest = {
      method, path, requestBytes: 0, responseBytes: 0,
      token: typeof token === 'string' ? crypto.createHash('sha256').update(token).digest('hex').slice(0, 12) : undefined,
    };
    this.requests.push(record);
    const rule = this.take(method, path);
    record.fault = rule?.kind;
    res.on('finish', () => { record.status = res.statusCode; });

    switch (rule?.kind) {
      case 'status': {
        countBody(req, record).resume();
        req.on('end', () => {
          const status = rule.status ?? 500;
          const body = rule.body ?? JSON.stringify({ error: { code: status, title: STATUS_TITLES[status] ?? 'Error', message: 'injected by the fault proxy' } });
          res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...rule.headers });
          record.responseBytes = Buffer.byteLength(body);
          res.end(body);
        });
        return;
      }
      case 'stall':
        this.held.add(res);
        countBody(req, record).resume();
        res.on('close', () => this.held.delete(res));
        return;
      case 'delay': {
        const timer = setTimeout(() => this.forward(req, res, record), rule.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      default:
        this.forward(req, res, record, rule);
    }
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, rule?: ArmedRule): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const rewrites = this.rewrites.filter((r) => matches(r.match, method, path)).map((r) => r.edit);
    const buffered = rule?.kind === 'corrupt-json' || rewrites.length > 0;
    const headers = requestHeaders(req.headers);
    if (buffered) delete headers['accept-encoding']; // a body we change must come uncompressed
    const upstream = http.request({
      host: this.target.hostname, port: this.target.port || 80, method, path, headers, agent: false,
    });
    const reset = () => { upstream.destroy(); req.socket.destroy(); };
    upstream.on('error', () => {
      if (!res.headersSent && !req.socket.destroyed) {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`fault proxy: ${this.target.host} did not answer`);
      } else res.socket?.destroy();
    });
    res.on('close', () => { if (!upstream.writableFinished || !res.writableFinished) upstream.destroy(); });

    if (rule?.kind === 'drop-request') {
      let sent = 0;
      let dropping = false;
      const limit = rule.bytes ?? 0;
      // the bytes written must reach the service before the reset: reset on the write's callback
      const dropAfter = (last: Buffer) => { dropping = true; upstream.write(last, reset); };
      countBody(req, record).on('data', (chunk: Buffer) => {
        if (dropping) return;
        const part = chunk.subarray(0, limit - sent);
        sent += part.length;
        if (sent >= limit) dropAfter(part);
        else upstream.write(part);
      });
      req.on('end', () => { if (!dropping) dropAfter(Buffer.alloc(0)); });
      return;
    }
    countBody(req, record).pipe(upstream);

    upstream.on('response', (up) => {
      const out = responseHeaders(up.headers);
      if (buffered && !up.headers['content-encoding'] && /json/.test(String(up.headers['content-type']))) {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', async () => {
          let body: string = Buffer.concat(chunks).toString('utf8');
          try {
            let value: unknown = JSON.parse(body);
            for (const edit of rewrites) value = await edit(value, { method, path });
            body = JSON.stringify(value);
            if (rule?.kind === 'corrupt-json') body = rule.edit ? JSON.stringify(await rule.edit(value, { method, path })) : body.slice(0, Math.floor(body.length / 2));
          } catch { /* not JSON after all: pass it on unchanged */ }
          out['content-length'] = String(Buffer.byteLength(body));
          res.writeHead(up.statusCode ?? 502, out);
          record.responseBytes = Buffer.byteLength(body);
          res.end(body);
        });
        return;
      }
      res.writeHead(up.statusCode ?? 502, out);
      if (rule?.kind === 'drop-response') return this.truncate(up, res, record, rule.bytes ?? 0);
      up.on('data', (c: Buffer) => { record.responseBytes += c.length; });
      up.pipe(res);
    });
  }

  /** Sends at most `limit` bytes and never the whole body: one chunk is held back until the next comes. */
  private truncate(up: http.IncomingMessage, res: http.ServerResponse, record: RecordedRequest, limit: number): void {
    let held: Buffer | undefined;
    const drop = (last: Buffer) => {
      const room = limit - record.responseBytes;
      const part = last.subarray(0, Math.max(0, Math.min(room, last.length - 1)));
      if (part.length) res.write(part);
      record.responseBytes += part.length;
      up.destroy();
      res.socket?.destroy();
    };
    res.flushHeaders();
    up.on('data', (chunk: Buffer) => {
      if (held) {
        if (record.responseBytes + held.length >= limit) return drop(held);
        res.write(held);
        record.responseBytes += held.length;
      }
      held = chunk;
    });
    up.on('end', () => drop(held ?? Buffer.alloc(0)));
  }
}

function matches(match: Match, method: string, path: string): boolean {
  return (!match.method || match.method.toUpperCase() === method.toUpperCase()) && (!match.path || match.path.test(path));
}

/** Counts the request body into the record; attach only when the body is consumed (it starts the flow). */
function countBody(req: http.IncomingMessage, record: RecordedRequest): http.IncomingMessage {
  return req.on('data', (chunk: Buffer) => { record.requestBytes += chunk.length; });
}

function requestHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) {
    // node frames the body itself (chunked when there is no length); 100-continue ends here
    if (v !== undefined && k !== 'expect' && (k === 'transfer-encoding' || !HOP_BY_HOP.has(k))) out[k] = v;
  }
  return out;
}

function responseHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}
