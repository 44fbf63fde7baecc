// The HTTP/1.1 wire format of a response, as httpGet.ts reads it (RFC 9112), strictly: a response
// head (status line and header fields, CRLF-terminated, bounded) and the chunked transfer coding.
// No sockets here: bytes in, parsed parts or an HttpWireError out. What a real server sends
// parses; anything else is refused with a clear error rather than guessed at: obsolete line
// folding, bare LF line ends, header names that are not tokens, control characters in values,
// conflicting Content-Length values, a transfer coding other than chunked (we ask for identity).

export class HttpWireError extends Error {}

export const MAX_HEAD_BYTES = 64 * 1024;
const MAX_FIELDS = 200;

export interface ResponseHead {
  status: number;
  /** Field names lower-cased; a field sent several times keeps every value, in order. */
  fields: Map<string, string[]>;
}

const STATUS_LINE = /^HTTP\/1\.[01] ([1-9]\d\d)(?: [\t -~\x80-\xff]*)?$/;
const FIELD_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[\t ]*([\t -~\x80-\xff]*?)[\t ]*$/;

/** The byte length of the head at the start of `bytes` (through its empty line), or -1 if incomplete. */
export function headLength(bytes: Buffer): number {
  const end = bytes.indexOf('\r\n\r\n', 0, 'latin1');
  if (end < 0) {
    if (bytes.length > MAX_HEAD_BYTES) throw new HttpWireError(`the response head is larger than ${MAX_HEAD_BYTES} bytes`);
    return -1;
  }
  if (end + 4 > MAX_HEAD_BYTES) throw new HttpWireError(`the response head is larger than ${MAX_HEAD_BYTES} bytes`);
  return end + 4;
}

/** Parses a complete head (as delimited by headLength). */
export function parseHead(head: Buffer): ResponseHead {
  const lines = head.toString('latin1', 0, head.length - 4).split('\r\n');
  if (lines.some((l) => l.includes('\n') || l.includes('\r'))) throw new HttpWireError('a response line ends in a bare CR or LF');
  const status = STATUS_LINE.exec(lines[0]);
  if (!status) throw new HttpWireError(`not an HTTP/1.1 status line: ${JSON.stringify(lines[0].slice(0, 80))}`);
  if (lines.length - 1 > MAX_FIELDS) throw new HttpWireError(`more than ${MAX_FIELDS} header fields`);
  const fields = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const field = FIELD_LINE.exec(line);
    if (!field) throw new HttpWireError(`a malformed header field: ${JSON.stringify(line.slice(0, 80))}`);
    const name = field[1].toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), field[2]]);
  }
  return { status: Number(status[1]), fields };
}

/** How the body of a response to a GET ends (RFC 9112 section 6.3). */
export type BodyFraming = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

export function bodyFraming({ status, fields }: ResponseHead): BodyFraming {
  if (status < 200 || status === 204 || status === 304) return { kind: 'none' };
  const codings = fields.get('transfer-encoding');
  if (codings) {
    const list = codings.join(',').split(',').map((c) => c.trim().toLowerCase()).filter(Boolean);
    if (list.length !== 1 || list[0] !== 'chunked') throw new HttpWireError(`an unsupported transfer-encoding: ${codings.join(', ')}`);
    return { kind: 'chunked' };
  }
  const lengths = fields.get('content-length');
  if (!lengths) return { kind: 'close' };
  const values = new Set(lengths.join(',').split(',').map((v) => v.trim()));
  const [value] = values;
  if (values.size !== 1 || !/^\d{1,15}$/.test(value)) throw new HttpWireError(`an invalid content-length: ${lengths.join(', ')}`);
  return { kind: 'length', length: Number(value) };
}

const MAX_CHUNK_LINE = 4096;

/**
 * The chunked transfer coding, decoded as bytes arrive: `write` hands the data of each chunk to
 * `emit` (views of the input, no copies) and returns true once the last chunk and the trailer
 * section have been read. Chunk extensions and trailer fields are read and ignored.
 */
export class ChunkedDecoder {
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private line = '';
  private remaining = 0;
  private trailerBytes = 0;

  write(bytes: Buffer, emit: (data: Buffer) => void): boolean {
    let at = 0;
    while (at < bytes.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, bytes.length - at);
        emit(bytes.subarray(at, at + n));
        at += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const lf = bytes.indexOf(10, at);
      const end = lf < 0 ? bytes.length : lf + 1;
      this.line += bytes.toString('latin1', at, end);
      at = end;
      if (this.line.length > MAX_CHUNK_LINE + 2) throw new HttpWireError(`a chunk line is longer than ${MAX_CHUNK_LINE} bytes`);
      if (lf >= 0) this.takeLine();
    }
    return this.state === 'done';
  }

  private takeLine(): void {
    const line = this.line;
    this.line = '';
    if (!line.endsWith('\r\n')) throw new HttpWireError('a chunk line ends in a bare LF');
    const text = line.slice(0, -2);
    if (this.state === 'data-end') {
      if (text !== '') throw new HttpWireError('a chunk is longer than its size says');
      this.state = 'size';
    } else if (this.state === 'size') {
      const size = /^([0-9a-fA-F]{1,13})[\t ]*(;[\t -~\x80-\xff]*)?$/.exec(text);
      if (!size) throw new HttpWireError(`an invalid chunk size: ${JSON.stringify(text.slice(0, 40))}`);
      this.remaining = parseInt(size[1], 16);
      this.state = this.remaining === 0 ? 'trailer' : 'data';
    } else if (this.state === 'trailer') {
      this.trailerBytes += line.length;
      if (this.trailerBytes > MAX_HEAD_BYTES) throw new HttpWireError(`the trailer section is larger than ${MAX_HEAD_BYTES} bytes`);
      if (text === '') this.state = 'done';
      else if (!FIELD_LINE.test(text)) throw new HttpWireError(`a malformed trailer field: ${JSON.stringify(text.slice(0, 80))}`);
    }
  }
}
