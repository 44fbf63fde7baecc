// Read-only documents about a row: a server's or an image's details (YAML, read afresh from the
// cloud), and a server's console log that follows the server: read again every few seconds while
// an editor tab shows it, no longer once the tab is closed (or the server is gone).
import * as vscode from 'vscode';
import { consoleLog, fetchServerDetails, imageDetailsYaml, serverDetailsYaml, showImage, type Session } from '../../openstack/index';
import { terminalText } from '../../text/terminal';
import { regionLabel } from '../explorer/explorerModel';
import { ImageNode, ResourceNode, ServerNode } from '../tree/itemNodes';
import { requireTrust, type ActionContext } from './actionContext';
import { expect } from './serverActions';

const t = (message: string, ...args: (string | number)[]) => vscode.l10n.t(message, ...args);

export function showServerDetails(ctx: ActionContext, node: unknown): Promise<string> {
  const server = expect(node, ServerNode, 'server');
  return showDetails(ctx, server, 'servers', (session, signal) => fetchServerDetails(session, server.resourceId, signal), serverDetailsYaml);
}

export function showImageDetails(ctx: ActionContext, node: unknown): Promise<string> {
  const image = expect(node, ImageNode, 'image');
  return showDetails(ctx, image, 'images', (session, signal) => showImage(session, image.resourceId, signal), imageDetailsYaml);
}

/** Reads the row's resource afresh and opens its YAML; a resource that is gone refreshes its list instead. */
async function showDetails<T>(ctx: ActionContext, row: ResourceNode, kind: 'servers' | 'images', read: (session: Session, signal: AbortSignal) => Promise<T | undefined>, render: (value: T, where: string) => string): Promise<string> {
  requireTrust();
  const where = regionLabel(row.region);
  const value = await ctx.pool.using(row.region, (session) => read(session, AbortSignal.timeout(60_000)));
  if (!value) {
    ctx.tree.refreshLists([row.region], [kind]);
    throw new Error(t('{0}: {1} no longer exists', where, row.name));
  }
  const text = render(value, where);
  await ctx.documents.show(`${row.name || row.resourceId} (${where}) ${kind === 'servers' ? 'server' : 'image'}.yaml`, text, 'yaml');
  return text;
}

/** What follows a console log: for automation and tests. */
export interface ConsoleFollow {
  uri: string;
  /** Reads so far (the first one included). */
  readonly reads: number;
  /** Resolves when following stopped (the tab closed, the server gone, or the time limit). */
  readonly stopped: Promise<string>;
}

/** Seconds between reads: often enough to watch a boot, rare enough for a cloud's API. */
export const FOLLOW_INTERVAL_MS = 5000;
/** Following ends after an hour even if the tab stays open. */
const FOLLOW_MAX_MS = 60 * 60_000;

function consoleLines(): number | undefined {
  const lines = vscode.workspace.getConfiguration('openstack').get<number>('console.lines', 500);
  return lines > 0 ? lines : undefined;
}

export async function followConsoleLog(ctx: ActionContext, node: unknown, options: { intervalMs?: number } = {}): Promise<ConsoleFollow> {
  requireTrust();
  const server = expect(node, ServerNode, 'server');
  const where = regionLabel(server.region);
  const read = () => ctx.pool.using(server.region, (session) => consoleLog(session, server.resourceId, consoleLines(), AbortSignal.timeout(60_000)));
  // The console is the guest's text: control characters and bidi marks are shown as escapes.
  const shown = (output: string) => `${terminalText(output) || t('(the console log is empty)')}\n${t('--- following: read again every {0} s while this tab is open', Math.round((options.intervalMs ?? FOLLOW_INTERVAL_MS) / 100) / 10)}\n`;
  let output = await read();
  const editor = await ctx.documents.show(`${server.name} (${where}) console.log`, shown(output));
  const uri = editor.document.uri;
  const state = { reads: 1 };
  const stopped = (async () => {
    const until = Date.now() + FOLLOW_MAX_MS;
    for (;;) {
      await new Promise((r) => setTimeout(r, options.intervalMs ?? FOLLOW_INTERVAL_MS));
      if (!ctx.documents.isShown(uri)) return 'closed';
      if (Date.now() > until) return 'time limit';
      try {
        const next = await read();
        state.reads++;
        if (next !== output && !ctx.documents.update(uri, shown((output = next)))) return 'forgotten';
      } catch (e) {
        ctx.log.warn(`console log of ${server.name} on ${where}: stopped following: ${(e as Error).message}`);
        return 'failed';
      }
    }
  })();
  void stopped.then((why) => ctx.log.info(`console log of ${server.name} on ${where}: stopped following (${why})`));
  return { uri: uri.toString(), get reads() { return state.reads; }, stopped };
}
