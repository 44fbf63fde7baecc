// The body of an httpGet.ts response, read from its socket one of two ways, chosen by the first
// use: as a stream (a large read is pushed as it landed, a small one copied out), or into a
// BodySink (each read lands straight in the memory the sink lends, up to a whole batch at a time:
// a download's gigabyte is never copied between the kernel and the hash worker). A body framed by
// the chunked coding reaches a sink through the stream, copied. The socket stays paused until the
// body is asked for and while its reader is full; the idle timeout is off while paused (it
// measures the server, not us).
import type net from 'node:net';
import { Readable } from 'node:stream';
import { copyBytes, copyInto, copyUntilWait, type BodySink } from './bodySink';
import { ChunkedDecoder, type BodyFraming } from './httpWire';

/**
 * Where the socket's next read lands, and what takes it (false: the socket was paused). The
 * socket asks for `into` after each read, so a read lands in the memory given before it; `take`
 * is told where.
 */
export interface SocketReads {
  into: Buffer;
  take(n: number, landed: Buffer): boolean;
}

export interface SocketBody {
  /** The body as a stream; destroying it closes the connection. */
  body: Readable;
  /** Reads the body into the sink instead; resolves at its end. Either this or `body`, once. */
  readInto(sink: BodySink): Promise<void>;
}

// Bytes the stream holds before the socket is paused: pausing and resuming a socket for every
// 64 KiB read would cost two system calls each.
const STREAM_BUFFER = 1024 * 1024;

/** The body of a response whose head `reads` has taken; `first`: its bytes that came with the head. */
export function socketBody(socket: net.Socket, reads: SocketReads, framing: BodyFraming, first: Buffer, timeoutMs: number): SocketBody {
  const scratch = reads.into;
  let remaining = framing.kind === 'length' ? framing.length : Infinity;
  let use: 'stream' | 'sink' | undefined;
  let ended = false;
  let onEnd = () => undefined as void;
  let onError = (_e: Error) => undefined as void;
  // What the socket did while paused, before the body was asked for (an abort, the close).
  let failedBeforeUse: Error | undefined;
  let closedBeforeUse = false;
  const end = () => {
    ended = true;
    socket.destroy();
    onEnd();
  };
  const pause = () => {
    socket.pause();
    socket.setTimeout(0);
  };
  const resume = () => {
    socket.setTimeout(timeoutMs);
    socket.resume();
  };
  const judgeClose = () => {
    if (framing.kind === 'close') return end();
    onError(Object.assign(new Error(framing.kind === 'length'
      ? `the connection closed after ${framing.length - remaining} of ${framing.length} bytes`
      : 'the connection closed before the last chunk'), { code: 'ECONNRESET' }));
  };
  // A body read to its length is complete, even while a sink's last wait keeps it from ending:
  // what the socket does after that (a TLS close arrives even while paused) is no error.
  const complete = () => ended || remaining === 0;
  socket.on('error', (e) => {
    if (complete()) return;
    if (use) onError(e);
    else failedBeforeUse ??= e;
  });
  socket.on('close', () => {
    if (complete()) return;
    if (use) judgeClose();
    else closedBeforeUse = true;
  });
  /** After the bytes that came with the head: the socket's reads, or what happened to it meanwhile. */
  const goOn = () => {
    if (ended) return;
    if (closedBeforeUse) return judgeClose();
    resume();
  };

  const body = new Readable({
    highWaterMark: STREAM_BUFFER,
    read: () => {
      if (!use) startStream();
      else if (use === 'stream') {
        if (!ended) resume();
      } else {
        const misuse = new Error('the body is being read into a sink already');
        onError(misuse);
        body.destroy(misuse);
      }
    },
    destroy: (err, callback) => {
      socket.destroy();
      callback(err);
    },
  });
  const startStream = () => {
    use = 'stream';
    onEnd = () => body.push(null);
    onError = (e) => body.destroy(e);
    const chunked = framing.kind === 'chunked' ? new ChunkedDecoder() : undefined;
    let full = false;
    // Whether the bytes being taken are ours to keep: a large read is handed on as it landed (the
    // next read gets fresh memory), a small one is copied out (a server that trickles must not pin
    // a whole buffer per byte).
    let keep = true;
    const push = (data: Buffer) => {
      if (data.length && !body.push(keep ? data : Buffer.from(data))) full = true;
    };
    const take = (data: Buffer) => {
      try {
        if (chunked) {
          if (chunked.write(data, push)) end();
        } else {
          const framed = data.length > remaining ? data.subarray(0, remaining) : data;
          remaining -= framed.length;
          push(framed);
          if (remaining === 0) end();
        }
      } catch (e) {
        body.destroy(e as Error);
      }
    };
    reads.into = scratch;
    reads.take = (n, landed) => {
      full = false;
      keep = n >= landed.length / 2;
      take(landed.subarray(0, n));
      if (keep) reads.into = Buffer.allocUnsafe(landed.length);
      if (!full || ended) return true;
      pause();
      return false;
    };
    if (failedBeforeUse) return body.destroy(failedBeforeUse);
    if (framing.kind === 'none' || remaining === 0) return end();
    take(first);
    goOn();
  };

  const readInto = async (sink: BodySink): Promise<void> => {
    if (use) throw new Error('the body is being read already');
    if (failedBeforeUse) throw failedBeforeUse;
    if (framing.kind === 'chunked') return copyInto(body, sink);
    use = 'sink';
    // The body settles only once the sink's last wait is over: until then its memory, or the file
    // it writes, may still be in use (a close or an error can come while it waits).
    let lastWait: Promise<unknown> = Promise.resolve();
    const track = (wait: Promise<void>) => (lastWait = wait.catch(() => undefined), wait);
    const done = new Promise<void>((resolve, reject) => {
      onEnd = () => void lastWait.then(() => resolve());
      onError = (e) => {
        socket.destroy();
        void lastWait.then(() => reject(e));
      };
    });
    const bounded = () => {
      const space = sink.space();
      return space.length > remaining ? space.subarray(0, remaining) : space;
    };
    const startReads = () => {
      if (remaining === 0) end();
      else goOn();
    };
    if (framing.kind === 'none' || remaining === 0) end();
    else {
      const head = first.length > remaining ? first.subarray(0, remaining) : first;
      remaining -= head.length;
      track(copyBytes(head, sink)).then(startReads, onError);
    }
    // The read after the memory changed hands (from the head's buffer to the sink's) lands in
    // the old one: its bytes are copied in, with no wait while the sink allows, so that the reads
    // after it land in the sink's memory again.
    reads.take = (n, landed) => {
      const framed = Math.min(n, remaining);
      remaining -= framed;
      let wait: Promise<void> | undefined;
      let rest: Buffer | undefined;
      if (landed === scratch) ({ wait, rest } = copyUntilWait(landed.subarray(0, framed), sink));
      else wait = sink.filled(framed);
      if (rest) {
        // Kept apart: the old buffer takes the next read.
        const left = Buffer.from(rest);
        wait = wait!.then(() => copyBytes(left, sink));
        reads.into = scratch;
      } else if (remaining > 0) {
        // The socket takes the next read's memory when this returns, even while paused.
        reads.into = bounded();
      }
      if (!wait) {
        if (remaining === 0) end();
        return !ended;
      }
      pause();
      track(wait).then(() => (remaining === 0 ? end() : resume()), onError);
      return false;
    };
    return done;
  };
  return { body, readInto };
}
