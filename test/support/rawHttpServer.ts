// A raw HTTP/1.1 server on loopback that plays an exact script of bytes per request path (plain
// or TLS): a hostile-server test double for httpGet.ts, whose split writes, interim responses,
// malformed framing, stalls and early closes are what no real server sends on purpose.
import type net from 'node:net';

export const bytes = (s: string) => Buffer.from(s, 'latin1');
export const response = (status: string, fields: string[] = [], body = '') => bytes(`HTTP/1.1 ${status}\r\n${fields.map((f) => `${f}\r\n`).join('')}\r\n${body}`);

/** Plays `script` on each connection whose request path (query removed) it was registered for. */
export type Script = (socket: net.Socket) => void;
export interface RawServer { base: string; requests: string[]; tcpConnections: number; serve(path: string, script: Script): string; close(): void }

export async function rawServer(make: (onSocket: (s: net.Socket) => void) => net.Server, scheme = 'http'): Promise<RawServer> {
  const scripts = new Map<string, Script>();
  const sockets = new Set<net.Socket>();
  const raw = { requests: [] as string[], tcpConnections: 0 } as RawServer;
  const server = make((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const request = received.toString('latin1', 0, end);
      raw.requests.push(request);
      const script = scripts.get(request.split(' ')[1].replace(/\?.*$/, ''));
      if (script) script(socket);
      else socket.end(response('404 Not Found', ['Content-Length: 0']));
    };
    socket.on('data', onData);
  });
  server.on('connection', () => raw.tcpConnections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  raw.base = `${scheme}://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  raw.serve = (path, script) => (scripts.set(path, script), `${raw.base}${path}`);
  raw.close = () => {
    for (const s of sockets) s.destroy();
    server.close();
  };
  return raw;
}

