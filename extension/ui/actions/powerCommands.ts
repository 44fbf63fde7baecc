// Reboot, hard reboot, stop and start on server rows: the rows selected together (on any clouds)
// after ONE confirmation that lists them, each on its own cloud at once, in a cancellable
// progress that waits until they have settled; the Servers lists reload (and keep reloading
// while a server is changing: explorer/settling.ts). Success is shown by the tree, not a toast.
import * as vscode from 'vscode';
import { ActionReverted, actionVerb, powerAction, waitForPowerAction, type PowerAction } from '../../openstack/index';
import { UserCancelled } from '../commandRunner';
import { regionLabel } from '../explorer/explorerModel';
import { ServerNode } from '../tree/itemNodes';
import { requireTrust, withCancellableProgress, type ActionContext } from './actionContext';
import { rowsToDelete } from './deleteConfirmation';
import { summarize, wasCancelled, type TargetOutcome } from './outcomes';
import { powerButton, powerConfirmation, splitByStatus, type PowerRow } from './powerConfirmation';
import { expect, type ItemOptions } from './serverActions';

export interface PowerOptions extends ItemOptions {
  /** Wait until each server has settled (default true); false: return once Nova took the requests. */
  wait?: boolean;
}

export interface PowerOutcome {
  target: string;
  name: string;
  id: string;
  /** The status the server settled in (when waited for). */
  status?: string;
  error?: string;
}

/** How long the progress waits for a server to settle: a real reboot can take minutes. */
const SETTLE_WAIT_MS = 10 * 60_000;

const t = (message: string, ...args: (string | number)[]) => vscode.l10n.t(message, ...args);

function rowOf(node: ServerNode): PowerRow {
  return { where: regionLabel(node.region), name: node.name || node.resourceId, id: node.resourceId, status: node.entry.server.status ?? '' };
}

/** `(row, selectedRows?, options?)` from a menu, `(row, options)` from automation. */
function powerArgs(node: unknown, second: unknown, third: unknown): { rows: ServerNode[]; options: PowerOptions } {
  const rows = rowsToDelete(node, second, (r): r is ServerNode => r instanceof ServerNode);
  if (!rows.length) expect(node, ServerNode, 'server');
  return { rows, options: ((Array.isArray(second) ? third : second) ?? {}) as PowerOptions };
}

async function confirm(action: PowerAction, fit: readonly ServerNode[], skipped: readonly ServerNode[], options: PowerOptions): Promise<void> {
  if (options.confirmed) return;
  // One soft reboot or start of the row clicked is what the user asked for; more, or a cut of power, is asked about.
  if (fit.length === 1 && !skipped.length && (action === 'start' || action === 'reboot')) return;
  const { message, detail } = powerConfirmation(action, fit.map(rowOf), skipped.map(rowOf), t);
  const button = powerButton(action, t);
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, button);
  if (choice !== button) throw new UserCancelled();
}

export async function powerServers(ctx: ActionContext, action: PowerAction, node: unknown, second?: unknown, third?: unknown): Promise<PowerOutcome[]> {
  requireTrust();
  const { rows, options } = powerArgs(node, second, third);
  const { fit, skipped } = splitByStatus(action, rows, (row) => row.entry.server.status ?? '');
  if (!fit.length) {
    void vscode.window.showWarningMessage(t('Nothing to {0}: {1}', actionVerb(action), skipped.map((r) => t('"{0}" on {1} is {2}', r.name, regionLabel(r.region), r.entry.server.status)).join(', ')));
    return [];
  }
  await confirm(action, fit, skipped, options);
  const verb = actionVerb(action);
  const title = fit.length === 1 ? t('{0}: {1} on {2}', powerButton(action, t), fit[0]!.name, regionLabel(fit[0]!.region)) : t('{0}: {1} servers', powerButton(action, t), fit.length);
  const regions = fit.map((r) => r.region);
  let settled = 0;
  let cancelled = false;
  const outcomes = await withCancellableProgress(title, (progress, signal) => Promise.all(fit.map(async (row): Promise<TargetOutcome<PowerOutcome>> => {
    const target = regionLabel(row.region);
    const base = { target, name: row.name, id: row.resourceId };
    try {
      const status = await ctx.pool.using(row.region, async (session) => {
        const server = { id: row.resourceId, name: row.name };
        const send = async () => {
          await powerAction(session, server, action, AbortSignal.any([signal, AbortSignal.timeout(60_000)]));
          ctx.log.info(`${verb} of server ${row.resourceId} (${row.name}) on ${target}: accepted`);
          ctx.tree.refreshLists([row.region], ['servers']); // the row shows the change (and settles) at once
        };
        await send();
        if (options.wait === false) return undefined;
        const settled = () => waitForPowerAction(session, server, action, { timeoutMs: SETTLE_WAIT_MS, signal });
        try {
          return (await settled()).status;
        } catch (e) {
          if (!(e instanceof ActionReverted)) throw e;
          // A compute host that failed once (a busy database, a driver hiccup) usually does it the second time.
          ctx.log.warn(`${e.message}; sending the ${verb} once more`);
          await send();
          return (await settled()).status;
        }
      });
      progress.report({ message: t('{0} of {1} done', ++settled, fit.length), increment: 100 / fit.length });
      return { target, value: { ...base, status } };
    } catch (e) {
      if (signal.aborted || wasCancelled(e as Error)) {
        cancelled = true;
        return { target, value: { ...base, error: 'cancelled' } }; // the request went out: the tree follows it
      }
      ctx.log.error(`${verb} of server ${row.resourceId} on ${target} failed`, e);
      return { target, error: e as Error, value: { ...base, error: (e as Error).message } };
    }
  })));
  ctx.tree.refreshLists(regions, ['servers']);
  if (cancelled) ctx.log.info(`${verb}: stopped waiting for the servers to settle (cancelled); the Servers lists follow them`);
  report(ctx, verb, fit, outcomes);
  return outcomes.map((o) => o.value!);
}

/** Only failures speak: success shows in the tree. */
function report(ctx: ActionContext, verb: string, rows: readonly ServerNode[], outcomes: readonly TargetOutcome<PowerOutcome>[]): void {
  if (!outcomes.some((o) => o.error)) return;
  const what = rows.length === 1 ? t('{0} of {1}', verb, rows[0]!.name) : t('{0} of {1} servers', verb, rows.length);
  const summary = summarize(what.charAt(0).toUpperCase() + what.slice(1), outcomes, verb === 'stop' ? 'stopped' : 'done');
  const show = summary.severity === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const button = t('Show Log');
  void show(summary.message, button).then((c) => (c === button ? ctx.log.show() : undefined));
}
