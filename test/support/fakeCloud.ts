// A tiny OpenStack on loopback for unit tests: Keystone v3 tokens with a catalog pointing back at
// this server, and route handlers a test adds for the service calls it exercises.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CloudRegion } from '../../extension/openstack/cloudRegion';

export interface FakeRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Handler = (req: FakeRequest, res: http.ServerResponse) => void | Promise<void>;

export class FakeCloud {
  readonly requests: FakeRequest[] = [];
  private readonly routes: { method: string; pattern: RegExp; handler: Handler }[] = [];
  private server!: http.Server;
  url = '';
  tokenCount = 0;
  tokenLifetimeMs = 3600_000;
  validTokens = new Set<string>();

  /**
   * `tls` (a PEM key and certificate): serve HTTPS instead (test/support/tlsServer.ts); with
   * `clientCa`, only to clients whose certificate that CA signed.
   */
  async start(tls?: { key: string; cert: string; clientCa?: string }): Promise<this> {
    const listener: http.RequestListener = (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('error', () => undefined);
      req.on('end', () => void this.dispatch({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) }, res));
    };
    const mutual = tls?.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {};
    this.server = tls ? https.createServer({ key: tls.key, cert: tls.cert, ...mutual }, listener) : http.createServer(listener);
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `${tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.on('POST', /^\/v3\/auth\/tokens$/, (_req, res) => this.issueToken(res));
    return this;
  }

  on(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.unshift({ method, pattern, handler });
    return this;
  }

  region(config: Record<string, unknown> = {}, name = 'fake'): CloudRegion {
    return {
      name,
      region_name: 'RegionOne',
      config: {
        auth_type: 'password',
        auth: { auth_url: `${this.url}/v3`, username: 'demo', password: 'canary-Pa55word', project_name: 'demo', user_domain_name: 'Default', project_domain_name: 'Default' },
        region_name: 'RegionOne', interface: 'public', image_format: 'qcow2', floating_ip_source: 'neutron', verify: true,
        ...config,
      },
    };
  }

  private issueToken(res: http.ServerResponse): void {
    this.tokenCount++;
    const token = `tok-${this.tokenCount}`;
    this.validTokens.add(token);
    const ep = (type: string, path = '') => ({ type, name: type, endpoints: ['public', 'internal'].map((i) => ({ interface: i, region: 'RegionOne', region_id: 'RegionOne', url: `${this.url}${path}` })) });
    json(res, 201, {
      token: {
        expires_at: new Date(Date.now() + this.tokenLifetimeMs).toISOString(),
        project: { id: 'p1' }, user: { id: 'u1' },
        catalog: [ep('image', '/image'), ep('compute', '/compute/v2.1'), ep('network', '/network'), ep('object-store', '/swift/v1/AUTH_p1')],
      },
    }, { 'x-subject-token': token });
  }

  private async dispatch(req: FakeRequest, res: http.ServerResponse): Promise<void> {
    this.requests.push(req);
    const route = this.routes.find((r) => r.method === req.method && r.pattern.test(req.path.split('?')[0]));
    if (!route) return json(res, 404, { error: { message: `no fake route for ${req.method} ${req.path}` } });
    try {
      await route.handler(req, res);
    } catch (e) {
      json(res, 500, { error: { message: String(e) } });
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
