// Bounds on what one cloud can make us do: pages of a listing, items, the size of a JSON answer,
// the part of an error body we read and show. A hostile or broken server hits a clear error,
// never an endless loop or an out-of-memory.
import type { Dispatcher } from './undici';

export interface Limits {
  /** Pages one listing may take before it stops with an error. */
  maxPages: number;
  /** Items one listing may yield before it stops with an error. */
  maxItems: number;
  /** Bytes of one JSON answer. */
  maxJsonBytes: number;
  /** Bytes of an error body that are read (the rest is dropped). */
  maxErrorBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<Limits> = {
  // 1000 pages of nova's or glance's default page size is far beyond any real project.
  maxPages: 1000,
  maxItems: 200_000,
  maxJsonBytes: 32 * MiB,
  maxErrorBytes: 64 * 1024,
};

const ENV: Record<string, keyof Limits> = {
  OPENSTACK_CLOUDS_MAX_PAGES: 'maxPages',
  OPENSTACK_CLOUDS_MAX_ITEMS: 'maxItems',
  OPENSTACK_CLOUDS_MAX_JSON_MIB: 'maxJsonBytes',
};

/** Limits set in the environment (the CLI's knobs); positive integers only, the rest ignored. */
export function limitsFromEnv(env: Record<string, string | undefined>): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const [name, key] of Object.entries(ENV)) {
    const n = Number(env[name]);
    if (Number.isInteger(n) && n > 0) out[key] = key === 'maxJsonBytes' ? n * MiB : n;
  }
  return out;
}

export function withDefaults(limits: Partial<Limits> | undefined): Limits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(out) as (keyof Limits)[]) {
    const v = limits?.[key];
    if (typeof v === 'number' && v > 0) out[key] = v;
  }
  return out;
}

export function formatBytes(n: number): string {
  return n >= MiB && n % MiB === 0 ? `${n / MiB} MiB` : n >= 1024 && n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

type Body = Dispatcher.ResponseData['body'];

export interface BoundedText {
  text: string;
  /** True when the body was longer than `maxBytes` and only its start was read. */
  truncated: boolean;
}

/**
 * Drops a body we will not read. undici reports the destroy of an unfinished body as an 'error'
 * event (RequestAbortedError), which nobody needs and which, without a listener, would be an
 * uncaught exception in the extension host.
 */
export function discard(body: { on(e: 'error', f: () => void): unknown; destroy(): unknown }): void {
  body.on('error', () => undefined);
  body.destroy();
}

/**
 * Reads a body as text, at most `maxBytes` and within `deadlineMs` from now (undici's bodyTimeout
 * is only an idle timeout: a server sending a byte now and then would never end). Over the size:
 * `onOversize` says whether to throw (code BODY_TOO_LARGE) or keep the start. Past the deadline:
 * throws code BODY_DEADLINE. Either way the rest of the body is not read.
 */
export async function readBounded(body: Body, declaredLength: string | undefined, options: { maxBytes: number; deadlineMs: number; onOversize: 'throw' | 'truncate' }): Promise<BoundedText> {
  const tooLarge = () => Object.assign(new Error(`a body larger than ${formatBytes(options.maxBytes)} (the limit)`), { code: 'BODY_TOO_LARGE' });
  if (options.onOversize === 'throw' && Number(declaredLength) > options.maxBytes) {
    discard(body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  const timer = setTimeout(() => {
    body.destroy(Object.assign(new Error(`the answer was not complete within ${Math.round(options.deadlineMs / 1000)} s`), { code: 'BODY_DEADLINE' }));
  }, options.deadlineMs);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (size + chunk.length > options.maxBytes) {
        if (options.onOversize === 'throw') throw tooLarge();
        chunks.push(chunk.subarray(0, options.maxBytes - size));
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } finally {
    clearTimeout(timer);
    if (!body.readableEnded) discard(body);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated };
}
