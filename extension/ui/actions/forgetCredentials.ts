// Secrets the files lack, by hand: "Forget Stored Credentials" removes those the user let VS Code
// keep (and those entered in this window) and closes the affected sessions, so that the next use
// asks again; a cloud that cannot even resolve without one (an application credential's secret)
// gets it from its problem row.
import * as vscode from 'vscode';
import type { CloudsConfigService } from '../cloudsConfigService';
import { UserCancelled } from '../commandRunner';
import { secretName, type CredentialStore } from '../explorer/credentials';
import { regionNeedingSecret } from '../explorer/secretNeeds';
import type { ActionContext } from './actionContext';

export async function enterSecret(config: CloudsConfigService, credentials: CredentialStore, cloud: string, key: string): Promise<void> {
  const region = regionNeedingSecret(await config.get(), cloud, key);
  if (!region) throw new Error(`${cloud} does not resolve even with a ${secretName(key)}: see its other problems`);
  if (!(await credentials.obtain(region, key))) throw new UserCancelled();
  await config.resolveAgain();
}

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
  await ctx.config.resolveAgain(); // clouds that resolved only with a forgotten secret lack it again
  return names;
}
