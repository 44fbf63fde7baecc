// One HTTP/1.1 GET on a connection of its own (`Connection: close`), for image sources when no
// proxy is set: the response head is parsed by httpWire.ts and the body is the socket's own bytes
// as they arrive (views, no copies), counted against its framing. Why not undici, which serves the
// clouds: receiving a gigabyte through its parser took ~0.6 s more CPU than the socket alone
// (llhttp in WebAssembly copies every read into its memory), and on a 2-core machine that
// is the time a verified fetch spends over `curl -o` (a prototype: 2.1-3.4 s through undici,
// 1.6-1.8 s from the socket, curl 1.4-1.8 s). TLS is Node's, verified against the caller's
// `tlsContext` (else Node's CAs), with the host name checked; an idle timeout covers connecting,
// the head and the body.
import net from 'node:net';
import { Readable } from 'node:stream';
import tls from 'node:tls';
import type { TlsContextOptions } from '../openstack/http/tls';
import { ChunkedDecoder, HttpWireError, bodyFraming, headLength, parseHead, type BodyFraming, type ResponseHead } from './httpWire';

const MAX_INTERIM = 8;
// Bytes the body holds before the socket is paused: pausing and resuming a socket for every 64 KiB
// read would cost two system calls each.
const BODY_BUFFER = 1024 * 1024;

export interface HttpGetOptions {
  /** Idle time allowed while connecting and between any two reads. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** The CAs to verify an https server with (SourceHttp: the default bundle); none: Node's. */
  tlsContext?: TlsContextOptions;
  /** Resolves the host name for the connection (a guard may refuse the address); default: the system's. */
  lookup?: net.LookupFunction;
}

export interface HttpGetResponse extends ResponseHead {
  /** The body; destroying it closes the connection. */
  body: Readable;
}

export function httpGet(target: URL, headers: Record<string, string>, options: HttpGetOptions): Promise<HttpGetResponse> {
  const request = requestHead(target, headers);
  const socket = connect(target, options);
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
    const onData = (chunk: Buffer) => {
      try {
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
          socket.off('data', onData).off('error', fail).off('close', onClose);
          return resolve({ ...head, body: bodyOf(socket, framing, pending, options.timeoutMs) });
        }
      } catch (e) {
        fail(e as Error);
      }
    };
    const onClose = () => fail(new HttpWireError('the connection closed before a complete response head'));
    socket.on('data', onData).on('error', fail).on('close', onClose);
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

function connect(target: URL, { timeoutMs, signal, tlsContext, lookup }: HttpGetOptions): net.Socket {
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const https = target.protocol === 'https:';
  const port = Number(target.port) || (https ? 443 : 80);
  const socket = https
    ? tls.connect({ host, port, lookup, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ...tlsContext })
    : net.connect({ host, port, lookup });
  socket.setTimeout(timeoutMs, () => socket.destroy(timedOut(`no data for ${timeoutMs} ms`)));
  if (signal) {
    const abort = () => socket.destroy(signal.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
    socket.once('close', () => signal.removeEventListener('abort', abort));
  }
  return socket;
}

/** The body as framed: its bytes pushed as they arrive, the socket paused while the reader is full. */
function bodyOf(socket: net.Socket, framing: BodyFraming, first: Buffer, timeoutMs: number): Readable {
  // The idle timeout measures the server: it is off while the reader holds the socket paused.
  const body = new Readable({
    highWaterMark: BODY_BUFFER,
    read: () => {
      if (!socket.isPaused()) return;
      socket.setTimeout(timeoutMs);
      socket.resume();
    },
    destroy: (err, callback) => {
      socket.destroy();
      callback(err);
    },
  });
  const chunked = framing.kind === 'chunked' ? new ChunkedDecoder() : undefined;
  let remaining = framing.kind === 'length' ? framing.length : Infinity;
  let ended = false;
  const end = () => {
    ended = true;
    body.push(null);
    socket.destroy();
  };
  const push = (data: Buffer) => {
    if (data.length && !body.push(data)) {
      socket.pause();
      socket.setTimeout(0);
    }
  };
  const take = (chunk: Buffer) => {
    if (ended) return;
    try {
      if (chunked) {
        if (chunked.write(chunk, push)) end();
      } else {
        const data = chunk.length > remaining ? chunk.subarray(0, remaining) : chunk;
        remaining -= data.length;
        push(data);
        if (remaining === 0) end();
      }
    } catch (e) {
      body.destroy(e as Error);
    }
  };
  socket.on('data', take);
  socket.on('error', (e) => body.destroy(e));
  socket.on('close', () => {
    if (ended || body.destroyed) return;
    if (framing.kind === 'close') return end();
    body.destroy(Object.assign(new Error(framing.kind === 'length'
      ? `the connection closed after ${framing.length - remaining} of ${framing.length} bytes`
      : 'the connection closed before the last chunk'), { code: 'ECONNRESET' }));
  });
  if (framing.kind === 'none' || remaining === 0) end();
  else if (first.length) take(first);
  return body;
}
