// `openstackClouds.autoRefreshSeconds`: the lists the user has open are loaded again on an
// interval, and only while the view is on screen (a hidden view costs the clouds nothing). Off
// (0) by default; below MIN_SECONDS it is raised to it, so a typo cannot hammer a cloud.
// No `vscode` here (unit-tested with fake timers); registerExplorer.ts wires it to the TreeView.

export const MIN_AUTO_REFRESH_SECONDS = 10;

export interface AutoRefreshHost {
  /** The setting's value (0 or less: off). */
  seconds(): number;
  /** The view is on screen (TreeView.visible). */
  visible(): boolean;
  /** Loads the expanded lists again. */
  refresh(): void;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(timer: unknown): void;
}

/** The interval in seconds, or 0 when off. */
export function autoRefreshInterval(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return 0;
  return Math.max(MIN_AUTO_REFRESH_SECONDS, Math.round(seconds));
}

export class AutoRefresh {
  private timer: unknown;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly host: AutoRefreshHost) {
    this.setTimer = host.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = host.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  }

  /**
   * Call when the setting or the view's visibility changed: the next refresh is a whole interval
   * from now (a view just shown is not refreshed at once: what it shows was loaded on expand or
   * before it was hidden, and the user can press Refresh).
   */
  update(): void {
    this.stop();
    const seconds = autoRefreshInterval(this.host.seconds());
    if (!seconds || !this.host.visible()) return;
    this.timer = this.setTimer(() => {
      this.timer = undefined;
      if (this.host.visible()) this.host.refresh();
      this.update();
    }, seconds * 1000);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private stop(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
  }
}
