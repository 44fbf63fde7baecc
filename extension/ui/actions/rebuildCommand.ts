// "Rebuild from Image…" on a server row: pick one of its cloud's active images, confirm (the
// disk is replaced), then Nova's rebuild; a cancellable progress waits until the server has
// settled and the Servers list follows it (explorer/settling.ts).
import * as vscode from 'vscode';
import { rebuildServer, waitForRebuild, type Image } from '../../openstack/index';
import { UserCancelled } from '../commandRunner';
import { imageDescription } from '../explorer/describe';
import { regionLabel } from '../explorer/explorerModel';
import { ServerNode } from '../tree/itemNodes';
import { requireTrust, withCancellableProgress, type ActionContext } from './actionContext';
import { expect, type ItemOptions } from './serverActions';

export interface RebuildOptions extends ItemOptions {
  /** The image's name or ID on the server's cloud (no picker). */
  image?: string;
}

const t = (message: string, ...args: (string | number)[]) => vscode.l10n.t(message, ...args);

export async function rebuildServerCommand(ctx: ActionContext, node: unknown, options: RebuildOptions = {}): Promise<{ status: string; image: string }> {
  requireTrust();
  const server = expect(node, ServerNode, 'server');
  const where = regionLabel(server.region);
  const images = (await ctx.model.list(server.region, 'images').loadAll()).filter((i) => i.status === 'active');
  const image = options.image !== undefined ? findImage(images, options.image, where) : await pickImage(images, server, where);
  if (!options.confirmed) {
    const button = t('Rebuild');
    const choice = await vscode.window.showWarningMessage(t('Rebuild server "{0}" on {1} from image "{2}"?', server.name, where, image.name || image.id), {
      modal: true,
      detail: t('Its disk is replaced by the image: what is on it is lost. The name, addresses, flavor and key pair stay. ID {0}.', server.resourceId),
    }, button);
    if (choice !== button) throw new UserCancelled();
  }
  const ref = { id: server.resourceId, name: server.name };
  const settled = await withCancellableProgress(t('Rebuilding {0} on {1}', server.name, where), (_progress, signal) => ctx.pool.using(server.region, async (session) => {
    await rebuildServer(session, ref, image.id, AbortSignal.any([signal, AbortSignal.timeout(60_000)]));
    ctx.log.info(`rebuild of server ${server.resourceId} (${server.name}) on ${where} from image ${image.id}: accepted`);
    ctx.tree.refreshLists([server.region], ['servers']);
    return waitForRebuild(session, ref, { signal });
  })).then(undefined, (e: Error) => {
    ctx.tree.refreshLists([server.region], ['servers']);
    throw e;
  });
  ctx.tree.refreshLists([server.region], ['servers']);
  return { status: settled.status, image: image.id };
}

function findImage(images: readonly Image[], wanted: string, where: string): Image {
  const found = images.find((i) => i.id === wanted) ?? images.find((i) => i.name === wanted);
  if (!found) throw new Error(t('{0} has no active image "{1}"', where, wanted));
  return found;
}

async function pickImage(images: readonly Image[], server: ServerNode, where: string): Promise<Image> {
  if (!images.length) throw new Error(t('{0} has no active image to rebuild from', where));
  const current = typeof server.entry.server.image === 'object' ? server.entry.server.image?.id : undefined;
  const picked = await vscode.window.showQuickPick(images.map((i) => ({
    label: i.name || i.id, description: [imageDescription(i), i.id === current ? t('the image it runs now') : ''].filter(Boolean).join(' · '), image: i,
  })), { title: t('Rebuild {0} on {1}', server.name, where), placeHolder: t('Image to rebuild the server from'), ignoreFocusOut: true });
  if (!picked) throw new UserCancelled();
  return picked.image;
}
