// Two optional boot wizard steps: the security groups (the chosen clouds' groups, "default"
// checked unless the user chose others) and cloud-init user data (none, the active editor, or a
// file). Both keep the previous answer when the user comes back to them.
import * as vscode from 'vscode';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CloudRegion } from '../../config/index';
import { listSecurityGroups } from '../../openstack/services/network';
import { regionLabel } from '../explorer/explorerModel';
import { choiceItems } from './bootChoices';
import { commonChoices } from './commonChoices';
import { pickStep, type Step } from './quickSteps';
import type { ActionContext } from './actionContext';

/** Nova takes at most 65535 bytes of base64 user data. */
const USER_DATA_MAX = 49_152;

export async function pickSecurityGroups(step: Step, ctx: ActionContext, targets: CloudRegion[], current: string[]): Promise<string[]> {
  const items = Promise.all(targets.map(async (r) => ({
    target: regionLabel(r),
    items: await ctx.pool.using(r, (s) => listSecurityGroups(s, { fields: ['name', 'description'] }, AbortSignal.timeout(60_000))),
  }))).then((lists) => choiceItems(commonChoices(lists, (g) => g.name), (g) => g.description ?? '').map((i) => ({ ...i, picked: i.value !== undefined && (current.length ? current.includes(i.value) : i.value === 'default') })));
  const picked = await pickStep({
    ...step, canPickMany: true, items, selected: (i) => !!i.picked,
    placeholder: vscode.l10n.t('Security groups (none checked: the cloud\'s default)'),
  });
  return picked.map((i) => i.value!).filter(Boolean);
}

/** `file`: where the text is saved, for an exported playbook to read it from (unsaved editors have none). */
export interface UserData { text: string; from: string; file?: string }

type UserDataItem = vscode.QuickPickItem & { source: 'none' | 'editor' | 'file' };

export async function pickUserData(step: Step, current: UserData | undefined): Promise<UserData | undefined> {
  const editor = vscode.window.activeTextEditor?.document;
  const items: UserDataItem[] = [
    { label: vscode.l10n.t('No user data'), source: 'none' },
    ...(editor ? [{ label: `$(file) ${vscode.l10n.t('From the active editor')}`, description: path.basename(editor.fileName), source: 'editor' as const }] : []),
    { label: `$(folder-opened) ${vscode.l10n.t('From a file…')}`, description: 'cloud-init', source: 'file' },
  ];
  for (;;) {
    const [picked] = await pickStep({
      ...step, items, placeholder: vscode.l10n.t('cloud-init user data (optional)'),
      selected: (i) => (current ? (current.from === path.basename(editor?.fileName ?? '') ? i.source === 'editor' : i.source === 'file') : i.source === 'none'),
    });
    if (!picked || picked.source === 'none') return undefined;
    const chosen = picked.source === 'editor' ? fromEditor(editor!) : await userDataFile();
    if (chosen && fits(chosen.from, Buffer.byteLength(chosen.text))) return chosen;
    // nothing usable chosen: the step again
  }
}

function fits(from: string, bytes: number): boolean {
  if (bytes <= USER_DATA_MAX) return true;
  void vscode.window.showWarningMessage(vscode.l10n.t('{0} is too large for user data ({1} bytes at most)', from, USER_DATA_MAX));
  return false;
}

function fromEditor(document: vscode.TextDocument): UserData {
  const saved = !document.isUntitled && !document.isDirty && document.uri.scheme === 'file';
  return { text: document.getText(), from: path.basename(document.fileName), ...(saved ? { file: document.uri.fsPath } : {}) };
}

async function userDataFile(): Promise<UserData | undefined> {
  const [uri] = await vscode.window.showOpenDialog({ title: vscode.l10n.t('cloud-init user data'), openLabel: vscode.l10n.t('Use'), canSelectMany: false }) ?? [];
  return uri && readUserData(uri.fsPath);
}

/** The user data in a file (undefined, said in a warning, when it is too large for nova). */
export async function readUserData(file: string): Promise<UserData | undefined> {
  if (!fits(path.basename(file), (await fs.stat(file)).size)) return undefined;
  return { text: await fs.readFile(file, 'utf8'), from: path.basename(file), file };
}
