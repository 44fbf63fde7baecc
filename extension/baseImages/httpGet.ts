// One HTTP/1.1 GET on a connection of its own (`Connection: close`), for image sources when no
// proxy is set: every read of the socket lands in memory we choose (`onread`), the response head
// is parsed by httpWire.ts, and the body is read by httpBody.ts, into a download's own batches
// when it asks. Why not undici, which serves the clouds: receiving a gigabyte through its parser
// took ~0.6 s more CPU than the socket alone (llhttp in WebAssembly copies every read into its
// memory), and on a 2-core machine that is the time a verified fetch spends over `curl -o` (a
// prototype: 2.1-3.4 s through undici, 1.6-1.8 s from the socket, curl 1.4-1.8 s). TLS is Node's,
// verified against the caller's `tlsContext` (else Node's CAs), with the host name checked; an
// idle timeout covers connecting, the head and the body.
import net from 'node:net';
import tls from 'node:tls';
import type { TlsContextOptions } from '../openstack/http/tls';
import { socketBody, type SocketBody, type SocketReads } from './httpBody';
import { HttpWireError, bodyFraming, headLength, parseHead, type ResponseHead } from './httpWire';

const MAX_INTERIM = 8;
// What a read lands in while no sink lends memory (the head, a streamed body).
const READ_BYTES = 64 * 1024;

export interface HttpGetOptions {
  /** Idle time allowed while connecting and between any two reads. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** The CAs to verify an https server with (SourceHttp: the default bundle); none: Node's. */
  tlsContext?: TlsContextOptions;
  /** Resolves the host name for the connection (a guard may refuse the address); default: the system's. */
  lookup?: net.LookupFunction;
}

export interface HttpGetResponse extends ResponseHead, SocketBody {}

export function httpGet(target: URL, headers: Record<string, string>, options: HttpGetOptions): Promise<HttpGetResponse> {
  const request = requestHead(target, headers);
  const reads: SocketReads = { into: Buffer.allocUnsafe(READ_BYTES), take: () => true };
  const socket = connect(target, options, reads);
  return new Promise<HttpGetResponse>((resolve, reject) => {
    let pending: Buffer = Buffer.alloc(0);
    let interim = 0;
    // The head has a deadline of its own (as undici's headersTimeout): a server that trickles it
    // byte by byte stays within the idle timeout forever.
    const deadline = setTimeout(() => fail(timedOut(`no complete response head in ${options.timeoutMs} ms`)), options.timeoutMs);
    const fail = (e: Error) => {
      clearTimeout(deadline);
      socket.destroy();
      reject(e);
    };
    reads.take = (n, landed) => {
      const chunk = Buffer.from(landed.subarray(0, n));
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (let length = headLength(pending); length >= 0; length = headLength(pending)) {
        const head = parseHead(pending.subarray(0, length));
        pending = pending.subarray(length);
        if (head.status === 101) throw new HttpWireError('the server switched protocols on a GET');
        if (head.status < 200) {
          // 100 Continue, 103 Early Hints: the response follows (a few, not forever).
          if (++interim > MAX_INTERIM) throw new HttpWireError(`more than ${MAX_INTERIM} interim (1xx) responses`);
          continue;
        }
        const framing = bodyFraming(head);
        clearTimeout(deadline);
        socket.off('error', fail).off('close', onClose);
        // Paused until the body is asked for, and then read as asked.
        socket.pause();
        socket.setTimeout(0);
        resolve({ ...head, ...socketBody(socket, reads, framing, pending, options.timeoutMs) });
        return false;
      }
      return true;
    };
    const onClose = () => fail(new HttpWireError('the connection closed before a complete response head'));
    socket.on('error', fail).on('close', onClose);
    socket.write(request);
  });
}

function timedOut(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}

function requestHead(target: URL, headers: Record<string, string>): string {
  const lines = [`GET ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, 'Connection: close', 'Accept-Encoding: identity'];
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\0\r\n]/.test(value)) throw new TypeError(`an invalid request header: ${name}`);
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function connect(target: URL, { timeoutMs, signal, tlsContext, lookup }: HttpGetOptions, reads: SocketReads): net.Socket {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const https = target.protocol === 'https:';
  const port = Number(target.port) || (https ? 443 : 80);
  // Every read lands in `reads.into` (asked again after each read) and goes to `reads.take`; what
  // it throws (a malformed head, a sink's refusal) fails the socket, not the process.
  const onread = {
    buffer: () => reads.into,
    callback: (n: number, landed: Buffer) => {
      try {
        return reads.take(n, landed);
      } catch (e) {
        socket.destroy(e as Error);
        return false;
      }
    },
  };
  // tls.connect documents `onread` as net.Socket's (decrypted bytes land there); @types/node lacks it.
  const socket: net.Socket = https
    ? tls.connect({ host, port, lookup, onread, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ...tlsContext } as tls.ConnectionOptions)
    : net.connect({ host, port, lookup, onread });
  socket.setTimeout(timeoutMs, () => socket.destroy(timedOut(`no data for ${timeoutMs} ms`)));
  if (signal) {
    const abort = () => socket.destroy(signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    socket.once('close', () => signal.removeEventListener('abort', abort));
  }
  return socket;
}
