// "Forget Stored Credentials": removes secrets the user let VS Code keep (and those entered in
// this window), then closes the affected sessions, so that the next use asks again.
import * as vscode from 'vscode';
import { UserCancelled } from '../commandRunner';
import { secretName, type CredentialStore } from '../explorer/credentials';
import type { ActionContext } from './actionContext';

/** `clouds` (from automation): forget these without asking; `[]` or none: ask which. */
export async function forgetCredentials(ctx: ActionContext, credentials: CredentialStore, clouds?: string[]): Promise<string[]> {
  const stored = credentials.stored();
  let chosen: string[] | undefined = Array.isArray(clouds) && clouds.length ? clouds : undefined;
  if (!chosen && stored.length) {
    const items = stored.map((s) => ({ label: s.cloud, description: `${secretName(s.key)}${s.user ? ` of ${s.user}` : ''}`, detail: s.authUrl, picked: true }));
    const picked = await vscode.window.showQuickPick(items, { title: 'OpenStack: forget stored credentials', placeHolder: 'Secrets kept in VS Code\'s secret storage', canPickMany: true });
    if (!picked?.length) throw new UserCancelled();
    chosen = [...new Set(picked.map((p) => p.label))];
  }
  const removed = await credentials.forget(chosen);
  for (const cloud of chosen ?? [...new Set(stored.map((s) => s.cloud))]) ctx.model.resetCloud(cloud);
  if (!chosen) ctx.pool.close();
  const names = [...new Set(removed.map((r) => r.cloud))];
  void vscode.window.showInformationMessage(names.length ? `Forgot the stored credentials of ${names.join(', ')}.` : 'No credentials were stored; secrets entered in this window are forgotten too.');
  ctx.tree.reset();
  return names;
}
