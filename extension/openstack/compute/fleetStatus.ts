// One status poller per fleet and session: while members wait for ACTIVE, ONE
// `GET /servers/detail?name=^FLEET-[0-9]+$` per round answers all of them. Members polling
// `GET /servers/{id}` each on their own sent N requests a round (bench/openstack-fleet.mjs: most of
// our requests per server). Nova filters servers by a name regex and by nothing a fleet shares
// otherwise (metadata cannot be filtered), so the name pattern is as narrow as it gets; whatever
// else it matches is ignored by id. A member keeps what a single boot has (waitActive.ts): ERROR
// ends it with nova's fault, its own deadline, its own AbortSignal, errors while polling ignored
// (a failed listing leaves each member to a GET of its own that round).
import type { Session } from '../session';
import * as nova from '../services/compute';
import type { Server } from '../services/compute';
import { collect } from '../services/paging';
import { regexLiteral } from './lookups';
import { ACTIVE_POLL, activeOrThrow, activeTimeout } from './waitActive';

interface Waiter {
  id: string;
  deadline: number;
  resolve(server: Server): void;
  reject(error: unknown): void;
  /** Removes the abort listener. */
  detach(): void;
}

/** The regex nova's `name` filter gets for the members of fleet NAME (NAME-1..NAME-N). */
export function fleetNameFilter(fleet: string): string {
  return `^${regexLiteral(fleet)}-[0-9]+$`;
}

export class FleetStatus {
  private readonly waiters = new Map<string, Waiter>();
  private readonly nameFilter: string;
  private delay: number = ACTIVE_POLL.initialMs;
  private nextRound = Infinity;
  private running = false;
  private wake?: () => void;
  private round?: AbortController;

  constructor(private readonly session: Session, fleet: string) {
    this.nameFilter = fleetNameFilter(fleet);
  }

  /** Resolves with the server once ACTIVE with an address; rejects as waitForActive would. */
  wait(id: string, deadline: number, signal?: AbortSignal): Promise<Server> {
    return new Promise<Server>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason ?? abortError());
      const onAbort = () => this.settle(waiter, { error: signal?.reason ?? abortError() });
      const waiter: Waiter = { id, deadline, resolve, reject, detach: () => signal?.removeEventListener('abort', onAbort) };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(id, waiter);
      // A member that just joined gets its first quick looks, as it would polling alone; the
      // others get them too, for free: it is the same one listing.
      this.delay = ACTIVE_POLL.initialMs;
      this.nextRound = Math.min(this.nextRound, Date.now() + ACTIVE_POLL.initialMs);
      if (this.running) this.wake?.();
      else void this.run();
    });
  }

  /** Members still waiting (for tests). */
  get waiting(): number {
    return this.waiters.size;
  }

  private settle(waiter: Waiter, outcome: { server: Server } | { error: unknown }): void {
    if (this.waiters.get(waiter.id) !== waiter) return;
    this.waiters.delete(waiter.id);
    waiter.detach();
    if ('server' in outcome) waiter.resolve(outcome.server);
    else waiter.reject(outcome.error);
    if (this.waiters.size) return;
    // Nobody left to answer (all done, cancelled or timed out): stop at once, mid-request too.
    this.round?.abort();
    this.wake?.();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.waiters.size) {
        // The next round, or earlier a member's deadline: it gets one last look then, as in pollUntil.
        const due = Math.min(this.nextRound, ...[...this.waiters.values()].map((w) => w.deadline));
        if (due > Date.now()) {
          await this.pause(due - Date.now());
          continue;
        }
        await this.poll();
        const now = Date.now();
        for (const w of [...this.waiters.values()]) if (w.deadline <= now) this.settle(w, { error: activeTimeout(this.session, w.id) });
        this.nextRound = now + this.delay;
        this.delay = Math.min(this.delay * ACTIVE_POLL.factor, ACTIVE_POLL.maxMs);
      }
    } finally {
      this.running = false;
      this.nextRound = Infinity;
    }
  }

  /** Sleeps, or less when a member joins or the last one leaves. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** One round: the listing, then for each member that was waiting when it was sent, what it says. */
  private async poll(): Promise<void> {
    const asked = [...this.waiters.values()];
    const round = (this.round = new AbortController());
    // NV-3: an error while waiting is ignored. The members then ask by GET this round, as a
    // single boot would: on a cloud whose listing keeps failing they still come up, none hangs
    // until its deadline.
    const listed = await collect(nova.listServers(this.session, { name: this.nameFilter }, round.signal)).catch(() => []);
    const byId = new Map(listed.map((s) => [s.id, s]));
    await Promise.all(asked.map((w) => this.answer(w, byId.get(w.id), round.signal)));
  }

  private async answer(w: Waiter, listed: Server | undefined, signal: AbortSignal): Promise<void> {
    if (this.waiters.get(w.id) !== w) return;
    let server = listed;
    // Listings can lag behind a new server, and a listed ERROR may lack the fault: ask the server
    // itself. NV-3: a 404 or an error while waiting is ignored, as a single boot ignores it; the
    // member's deadline bounds the wait.
    if (!server || (server.status === 'ERROR' && !server.fault)) {
      server = (await nova.showServer(this.session, w.id, signal).catch(() => undefined)) ?? server;
      if (!server) return;
    }
    try {
      const active = activeOrThrow(this.session, w.id, server);
      if (active) this.settle(w, { server: active });
    } catch (e) {
      this.settle(w, { error: e });
    }
  }
}

function abortError(): Error {
  return new DOMException('aborted', 'AbortError');
}
