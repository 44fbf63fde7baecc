// What the Results view shows: the recent multi-cloud actions, each with a row per cloud region
// that its action updates while it runs. No `vscode` here (unit-tested); ResultsPanel draws it.
import crypto from 'node:crypto';
import type { ActionCard, RowState, TargetRow } from '../../../webview/results/protocol';

/** Actions kept; older ones drop out. */
export const KEPT_ACTIONS = 20;

export interface RowOutcome {
  state: Exclude<RowState, 'running'>;
  text: string;
  cells?: TargetRow['cells'];
  address?: string;
  /** What the row's SSH button does (a reachable server). */
  ssh?: () => Promise<void>;
}

/** One action's handle: its rows are updated by target label. */
export interface ActionRecord {
  readonly id: string;
  progress(target: string, text: string, percent?: number): void;
  finish(target: string, outcome: RowOutcome): void;
  summarize(summary: string): void;
  /** The action failed as a whole: every row still running says so. */
  abandon(error: unknown): void;
  /** Offers "Export as Playbook" on the card: `open` writes the action's playbook. */
  exportable(open: () => Promise<void>): void;
}

export class ResultsBook {
  private readonly actions: ActionCard[] = [];
  private readonly sshOf = new Map<string, () => Promise<void>>();
  private readonly exportOf = new Map<string, () => Promise<void>>();

  /**
   * `changed` is called after every update (the panel throttles its redraws); `redact` hides
   * secrets in every text a row gets (an error message may quote what a server sent).
   */
  constructor(private readonly changed: () => void = () => undefined, private readonly redact: (text: string) => string = (t) => t) {}

  /** Newest first. */
  get cards(): readonly ActionCard[] {
    return this.actions;
  }

  begin(title: string, targets: readonly string[]): ActionRecord {
    const card: ActionCard = {
      id: crypto.randomUUID(), title, started: new Date().toISOString(),
      rows: targets.map((target) => ({ target, state: 'running', text: 'starting', cells: [] })),
    };
    this.actions.unshift(card);
    for (const dropped of this.actions.splice(KEPT_ACTIONS)) {
      for (const row of dropped.rows) this.sshOf.delete(key(dropped.id, row.target));
      this.exportOf.delete(dropped.id);
    }
    this.changed();
    const row = (target: string) => card.rows.find((r) => r.target === target);
    return {
      id: card.id,
      progress: (target, text, percent) => {
        const r = row(target);
        if (!r || r.state !== 'running') return;
        r.text = this.redact(text);
        if (percent === undefined) delete r.percent;
        else r.percent = Math.max(0, Math.min(100, percent));
        this.changed();
      },
      finish: (target, outcome) => {
        const r = row(target);
        if (!r) return;
        Object.assign(r, { state: outcome.state, text: this.redact(outcome.text), cells: (outcome.cells ?? []).map((c) => ({ label: c.label, value: this.redact(c.value) })) });
        delete r.percent;
        if (outcome.address) r.address = outcome.address;
        if (outcome.ssh) this.sshOf.set(key(card.id, target), outcome.ssh);
        this.changed();
      },
      summarize: (summary) => {
        card.summary = this.redact(summary);
        this.changed();
      },
      abandon: (error) => {
        const text = error instanceof Error ? error.message : String(error);
        for (const r of card.rows) if (r.state === 'running') Object.assign(r, { state: 'failed', text: this.redact(text) });
        for (const r of card.rows) delete r.percent;
        this.changed();
      },
      exportable: (open) => {
        card.exportable = true;
        this.exportOf.set(card.id, open);
        this.changed();
      },
    };
  }

  /** What the card's "Export as Playbook" does (undefined for a card without it, or dropped). */
  exportFor(actionId: string): (() => Promise<void>) | undefined {
    return this.exportOf.get(actionId);
  }

  /** The address of a row, for its Copy button (undefined for an unknown or dropped row). */
  addressOf(actionId: string, target: string): string | undefined {
    return this.actions.find((a) => a.id === actionId)?.rows.find((r) => r.target === target)?.address;
  }

  sshFor(actionId: string, target: string): (() => Promise<void>) | undefined {
    return this.sshOf.get(key(actionId, target));
  }
}

const key = (actionId: string, target: string) => `${actionId}\n${target}`;
