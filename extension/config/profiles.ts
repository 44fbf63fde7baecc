// Vendor profiles: the built-in ones (Debian openstacksdk 0.101.0's vendors/, bundled as data by
// scripts/gen-config-data.py) and remote ones (`profile: https://...`, CFG-PROF-2). A remote
// profile is fetched only when a caller asks (never while loading or resolving), with a timeout
// and an AbortSignal, and cached; until then resolution reports "profile not fetched yet".
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
  /** Replaces the HTTP GET (tests, or a proxy-aware client); must honour the signal. */
  getJson?: (url: string, signal: AbortSignal) => Promise<unknown>;
  /**
   * Only from the user's own settings (never from a workspace): allow loopback, link-local and
   * private addresses (and plain http to them). Default: https to public addresses only.
   */
  allowPrivateAddresses?: boolean;
}

const MAX_PROFILE_BYTES = 1024 * 1024;

const MAX_REDIRECTS = 3;

/**
 * GET a JSON document (Node's built-in fetch, 1 MiB at most, read so); non-2xx is an error. Redirects are
 * followed by hand, each target judged like the first URL (profileGuard.ts).
 */
export async function httpGetJson(url: string, signal: AbortSignal, allowPrivateAddresses = false): Promise<unknown> {
  let target = url;
  for (let hop = 0; ; hop++) {
    const refused = refusedProfileUrl(target, allowPrivateAddresses) ?? (await refusedResolvedHost(target, allowPrivateAddresses));
    if (refused) throw new Error(`refused ${target}: ${refused}`);
    const response = await fetch(target, { signal, headers: { accept: 'application/json' }, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
      await response.body?.cancel();
      target = new URL(location, target).toString();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${response.status} ${response.statusText}`);
    }
    return JSON.parse(await boundedText(response, MAX_PROFILE_BYTES));
  }
}

/**
 * The body as text, refused as soon as it passes `maxBytes` (the rest is not read): a server the
 * URL of a workspace file names may send gigabytes within the timeout.
 */
async function boundedText(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = () => new Error(`the profile is larger than ${maxBytes / 1024 / 1024} MiB`);
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
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
      const get = options.getJson ?? ((u: string, s: AbortSignal) => httpGetJson(u, s, options.allowPrivateAddresses));
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
