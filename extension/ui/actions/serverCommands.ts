// The commands of issue 13's server and image actions (power, rebuild, details, console follow, export as playbook), kept
// apart from registerExplorer.ts so that the explorer's wiring stays short.
import type * as vscode from 'vscode';
import { registerCommand } from '../commandRunner';
import type { ActionContext } from './actionContext';
import { followConsoleLog, showImageDetails, showServerDetails } from './detailsCommands';
import { powerServers } from './powerCommands';
import { rebuildServerCommand } from './rebuildCommand';
import { exportImagePlaybook, exportServerPlaybook } from '../ansible/exportCommands';
import { copyImageCommand, type CopyImageArgs } from './copyImage';

const isArgs = (v: unknown): v is CopyImageArgs => !!v && typeof v === 'object' && !Array.isArray(v);

export function registerServerCommands(ctx: ActionContext): vscode.Disposable[] {
  const power = (id: string, action: Parameters<typeof powerServers>[1]) =>
    registerCommand(ctx.log, id, (node: unknown, selected?: unknown, options?: unknown) => powerServers(ctx, action, node, selected, options));
  return [
    power('openstack.rebootServer', 'reboot'),
    power('openstack.hardRebootServer', 'hardReboot'),
    power('openstack.stopServer', 'stop'),
    power('openstack.startServer', 'start'),
    registerCommand(ctx.log, 'openstack.rebuildServer', (node: unknown, options?: object) => rebuildServerCommand(ctx, node, options)),
    registerCommand(ctx.log, 'openstack.showServerDetails', (node: unknown) => showServerDetails(ctx, node)),
    registerCommand(ctx.log, 'openstack.showImageDetails', (node: unknown) => showImageDetails(ctx, node)),
    registerCommand(ctx.log, 'openstack.exportServerPlaybook', (node: unknown) => exportServerPlaybook(ctx, node)),
    registerCommand(ctx.log, 'openstack.exportImagePlaybook', (node: unknown) => exportImagePlaybook(ctx, node)),
    registerCommand(ctx.log, 'openstack.copyImage', (node: unknown, _selected?: unknown, args?: CopyImageArgs) => copyImageCommand(ctx, node, isArgs(args) ? args : {})),
    registerCommand(ctx.log, 'openstack.followConsoleLog', (node: unknown, options?: { intervalMs?: number }) => followConsoleLog(ctx, node, options)),
  ];
}
