// What every upload method gets: the session, the data, the image fields, progress, cancel, and a
// list of things created so far that must be deleted if the upload does not complete.
import type { Session } from '../session';
import { OpenStackError, isAbortError } from '../errors';
import type { ImageData, Hashes } from './imageFile';
import type { ProgressMeter } from './progress';
import type { Image } from '../services/image';

export type UploadMethod = 'put' | 'v1' | 'glance-direct' | 'web-download' | 'tasks';

export interface UploadContext {
  session: Session;
  data?: ImageData;
  /** web-download: the URL glance fetches. */
  sourceUrl?: string;
  name: string;
  diskFormat: string;
  containerFormat: string;
  /** Extra image fields for create (visibility, min_disk, ...). */
  fields: Record<string, unknown>;
  /** Image properties (strings), our owner_specified.* ones included when the hashes are known. */
  properties: Record<string, string>;
  meter: ProgressMeter;
  signal?: AbortSignal;
  /** Swift container of the task flow, segment size (bytes) above which the file is segmented. */
  container: string;
  segmentSize?: number;
  /** How long an import or task may take once the data is sent. */
  importTimeoutMs: number;
  cleanup: CleanupList;
}

/** The Swift container the task flow stores image files in (the object is named like the image). */
export const TASK_CONTAINER = 'images';

export const HASH_PROPERTY = {
  md5: 'owner_specified.openstack.md5',
  sha256: 'owner_specified.openstack.sha256',
  object: 'owner_specified.openstack.object',
} as const;

export function hashProperties(hashes: Hashes | undefined, container: string, name: string): Record<string, string> {
  const props: Record<string, string> = { [HASH_PROPERTY.object]: `${container}/${name}` };
  if (hashes) {
    props[HASH_PROPERTY.md5] = hashes.md5;
    props[HASH_PROPERTY.sha256] = hashes.sha256;
  }
  return props;
}

/** Undo actions, run newest first, with their own time limit (the upload's signal may be aborted). */
export class CleanupList {
  private readonly actions: { what: string; run: (signal: AbortSignal) => Promise<unknown> }[] = [];
  readonly failures: string[] = [];

  add(what: string, run: (signal: AbortSignal) => Promise<unknown>): () => void {
    const entry = { what, run };
    this.actions.push(entry);
    return () => {
      const i = this.actions.indexOf(entry);
      if (i >= 0) this.actions.splice(i, 1);
    };
  }

  async runAll(timeoutMs = 60_000): Promise<void> {
    await this.runMatching(() => true, timeoutMs);
  }

  /** Runs (and forgets) the actions whose description matches, newest first. */
  async runMatching(matches: (what: string) => boolean, timeoutMs = 60_000): Promise<void> {
    const selected = this.actions.filter((a) => matches(a.what)).reverse();
    for (const action of selected) {
      this.actions.splice(this.actions.indexOf(action), 1);
      try {
        await action.run(AbortSignal.timeout(timeoutMs));
      } catch (e) {
        this.failures.push(`${action.what}: ${(e as Error).message}`);
      }
    }
  }
}

/**
 * Glance's md5 of what it stored against the file's: other bytes fail the upload (its cleanup then
 * deletes the image). Hashes kept from an earlier read of the file are dropped, so a retry reads
 * and hashes the file again.
 */
export async function verifyStoredChecksum(ctx: Pick<UploadContext, 'session' | 'data'>, stored: string | undefined, hashes: Hashes): Promise<void> {
  if (!stored || stored === hashes.md5) return;
  const kept = await ctx.data?.distrustKeptHashes?.();
  throw failure(ctx, `checksum mismatch: glance stored md5 ${stored}, the file has ${hashes.md5}${kept ? ' (as an earlier read recorded it: the next upload hashes the file again)' : ''}`);
}

export function failure(ctx: Pick<UploadContext, 'session'>, summary: string, extra: { service?: string; fault?: string; status?: number } = {}): OpenStackError {
  const s = ctx.session.settings;
  return new OpenStackError(summary, { cloud: s.cloud, region: s.regionName || undefined, service: extra.service ?? 'image', kind: 'operation', fault: extra.fault, status: extra.status, secrets: ctx.session.secrets() });
}

/** A failure worth a fresh attempt: the connection broke, the service was briefly unwell, or a conflict. */
export function isRetriableUploadFailure(e: unknown): boolean {
  if (isAbortError(e)) return false;
  if (!(e instanceof OpenStackError)) return false;
  if (e.kind === 'network' || e.kind === 'timeout') return true;
  if (e.kind !== 'http') return false;
  // No status: the answer was cut or corrupt in transit.
  return !e.status || e.status >= 500 || e.status === 409 || e.status === 429;
}

export type MethodRunner = (ctx: UploadContext) => Promise<Image>;
