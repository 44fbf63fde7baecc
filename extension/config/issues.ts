// What the openstacksdk port raises or warns about, before it is located in a file. A thrown
// ConfigIssue is an exception in openstacksdk (the cloud region cannot be used); a collected one
// is a warning it would print (the cloud region still works).
import type { Severity } from '../yaml/problem';
import { PyError } from './python';

/** A path inside one cloud's entry, e.g. `['auth', 'password']` or `['regions', 2]`. */
export type CloudPath = readonly (string | number)[];

export class ConfigIssue extends Error {
  /** Further issues found at the same time (openstacksdk stops at the first; we report all). */
  related: ConfigIssue[] = [];

  constructor(
    readonly code: string,
    message: string,
    readonly severity: Severity = 'error',
    /** Where to point, most specific first; the first path that exists in the file is used. */
    readonly paths: readonly CloudPath[] = [],
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** A remote profile that has not been fetched yet: the cloud waits for a caller to fetch it. */
export class ProfileNotFetched extends ConfigIssue {
  constructor(readonly profileName: string, readonly url: string) {
    super('remote-profile-not-fetched', `the remote profile ${profileName} has not been fetched yet (${url})`, 'info', [['profile'], ['cloud']], { profile: profileName, url });
  }
}

/** Turns anything thrown by the port into a ConfigIssue (a Python-level error names its type). */
export function asIssue(e: unknown, paths: readonly CloudPath[] = []): ConfigIssue {
  if (e instanceof ConfigIssue) return e;
  if (e instanceof PyError) return new ConfigIssue('sdk-failure', `openstacksdk would fail here (${e.message})`, 'error', paths, { python: e.pyType });
  // A bug of ours, not of the input: reported (tests fail on this code) rather than thrown at the user.
  return new ConfigIssue('internal-error', `internal error while resolving: ${(e as Error)?.stack ?? String(e)}`, 'error', paths);
}

export class IssueLog {
  readonly warnings: ConfigIssue[] = [];
  private readonly seen = new Set<string>();

  warn(issue: ConfigIssue): void {
    const key = `${issue.code}\u0000${issue.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.warnings.push(issue);
  }
}
