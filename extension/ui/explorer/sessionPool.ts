// One authenticated session (token + catalog) per cloud region, shared by every node and action
// of that region. A secret the files lack is obtained first (CredentialStore), and a refused
// one is forgotten, so that Retry asks again. In Restricted Mode no session is ever made.
import * as vscode from 'vscode';
import type { CloudRegion } from '../../config/index';
import { catalogRegionNames, OpenStackError, Session } from '../../openstack/index';
import { editorProxy } from '../editorProxy';
import type { Log } from '../log';
import { CredentialStore, secretName } from './credentials';
import type { SessionSource } from './explorerModel';

export class RestrictedModeError extends Error {
  constructor() {
    super('Restricted Mode: OpenStack Clouds sends no request until the workspace is trusted');
    this.name = 'RestrictedModeError';
  }
}

/** A region's session for an action, or why it has none. */
export interface OpenedSession {
  region: CloudRegion;
  session?: Session;
  error?: Error;
}

/** Closes a session once it is open (one that failed to open has nothing to close). */
function shut(session: Promise<Session>): void {
  session.then((s) => s.close().catch(() => undefined), () => undefined);
}

interface Entry {
  cloud: string;
  session: Promise<Session>;
}

export class SessionPool implements SessionSource, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  /**
   * Sessions an action is using, held from the moment the action asks for them (not from when
   * they are ready): a refresh (clouds.yaml saved) takes them out of the pool but closes them only
   * when the action is done. Held by their promise, so a session still logging in is held too.
   */
  private readonly busy = new Map<Promise<Session>, number>();
  private readonly closeWhenIdle = new Set<Promise<Session>>();

  constructor(
    private readonly log: Log,
    private readonly credentials: CredentialStore,
    /** Told the regions of the catalog each new token brought (the editor checks region_name by them). */
    private readonly onCatalog?: (region: CloudRegion, regions: string[]) => void,
  ) {}

  ready(region: CloudRegion): boolean {
    return vscode.workspace.isTrusted && region.missing_secrets.every((k) => this.credentials.has(region, k));
  }

  session(region: CloudRegion): Promise<Session> {
    if (!vscode.workspace.isTrusted) return Promise.reject(new RestrictedModeError());
    const key = `${region.name}\0${region.region_name}`;
    const existing = this.entries.get(key);
    if (existing) return existing.session;
    const session = this.open(region);
    const entry = { cloud: region.name, session };
    this.entries.set(key, entry);
    // A failed start is not kept: Retry starts again (and asks again for a refused secret).
    session.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return session;
  }

  close(cloud?: string): void {
    for (const [key, entry] of [...this.entries]) {
      if (cloud !== undefined && entry.cloud !== cloud) continue;
      this.entries.delete(key);
      if (this.busy.has(entry.session)) this.closeWhenIdle.add(entry.session);
      else shut(entry.session);
    }
  }

  /** Runs an action on a region's session, which a refresh meanwhile does not close under it. */
  async using<T>(region: CloudRegion, action: (session: Session) => Promise<T>): Promise<T> {
    const { opened: [o], release } = await this.sessionsFor([region]);
    try {
      if (o.error) throw o.error;
      return await action(o.session!);
    } finally {
      release();
    }
  }

  /**
   * The sessions of an action's regions (or why a region has none), each held from the moment it
   * is asked for until `release()`: a clouds.yaml saved while they log in cannot close them.
   */
  async sessionsFor(regions: readonly CloudRegion[]): Promise<{ opened: OpenedSession[]; release: () => void }> {
    const asked = regions.map((region) => this.session(region));
    const release = this.hold(asked);
    const opened = await Promise.all(asked.map((p, i) => p.then(
      (session): OpenedSession => ({ region: regions[i], session }),
      (error: unknown): OpenedSession => ({ region: regions[i], error: error instanceof Error ? error : new Error(String(error)) }),
    )));
    return { opened, release };
  }

  /** Marks sessions as in use until the returned function is called. */
  private hold(sessions: readonly Promise<Session>[]): () => void {
    for (const s of sessions) this.busy.set(s, (this.busy.get(s) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const s of sessions) {
        const left = (this.busy.get(s) ?? 1) - 1;
        if (left > 0) this.busy.set(s, left);
        else {
          this.busy.delete(s);
          if (this.closeWhenIdle.delete(s)) shut(s);
        }
      }
    };
  }

  dispose(): void {
    this.close();
  }

  private async open(region: CloudRegion): Promise<Session> {
    const supplied: string[] = [];
    let config = region.config;
    for (const key of region.missing_secrets) {
      const value = await this.credentials.obtain(region, key);
      if (!value) {
        throw new OpenStackError(`no ${secretName(key)} was given (clouds.yaml has none): Retry to enter it`, {
          cloud: region.name, region: region.region_name || undefined, service: 'identity', kind: 'config',
        });
      }
      config = { ...config, auth: { ...(config.auth ?? {}), [key]: value } };
      supplied.push(key);
    }
    const session = new Session({ ...region, config }, {
      proxy: editorProxy(),
      log: (line) => this.log.trace(line),
      warn: (line) => this.log.warn(line),
      hooks: {
        askPassword: () => this.credentials.obtain(region, 'password'),
        askPasscode: () => this.credentials.askPasscode(region),
      },
    });
    this.log.addKnownSecrets(session.secrets());
    try {
      const token = await session.token();
      this.onCatalog?.(region, catalogRegionNames(token.catalog));
      // Secrets known only now (a TOTP passcode, the token) are hidden from every later log line.
      this.log.addKnownSecrets(session.secrets());
    } catch (e) {
      void session.close();
      if (e instanceof OpenStackError && e.kind === 'auth' && supplied.length) {
        for (const key of supplied) await this.credentials.refused(region, key);
        throw new OpenStackError(`authentication failed: the ${supplied.map(secretName).join(' and ')} entered was refused and forgotten; Retry to enter it again`, {
          cloud: region.name, region: region.region_name || undefined, service: 'identity', method: e.method, url: e.url, status: e.status, fault: e.fault, requestId: e.requestId, kind: 'auth',
        });
      }
      throw e;
    }
    return session;
  }
}
