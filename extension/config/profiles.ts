// Vendor profiles: the built-in ones (Debian openstacksdk 0.101.0's vendors/, bundled as data by
// scripts/gen-config-data.py) and remote ones (`profile: https://...`, CFG-PROF-2). A remote
// profile is fetched only when a caller asks (never while loading or resolving), with a timeout
// and an AbortSignal, and cached; until then resolution reports "profile not fetched yet".
import { Readable } from 'node:stream';
import vendorData from './data/vendors.json';
import { isDict, mergeClouds, type PyDict } from './python';
import { refusedProfileUrl, refusedResolvedHost } from './profileGuard';

export const BUILTIN_PROFILES: Readonly<Record<string, PyDict>> = vendorData.profiles as unknown as Record<string, PyDict>;

export function builtinProfileNames(): string[] {
  return Object.keys(BUILTIN_PROFILES).sort();
}

/** The regions a profile lists (names only), for completion and the "region not in the cloud's regions" check. */
export function profileRegionNames(profile: PyDict): string[] {
  const regions = profile.regions;
  if (Array.isArray(regions)) return regions.map((r) => (isDict(r) ? String(r.name ?? '') : String(r)));
  const name = profile.region_name ?? profile['region-name'];
  return typeof name === 'string' && name ? [name] : [];
}

/** `urllib.parse.urlparse(name).netloc`: non-empty only for `scheme://host...` or `//host...`. */
export function profileUrlParts(name: string): { scheme: string; netloc: string } | undefined {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?\/\/([^/?#]*)/.exec(name);
  if (!m || !m[2]) return undefined;
  return { scheme: (m[1] ?? '').toLowerCase(), netloc: m[2] };
}

/** `<scheme>://<netloc>/.well-known/openstack/api` of a remote profile name. */
export function wellKnownUrl(name: string): string | undefined {
  const parts = profileUrlParts(name);
  return parts ? `${parts.scheme}://${parts.netloc}/.well-known/openstack/api` : undefined;
}

export type ProfileLookup =
  | { kind: 'found'; profile: PyDict }
  | { kind: 'unknown' }
  | { kind: 'not-fetched'; url: string }
  | { kind: 'failed'; url: string; message: string };

export interface FetchOptions {
  signal?: AbortSignal;
  /** Milliseconds before the request is abandoned (default 10 s, as openstacksdk master). */
  timeoutMs?: number;
  /** Replaces the HTTP GET (tests); must honour the signal. */
  getJson?: (url: string, signal: AbortSignal) => Promise<unknown>;
  /**
   * One GET, redirects not followed (each hop is judged first). The CLI and the editor pass
   * SourceHttp's, which verifies TLS with the CA bundle openstacksdk would use and goes through
   * the proxy requests would use; default: Node's fetch (Node's CAs, no proxy).
   */
  get?: ProfileGet;
  /**
   * Only from the user's own settings (never from a workspace): allow loopback, link-local and
   * private addresses (and plain http to them). Default: https to public addresses only.
   */
  allowPrivateAddresses?: boolean;
}

const MAX_PROFILE_BYTES = 1024 * 1024;

const MAX_REDIRECTS = 3;

/** An answer to one GET: its status, headers and body (a stream the reader may destroy). */
export interface ProfileAnswer {
  status: number;
  header(name: string): string | undefined;
  body: AsyncIterable<Uint8Array> & { on(event: 'error', listener: () => void): unknown; destroy(): unknown };
}

export type ProfileGet = (url: string, signal: AbortSignal) => Promise<ProfileAnswer>;

/** One GET with Node's built-in fetch, the redirect returned rather than followed. */
const fetchOnce: ProfileGet = async (url, signal) => {
  const response = await fetch(url, { signal, headers: { accept: 'application/json' }, redirect: 'manual' });
  const body = response.body ? Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
  return { status: response.status, header: (name) => response.headers.get(name) ?? undefined, body };
};

/** Drops a body not to be read: its connection is closed, and a late error has a listener. */
function drop(body: ProfileAnswer['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

/**
 * GET a JSON document (1 MiB at most, read so); non-2xx is an error. Redirects are followed by
 * hand, each target judged like the first URL (profileGuard.ts).
 */
export async function httpGetJson(url: string, signal: AbortSignal, allowPrivateAddresses = false, get: ProfileGet = fetchOnce): Promise<unknown> {
  let target = url;
  for (let hop = 0; ; hop++) {
    const refused = refusedProfileUrl(target, allowPrivateAddresses) ?? (await refusedResolvedHost(target, allowPrivateAddresses));
    if (refused) throw new Error(`refused ${target}: ${refused}`);
    const answer = await get(target, signal);
    const location = answer.header('location');
    if (answer.status >= 300 && answer.status < 400 && location && hop < MAX_REDIRECTS) {
      drop(answer.body);
      target = new URL(location, target).toString();
      continue;
    }
    if (answer.status < 200 || answer.status > 299) {
      drop(answer.body);
      throw new Error(`HTTP ${answer.status}`);
    }
    return JSON.parse(await boundedText(answer, MAX_PROFILE_BYTES));
  }
}

/**
 * The body as text, refused as soon as it passes `maxBytes` (the rest is not read): a server the
 * URL of a workspace file names may send gigabytes within the timeout.
 */
async function boundedText(answer: ProfileAnswer, maxBytes: number): Promise<string> {
  const tooLarge = () => new Error(`the profile is larger than ${maxBytes / 1024 / 1024} MiB`);
  if (Number(answer.header('content-length')) > maxBytes) {
    drop(answer.body);
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of answer.body) {
    size += chunk.length;
    if (size > maxBytes) {
      drop(answer.body);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The remote profiles fetched so far, shared by every resolution that is given it. Like
 * openstacksdk's vendor cache, a fetched profile is stored under its URL and under the `name`
 * it declares (so it then also answers `profile: <name>`), with a built-in profile of the same
 * name merged over it.
 */
export class RemoteProfileCache {
  private readonly byUrl = new Map<string, PyDict>();
  private readonly byName = new Map<string, PyDict>();
  private readonly failures = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<void>>();

  lookup(name: string): ProfileLookup {
    const fetched = this.byName.get(name) ?? this.byUrl.get(name);
    if (fetched) return { kind: 'found', profile: { ...fetched } };
    const builtin = BUILTIN_PROFILES[name];
    if (builtin) return { kind: 'found', profile: { ...builtin } };
    const url = wellKnownUrl(name);
    if (!url) return { kind: 'unknown' };
    const failure = this.failures.get(name);
    return failure ? { kind: 'failed', url, message: failure } : { kind: 'not-fetched', url };
  }

  /** Fetches the given remote profile names (those not cached yet), in parallel; never throws. */
  async fetch(names: Iterable<string>, options: FetchOptions = {}): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const name of new Set(names)) {
      if (this.byUrl.has(name) || !wellKnownUrl(name)) continue;
      let job = this.inFlight.get(name);
      if (!job) {
        job = this.fetchOne(name, options).finally(() => this.inFlight.delete(name));
        this.inFlight.set(name, job);
      }
      jobs.push(job);
    }
    await Promise.all(jobs);
  }

  /** Forgets failures (and, with `all`, fetched profiles) so the next fetch tries again. */
  clear(all = false): void {
    this.failures.clear();
    if (all) {
      this.byUrl.clear();
      this.byName.clear();
    }
  }

  private async fetchOne(name: string, options: FetchOptions): Promise<void> {
    const url = wellKnownUrl(name)!;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    try {
      const refused = refusedProfileUrl(url, options.allowPrivateAddresses);
      if (refused) throw new Error(`refused: ${refused}`);
      const get = options.getJson ?? ((u: string, s: AbortSignal) => httpGetJson(u, s, options.allowPrivateAddresses, options.get));
      const body = await get(url, signal);
      if (!isDict(body) || typeof body.name !== 'string' || !isDict(body.profile)) {
        throw new Error("the answer is not a profile document ({name, profile})");
      }
      const declared = body.name;
      const merged = mergeClouds(body.profile as PyDict, BUILTIN_PROFILES[declared] ?? {});
      delete merged.profile;
      this.byUrl.set(name, merged);
      this.byName.set(declared, merged);
      this.failures.delete(name);
    } catch (e) {
      if (options.signal?.aborted) return; // cancelled by the caller: not a fact about the profile, try again next time
      const reason = timeout.aborted ? `no answer within ${(options.timeoutMs ?? 10_000) / 1000} s` : (e as Error).message;
      this.failures.set(name, `${name} is a remote profile that could not be fetched from ${url}: ${reason}`);
    }
  }
}

/** The process-wide cache the extension and the CLI share (openstacksdk's is per process too). */
export const sharedRemoteProfiles = new RemoteProfileCache();
