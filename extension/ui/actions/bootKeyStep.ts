// The boot wizard's key step: a key pair the chosen clouds have, or one of the user's public keys
// to import to each of them (found in ~/.ssh, or a chosen file), and "make sure it is on the
// internet". At most one key: a newly checked key replaces the one checked before.
import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import type { CloudRegion } from '../../config/index';
import { CloudSettings, findPublicKeys, readPublicKey, type PublicKey } from '../../openstack/index';
import { regionLabel } from '../explorer/explorerModel';
import type { ListItems } from '../explorer/resourceKinds';
import { choiceItems } from './bootChoices';
import { commonChoices } from './commonChoices';
import { chooseFileOffer, importHeading, importOffer, keyStepPlaceholder } from './keyStepText';
import { pickStep, type Step } from './quickSteps';

type KeyItem = vscode.QuickPickItem & { key?: string; importKey?: PublicKey; chooseFile?: boolean; internet?: boolean };

export interface KeyChoice {
  keyName: string | undefined;
  /** A public key to import (under `keyName`) on each chosen cloud that lacks it. */
  importKey: PublicKey | undefined;
  autoIp: boolean;
}

const isKey = (i: KeyItem) => i.key !== undefined || !!i.importKey || !!i.chooseFile;

export async function pickKeyAndInternet(
  step: Step, targets: CloudRegion[], lists: Promise<{ target: string; items: readonly ListItems['keypairs'][] }[]>,
  current: { keyName?: string; importKey?: PublicKey; autoIp?: boolean }, lastKey: string | undefined,
): Promise<KeyChoice> {
  const fipClouds = targets.filter((t) => new CloudSettings(t).floatingIpSource() !== undefined);
  const internetDefault = current.autoIp ?? fipClouds.length > 0;
  const labels = targets.map(regionLabel);
  const loaded = Promise.all([lists, findPublicKeys(path.join(os.homedir(), '.ssh'))]).then(([l, publicKeys]) => {
    const choices = commonChoices(l, (k) => k.name);
    const items: KeyItem[] = [
      ...choiceItems(choices, (k) => k.type ?? '', current.importKey ? undefined : current.keyName ?? lastKey).map((i): KeyItem => ({ ...i, key: i.value })),
      ...[importHeading(choices.length > 0)].flatMap((label): KeyItem[] => (label ? [{ label, kind: vscode.QuickPickItemKind.Separator }] : [])),
      ...publicKeys.map((k): KeyItem => ({ ...importOffer(k.file, k.keyPairName, k.type, labels), importKey: k, picked: current.importKey?.file === k.file || (!choices.length && k === publicKeys[0] && !current.keyName) })),
      { ...chooseFileOffer(publicKeys.length), chooseFile: true },
      { label: 'Network access', kind: vscode.QuickPickItemKind.Separator },
      {
        label: '$(globe) Make sure it is on the internet', internet: true, picked: internetDefault,
        detail: fipClouds.length === targets.length ? 'adds a floating IP where the server gets no public address (auto_ip)'
          : `adds a floating IP where needed; ${targets.filter((t) => !fipClouds.includes(t)).map(regionLabel).join(', ')} ha${targets.length - fipClouds.length > 1 ? 've' : 's'} floating_ip_source: None`,
      },
    ];
    return { items, placeholder: keyStepPlaceholder(choices.length > 0) };
  });
  for (;;) {
    let previous = new Set<KeyItem>();
    const picked = await pickStep<KeyItem>({
      ...step, canPickMany: true, items: loaded.then((l) => l.items), selected: (i) => !!i.picked,
      placeholder: loaded.then((l) => l.placeholder),
      onSelection: (selected, picker) => {
        if (selected.filter(isKey).length > 1) picker.selectedItems = selected.filter((i) => !isKey(i) || !previous.has(i));
        previous = new Set(picker.selectedItems.filter(isKey));
      },
    });
    const autoIp = picked.some((i) => i.internet);
    const key = picked.find(isKey);
    if (!key?.chooseFile) return { keyName: key?.importKey?.keyPairName ?? key?.key, importKey: key?.importKey, autoIp };
    const chosen = await chooseKeyFile();
    if (chosen) return { keyName: chosen.keyPairName, importKey: chosen, autoIp };
    // no file chosen: the step again
  }
}

/** A public key file the user picks; a file that is not one is said so (and nothing is chosen). */
async function chooseKeyFile(): Promise<PublicKey | undefined> {
  const [uri] = await vscode.window.showOpenDialog({
    title: 'Public key to import', openLabel: 'Import', canSelectMany: false,
    defaultUri: vscode.Uri.file(path.join(os.homedir(), '.ssh')), filters: { 'SSH public keys': ['pub'], 'All files': ['*'] },
  }) ?? [];
  if (!uri) return undefined;
  try {
    return await readPublicKey(uri.fsPath);
  } catch (e) {
    void vscode.window.showWarningMessage(`Not imported: ${(e as Error).message}`);
    return undefined;
  }
}
