// Reboot, stop or start servers selected together (maybe on several clouds): which of them the
// action fits (a stopped server is not stopped again), and the ONE modal confirmation that lists
// them. No `vscode` here (unit-tested); the texts go through the `t` given (vscode.l10n.t).
import { allowedIn, type PowerAction } from '../../openstack/index';
import type { DeleteRow } from './deleteConfirmation';

export interface PowerRow extends DeleteRow {
  status: string;
}

/** vscode.l10n.t's shape: `{0}` placeholders. */
export type Translate = (message: string, ...args: (string | number)[]) => string;

export const plainText: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));

const LISTED = 15;

/** The rows the action fits, and the others (said in the confirmation, not sent to Nova to be refused). */
export function splitByStatus<T>(action: PowerAction, rows: readonly T[], statusOf: (row: T) => string): { fit: T[]; skipped: T[] } {
  return { fit: rows.filter((r) => allowedIn(action, statusOf(r))), skipped: rows.filter((r) => !allowedIn(action, statusOf(r))) };
}

function titles(t: Translate): Record<PowerAction, { one: string; many: string; button: string; consequence: string }> {
  return {
    reboot: { one: t('Reboot server "{0}" on {1}?'), many: t('Reboot {0} servers?'), button: t('Reboot'), consequence: t('The operating system is asked to restart; open sessions are cut.') },
    hardReboot: { one: t('Hard reboot server "{0}" on {1}?'), many: t('Hard reboot {0} servers?'), button: t('Hard Reboot'), consequence: t('Like pulling the power cord: unsaved data in the server is lost.') },
    stop: { one: t('Stop server "{0}" on {1}?'), many: t('Stop {0} servers?'), button: t('Stop'), consequence: t('The server is shut down; its disk, addresses and flavor stay (and may still be billed).') },
    start: { one: t('Start server "{0}" on {1}?'), many: t('Start {0} servers?'), button: t('Start'), consequence: '' },
  };
}

export function powerButton(action: PowerAction, t: Translate = plainText): string {
  return titles(t)[action].button;
}

/** The modal's message and detail: every server the action goes to, with its cloud; the left-out ones after. */
export function powerConfirmation(action: PowerAction, fit: readonly PowerRow[], skipped: readonly PowerRow[] = [], t: Translate = plainText): { message: string; detail: string } {
  const words = titles(t)[action];
  const message = fit.length === 1 ? t(words.one, fit[0]!.name, fit[0]!.where) : t(words.many, fit.length);
  const listed = fit.length === 1 ? [t('ID {0}', fit[0]!.id)] : fit.slice(0, LISTED).map((r) => t('"{0}" on {1} (ID {2})', r.name, r.where, r.id));
  if (fit.length > LISTED) listed.push(t('and {0} more', fit.length - LISTED));
  const left = skipped.length ? ['', t('Left out (the action does not fit their status): {0}', skipped.slice(0, LISTED).map((r) => `"${r.name}" on ${r.where} (${r.status})`).join(', '))] : [];
  return { message, detail: [...listed, ...left, ...(words.consequence ? ['', words.consequence] : [])].join('\n') };
}
