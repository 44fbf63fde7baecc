// Packer's `-machine-readable` output, line by line: `TIMESTAMP,TARGET,TYPE,DATA...`, where a
// comma inside data is written `%!(PACKER_COMMA)` and a line break `\n` (Packer's own
// encoding). What a person should read (`ui` say/message/error lines) is turned back into text
// for the terminal; `artifact,N,file,I,PATH` lines name the files a build left. Lines that are not
// machine-readable (a plugin's stray output) are shown as they are. The text is the workspace
// author's and the tool's, so it goes to the terminal through terminalText. No `vscode` here.
import { terminalText } from '../text/terminal';

export interface PackerLine {
  /** Text to show, or undefined for a data-only line. */
  text?: string;
  /** Set for an `ui,error` line. */
  error?: boolean;
  /** A file an artifact left (relative to the template's folder, as Packer prints it). */
  artifactFile?: string;
}

const unescape = (s: string) => s.replace(/%!\(PACKER_COMMA\)/g, ',').replace(/\\n/g, '\n').replace(/\\r/g, '');

/** One line of `packer build -machine-readable`. */
export function parsePackerLine(line: string): PackerLine {
  const fields = line.split(',');
  if (fields.length < 3 || !/^\d+$/.test(fields[0])) return { text: terminalText(line) };
  const [, target, type, ...data] = fields;
  if (type === 'ui' && data.length >= 2) {
    const text = terminalText(unescape(data.slice(1).join(',')));
    return data[0] === 'error' ? { text, error: true } : { text };
  }
  if (type === 'artifact' && data[1] === 'file' && data.length >= 4) return { artifactFile: unescape(data.slice(3).join(',')) };
  if (type === 'error' && data.length) return { text: terminalText(`${target}: ${unescape(data.join(','))}`), error: true };
  return {};
}
