// The base image commands: "Get Base Image…" and the Image Matrix (with its Sync, also a command
// for automation and tests: `openstack.imageMatrixSync` with a row key).
import * as vscode from 'vscode';
import { registerCommand } from '../commandRunner';
import { pickTargets, regionsFromSpecs, requireTrust, type ActionContext } from '../actions/actionContext';
import { getBaseImageCommand } from './getBaseImage';
import { ImageMatrixPanel } from './imageMatrixPanel';

export function registerImageCommands(context: vscode.ExtensionContext, ctx: ActionContext): void {
  const matrix = new ImageMatrixPanel(ctx, context.extensionUri);
  context.subscriptions.push(
    matrix,
    registerCommand(ctx.log, 'openstack.getBaseImage', (args?: unknown) => getBaseImageCommand(ctx, args)),
    registerCommand(ctx.log, 'openstack.showImageMatrix', async (args?: unknown) => {
      requireTrust();
      const specs = targetSpecs(args);
      const targets = specs ? await regionsFromSpecs(ctx, specs) : await pickTargets(ctx, { title: vscode.l10n.t('Image Matrix') });
      await matrix.show(targets);
      return matrix.state();
    }),
    registerCommand(ctx.log, 'openstack.imageMatrixSync', async (key?: unknown) => {
      requireTrust();
      if (typeof key !== 'string') return undefined;
      await matrix.sync(key);
      return matrix.state();
    }),
  );
}

function targetSpecs(args: unknown): string[] | undefined {
  const targets = args && typeof args === 'object' ? (args as { targets?: unknown }).targets : undefined;
  return Array.isArray(targets) && targets.every((t) => typeof t === 'string') ? targets : undefined;
}
