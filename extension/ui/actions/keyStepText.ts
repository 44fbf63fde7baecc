// What the boot wizard's key step and its last step say about the way in: a short placeholder
// (a long one is cut off), the details in the rows; when the chosen clouds have no key pair, the
// user's public keys to import; when no key is chosen, that SSH will not work. No `vscode` here
// (unit-tested); bootKeyStep.ts draws it.
import os from 'node:os';
import path from 'node:path';

export interface ImportOffer {
  label: string;
  description: string;
  detail?: string;
}

/** `~/.ssh/id_ed25519.pub` for a file in the home folder (shorter, and no user name in screenshots). */
export function shownPath(file: string, home = os.homedir()): string {
  return home && file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}

/** At most this many characters fit a quick pick's placeholder in a narrow window. */
export const PLACEHOLDER_MAX = 60;

export function keyStepPlaceholder(hasKeyPairs: boolean): string {
  return hasKeyPairs ? 'Key pair to log in with, and network access' : 'No key pair on these clouds: import one?';
}

/**
 * The separator above the import rows, when there are key pairs above them. Without any, no
 * separator: the placeholder says it, and VS Code draws the first separator's label on the same
 * line as the first row, where a long one cuts that row off.
 */
export function importHeading(hasKeyPairs: boolean): string | undefined {
  return hasKeyPairs ? 'Or import' : undefined;
}

/** A row offering one public key file: imported under `keyPairName` on each chosen cloud. */
export function importOffer(file: string, keyPairName: string, type: string, targets: readonly string[]): ImportOffer {
  return {
    label: `$(cloud-upload) Import ${path.basename(file)}`,
    description: `as "${keyPairName}"`,
    // One short line (a long detail is cut off): the clouds are counted when there are several.
    detail: `${type} from ${shownPath(file)} to ${targets.length === 1 ? targets[0] : `each of the ${targets.length} clouds`}`,
  };
}

export function chooseFileOffer(found: number): ImportOffer {
  return { label: '$(folder-opened) Import a public key file…', description: found ? 'another .pub file' : 'no ~/.ssh/id_*.pub found; choose a .pub file' };
}

/** What the last step says about SSH: the key the server gets, or that it cannot be logged in to. */
export function reachabilityNote(keyName: string | undefined, importedFrom?: string): string {
  if (!keyName) return 'No key pair chosen: the server will not be reachable by SSH.';
  return importedFrom ? `Key pair "${keyName}" (your ${shownPath(importedFrom)}, imported where missing).` : `Key pair "${keyName}".`;
}
