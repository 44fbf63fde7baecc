// A HOSTILE OpenStack on loopback. It plays, on purpose, what no real cloud does (or only a badly
// misconfigured proxy in front of one): links, discovery documents and resource fields that name
// another origin, listings that never end, answers far too large, error bodies of megabytes,
// answers that trickle in forever or never come. It serves a Keystone v3 token and catalog like
// test/support/fakeCloud.ts, so the real client code (Session, services, operations) does its
// real work against it.
//
// Next to it listens a token SINK: another loopback port, so another origin. Every foreign link
// the cloud hands out points at the sink; a client that keeps the token with the cloud leaves
// the sink without a single request carrying the token. Loopback only (127.0.0.1), never more.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudRegion } from '../../extension/openstack/cloudRegion';
import { FakeCloud, json, type FakeRequest, type Handler } from './fakeCloud';

export const PASSWORD = 'hostile-Pa55word';

/** A loopback server that records every request it receives and answers each with 404. */
export class TokenSink {
  readonly requests: FakeRequest[] = [];
  private server!: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.alloc(0) });
      req.resume();
      json(res, 404, { error: { message: 'the sink answers nothing' } });
    });
    await listen(this.server);
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The requests that carried an X-Auth-Token (or any credential) to the sink. */
  leaks(): FakeRequest[] {
    return this.requests.filter((r) => r.headers['x-auth-token'] || r.headers.authorization || r.body.includes(PASSWORD));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

export class HostileCloud {
  readonly cloud = new FakeCloud();
  readonly sink = new TokenSink();
  /** Sockets held open by `stall`/`trickle`, closed on stop. */
  private readonly held = new Set<http.ServerResponse>();

  get url(): string { return this.cloud.url; }
  get requests(): FakeRequest[] { return this.cloud.requests; }

  async start(): Promise<this> {
    await this.cloud.start();
    await this.sink.start();
    return this;
  }

  on(method: string, pattern: RegExp, handler: Handler): this {
    this.cloud.on(method, pattern, handler);
    return this;
  }

  /** A region of this cloud; the catalog's image and network endpoints are unversioned (discovery runs). */
  region(config: Record<string, unknown> = {}): CloudRegion {
    const region = this.cloud.region(config, 'hostile');
    (region.config.auth as Record<string, unknown>).password = PASSWORD;
    return region;
  }

  /** `GET <prefix>/` answers a version document whose `self` link points at the sink. */
  foreignDiscovery(prefix: string, id: string): this {
    const pattern = new RegExp(`^${prefix.replace(/[.]/g, '\\.')}/?$`);
    return this.on('GET', pattern, (_q, res) => json(res, 300, {
      versions: [{ id, status: 'CURRENT', links: [{ rel: 'self', href: `${this.sink.url}/${id}/` }] }],
    }));
  }

  /** A listing at `pattern` whose every page has one item and a fresh `next` marker: it never ends. */
  endlessListing(pattern: RegExp, key: string, link: (marker: number) => Record<string, unknown>): this {
    let served = 0;
    return this.on('GET', pattern, (_q, res) => {
      served++;
      json(res, 200, { [key]: [{ id: `item-${served}`, name: `item ${served}` }], ...link(served) });
    });
  }

  /**
   * Answers `size` bytes of valid JSON, streamed in chunks, with or without a Content-Length:
   * `{"<key>": "AAAA..."}`, or for an error status `{"error": {"message": "AAAA..."}}`.
   */
  oversized(method: string, pattern: RegExp, size: number, options: { key?: string; status?: number; declareLength?: boolean } = {}): this {
    const status = options.status ?? 200;
    const [head, tail] = status >= 400 ? ['{"error": {"message": "', '"}}'] : [`{"${options.key ?? 'data'}": "`, '"}'];
    return this.on(method, pattern, (_q, res) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(options.declareLength ? { 'content-length': String(size) } : {}) });
      res.on('error', () => undefined);
      res.write(head);
      const chunk = 'A'.repeat(64 * 1024);
      let left = size - head.length - tail.length;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          const piece = left >= chunk.length ? chunk : chunk.slice(0, left);
          left -= piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end(tail);
      };
      pump();
    });
  }

  /** Sends the status line and headers, then one byte of body every `everyMs`, forever. */
  trickle(method: string, pattern: RegExp, everyMs = 100): this {
    return this.on(method, pattern, (_q, res) => {
      this.held.add(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"images": [');
      const timer = setInterval(() => res.write(' '), everyMs);
      res.on('close', () => { clearInterval(timer); this.held.delete(res); });
    });
  }

  /** Accepts the request and never answers it. */
  stall(method: string, pattern: RegExp): this {
    return this.on(method, pattern, (_q, res) => {
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
    });
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    await this.cloud.stop();
    await this.sink.stop();
  }
}

function listen(server: http.Server): Promise<void> {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r()));
}
