// Reads what ansible-playbook's default stdout callback printed and turns each failed task into a
// located finding (file, line of the task, message, host), as a problem matcher would, without
// VS Code. Where the task is: `task path: FILE:LINE` (printed on failure with
// ANSIBLE_SHOW_TASK_PATH_ON_FAILURE, see playbookCommand.ts), `Origin: FILE:LINE:COL` (ansible-core
// 2.19's error blocks, also for loop items, which get no task path), or older cores' "The error
// appears to be in 'FILE': line N". The output is untrusted (a module's message is cloud text):
// every message is cut to a bound and its control characters are escaped.
import { terminalLine } from '../text/terminal';

export interface PlaybookFinding {
  /** The task's name from its TASK banner ('' for an error before any task, e.g. a parse error). */
  task: string;
  /** The file and 1-based line of the task as ansible-playbook printed them; absent when it did not. */
  file?: string;
  line?: number;
  /** Safe to show: one line, control characters escaped, bounded. */
  message: string;
  /** `localhost`, or the host of the result; absent for an error of the playbook itself. */
  host?: string;
  /** The loop item's label (`item=b`), for a failed loop item. */
  item?: string;
  /** The task had `ignore_errors` (ansible printed `...ignoring`): not a failure of the run. */
  ignored: boolean;
  unreachable: boolean;
}

export interface PlaybookReport {
  findings: PlaybookFinding[];
  /** PLAY RECAP counts per host (ok, changed, unreachable, failed, skipped, rescued, ignored). */
  recap: Record<string, Record<string, number>>;
}

const MAX_MESSAGE = 1000;
const MAX_JSON_LINES = 400;

// Colours and other escape sequences (CSI, OSC, two-byte ESC) are dropped before matching, in case
// the user's ansible.cfg forces colour; what remains is escaped by terminalLine.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;

const BANNER = /^(?:TASK|RUNNING HANDLER) \[(.*)\] \*+\s*$/;
const PLAY = /^(?:PLAY|PLAY RECAP) .*\*+\s*$/;
const TASK_PATH = /^task path: (.+):(\d+)\s*$/;
const ORIGIN = /^Origin: (.+?):(\d+)(?::\d+)?\s*$/;
const OLD_ORIGIN = /^The (?:error|offending line) appears to be in '(.+)': line (\d+), column \d+/;
const RESULT = /^(fatal|failed): \[([^\]]*)\](?:: (FAILED|UNREACHABLE)!)?(?: \((item=.*?)\))? => (.*)$/;
const ERROR = /^(?:\[ERROR\]:|ERROR!) (.*)$/;
const RECAP = /^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$/;

/** One line, escaped, bounded: what a diagnostic or a log may show. */
export function safeMessage(text: string): string {
  const one = terminalLine(text.replace(ANSI, '').trim());
  return one.length > MAX_MESSAGE ? `${one.slice(0, MAX_MESSAGE)}…` : one;
}

/** The message of a failed result: `msg`, with the first line of stderr for a failed command. */
function resultMessage(json: unknown, raw: string): string {
  if (!json || typeof json !== 'object') return raw;
  const r = json as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));
  const msg = text(r.msg) || text(r.reason) || text(r.module_stderr) || raw;
  const stderr = typeof r.stderr === 'string' ? r.stderr.trim().split('\n')[0] : '';
  return stderr && !msg.includes(stderr) ? `${msg}: ${stderr}` : msg;
}

/** The result's JSON, which a pretty result format spreads over several lines; returns lines used. */
function readResult(lines: readonly string[], at: number, first: string): { json: unknown; used: number } {
  let text = first;
  for (let used = 1; used <= MAX_JSON_LINES; used++) {
    try {
      return { json: JSON.parse(text), used };
    } catch {
      if (at + used >= lines.length || !/^[\s{}[\]"]/.test(first)) break;
      text += `\n${lines[at + used]}`;
    }
  }
  return { json: undefined, used: 1 };
}

export function parsePlaybookOutput(output: string): PlaybookReport {
  const lines = output.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(ANSI, ''));
  const findings: PlaybookFinding[] = [];
  const recap: PlaybookReport['recap'] = {};
  let task = '';
  let where: { file: string; line: number } | undefined;
  let inErrorBlock = false;
  let standalone: PlaybookFinding | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpExecArray | null;
    if ((m = BANNER.exec(line))) {
      task = m[1]!;
      where = undefined;
      standalone = undefined;
    } else if (PLAY.test(line)) {
      task = '';
      where = undefined;
    } else if ((m = TASK_PATH.exec(line))) {
      where = { file: m[1]!, line: Number(m[2]) };
    } else if ((m = ORIGIN.exec(line) ?? OLD_ORIGIN.exec(line)) && (inErrorBlock || standalone)) {
      where = { file: m[1]!, line: Number(m[2]) };
      if (standalone && !standalone.file) Object.assign(standalone, where);
      inErrorBlock = false;
    } else if ((m = ERROR.exec(line))) {
      // "Task failed: ..." announces the result line that follows; any other error is the
      // playbook's own (parse error, unknown module) and gets its own finding.
      inErrorBlock = true;
      standalone = undefined;
      if (!m[1]!.startsWith('Task failed:')) {
        standalone = { task, message: safeMessage(m[1]!), ignored: false, unreachable: false };
        findings.push(standalone);
      }
    } else if ((m = RESULT.exec(line))) {
      const { json, used } = readResult(lines, i, m[5]!);
      i += used - 1;
      const ignored = lines[i + 1]?.trim() === '...ignoring';
      findings.push({
        task, ...where, message: safeMessage(resultMessage(json, m[5]!)), host: m[2]!,
        ...(m[4] ? { item: safeMessage(m[4]) } : {}), ignored, unreachable: m[3] === 'UNREACHABLE',
      });
      inErrorBlock = false;
    } else if ((m = RECAP.exec(line))) {
      recap[m[1]!] = Object.fromEntries([...m[2]!.matchAll(/(\w+)=(\d+)/g)].map((c) => [c[1]!, Number(c[2])]));
    }
  }
  return { findings, recap };
}

/**
 * The 1-based line of the task named `name` in a playbook's text, for a finding ansible printed
 * no location for (a failed loop item before ansible-core 2.19). Only a unique match counts.
 */
export function taskLineByName(playbook: string, name: string): number | undefined {
  if (!name) return undefined;
  const quoted = (s: string) => [s, `"${s}"`, `'${s}'`];
  const found: number[] = [];
  playbook.split(/\r?\n/).forEach((text, i) => {
    const m = /^\s*(?:-\s+)?name:\s*(.*?)\s*$/.exec(text);
    if (m && quoted(name).includes(m[1]!)) found.push(i + 1);
  });
  return found.length === 1 ? found[0] : undefined;
}
