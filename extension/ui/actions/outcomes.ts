// What a multi-cloud action reports: one progress line over all targets while it runs, one
// summary sentence at the end ("3 of 3 clouds: image active", "1 of 3 failed: ..."), and each
// target's row of the Results view. No `vscode` here (unit-tested).
import { OpenStackError, type UploadProgress } from '../../openstack/index';
import type { RowOutcome } from '../results/resultsBook';

export interface TargetOutcome<T> {
  /** `cloud/region` (or `cloud`). */
  target: string;
  value?: T;
  error?: Error;
}

export interface Summary {
  message: string;
  failed: string[];
  severity: 'info' | 'warning' | 'error';
}

/** The core reports a cancel (the user's, through the AbortSignal) as an error of kind `cancelled`. */
export function wasCancelled(e: Error): boolean {
  return e instanceof OpenStackError && e.kind === 'cancelled';
}

/**
 * `what`: "Upload of ubuntu"; `done`: what success means ("image active"). When every failure is
 * the user's cancel the summary says so, quietly.
 */
export function summarize(what: string, outcomes: readonly TargetOutcome<unknown>[], done: string): Summary {
  const failed = outcomes.filter((o) => o.error).map((o) => o.target);
  const n = outcomes.length;
  const clouds = `cloud${n === 1 ? '' : 's'}`;
  if (!failed.length) return { message: `${what}: ${n} of ${n} ${clouds}: ${done}`, failed, severity: 'info' };
  if (outcomes.every((o) => !o.error || wasCancelled(o.error))) {
    const finished = n - failed.length;
    return { message: `${what}: cancelled${finished ? ` (${finished} of ${n} ${clouds} finished first: ${done})` : ''}; nothing half-made was left behind`, failed, severity: 'info' };
  }
  const first = outcomes.find((o) => o.error)!;
  const reason = `${first.target}: ${first.error!.message.replace(`${first.target}: `, '')}`;
  return {
    message: `${what}: ${failed.length} of ${n} ${clouds} failed (${reason}${failed.length > 1 ? `; also ${failed.slice(1).join(', ')}` : ''})`,
    failed,
    severity: failed.length === n ? 'error' : 'warning',
  };
}

/** The buttons of a failed multi-cloud action's notification. */
export type NoticeButton = 'Retry Failed' | 'Show Log' | 'Show Results';

export interface Notice {
  message: string;
  severity: 'info' | 'warning' | 'error';
  buttons: NoticeButton[];
}

/**
 * The one notification after an upload: none when every target succeeded (the tree and the
 * Results view show it: no toast for routine success); "2/3 succeeded" and the first reason when
 * some failed, with Retry Failed, Show Log and Show Results; the quiet summary of a cancel.
 */
export function uploadNotice(what: string, outcomes: readonly TargetOutcome<unknown>[], summary: Summary): Notice | undefined {
  if (!summary.failed.length) return undefined;
  if (outcomes.every((o) => !o.error || wasCancelled(o.error))) return { message: summary.message, severity: 'info', buttons: ['Show Results'] };
  const n = outcomes.length;
  const first = outcomes.find((o) => o.error && !wasCancelled(o.error)) ?? outcomes.find((o) => o.error)!;
  // A notification renders [text](link) as a link: a cloud's error text never becomes one.
  const reason = `${first.target}: ${first.error!.message.replace(`${first.target}: `, '')}`.replace(/\]\(/g, '] (');
  const others = summary.failed.filter((t) => t !== first.target);
  return {
    message: `${what}: ${n - summary.failed.length}/${n} succeeded · failed: ${reason}${others.length ? `; also ${others.join(', ')}` : ''}`,
    severity: summary.failed.length === n ? 'error' : 'warning',
    buttons: ['Retry Failed', 'Show Log', 'Show Results'],
  };
}

/** A target's row in the Results view: the error (without the target it names), or what `ok` makes of the value. */
export function rowOutcome<T>(o: TargetOutcome<T>, ok: (value: T) => RowOutcome): RowOutcome {
  if (o.error) return { state: wasCancelled(o.error) ? 'cancelled' : 'failed', text: o.error.message.replace(`${o.target}: `, '') };
  return ok(o.value as T);
}

const PHASE_WORDS: Partial<Record<UploadProgress['phase'], string>> = {
  checking: 'checking', hashing: 'hashing', converting: 'converting', importing: 'importing', finishing: 'finishing',
  done: 'done', skipped: 'already there', failed: 'failed', retrying: 'retrying',
};

/** Upload progress of every target folded into one line and one percentage. */
export class UploadProgressBoard {
  private readonly latest = new Map<string, UploadProgress>();

  constructor(private readonly targets: readonly string[]) {}

  update(p: UploadProgress): void {
    this.latest.set(p.target, p);
  }

  /** 0..100 over all targets: bytes sent while uploading, 100 once a target is finished. */
  percent(): number {
    if (!this.targets.length) return 100;
    const sum = this.targets.reduce((s, t) => s + fraction(this.latest.get(t)), 0);
    return Math.round((sum / this.targets.length) * 100);
  }

  message(): string {
    return this.targets.map((t) => `${t} ${describe(this.latest.get(t))}`).join(' · ');
  }

  /**
   * An upload's onProgress: each target's step to its Results row (`row`), and all of them as one
   * message and bar (`bar`: a notification's progress, which takes increments).
   */
  reporter(row: (target: string, text: string, percent?: number) => void, bar: (message: string, increment: number) => void): (p: UploadProgress) => void {
    let shown = 0;
    return (p) => {
      this.update(p);
      const line = this.line(p.target);
      row(p.target, line.text, line.percent);
      const percent = this.percent();
      bar(this.message(), percent - shown);
      shown = percent;
    };
  }

  /** One target's step, and its percentage while bytes are counted (its Results row). */
  line(target: string): { text: string; percent?: number } {
    const p = this.latest.get(target);
    const counted = p && (p.phase === 'uploading' || p.phase === 'converting') && p.total > 0;
    return { text: describe(p), ...(counted ? { percent: Math.min(100, (p.bytes / p.total) * 100) } : {}) };
  }
}

function fraction(p: UploadProgress | undefined): number {
  if (!p) return 0;
  if (p.phase === 'done' || p.phase === 'skipped' || p.phase === 'failed') return 1;
  if (p.phase === 'importing' || p.phase === 'finishing') return 0.95;
  if (p.phase === 'uploading' && p.total > 0) return Math.min(0.95, (p.bytes / p.total) * 0.95);
  return 0;
}

function describe(p: UploadProgress | undefined): string {
  if (!p) return 'waiting';
  if (p.phase === 'uploading' || p.phase === 'converting') {
    const word = p.phase === 'converting' ? 'converting ' : '';
    return p.total > 0 ? `${word}${Math.floor((p.bytes / p.total) * 100)}%` : p.phase;
  }
  return PHASE_WORDS[p.phase] ?? p.phase;
}
