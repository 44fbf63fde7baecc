// A forward HTTP proxy on loopback, a test double: it forwards the absolute-form requests it is
// asked (`GET http://host/path`) and records their request lines; a CONNECT is recorded and
// refused (403), so a test sees when a client tunnels instead, unless `tunnels` lets it through.
import http from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

export interface ForwardProxy {
  url: string;
  /** `METHOD target` of every request and CONNECT received, in order. */
  lines: string[];
  close(): void;
}

export async function startForwardProxy(options: { tunnels?: boolean } = {}): Promise<ForwardProxy> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    lines.push(`${req.method} ${req.url}`);
    const upstream = http.request(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s: Socket) => sockets.add(s));
  server.on('connect', (req: http.IncomingMessage, socket: Socket) => {
    lines.push(`CONNECT ${req.url}`);
    if (!options.tunnels) return socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    const target = new URL(`http://${req.url}`);
    const upstream = net.connect(Number(target.port), target.hostname, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(socket).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    lines,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}
