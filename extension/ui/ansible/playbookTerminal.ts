// The terminal of one ansible-playbook run (a Task's CustomExecution): spawns the process, shows
// its output line by line with control characters escaped and known secrets redacted (a module's
// message is cloud text), keeps the output for the parser, and reports the end once.
import { spawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import type { PlaybookCommand } from '../../ansible/playbookCommand';
import { LineSplitter } from '../../text/lineSplitter';
import { terminalText } from '../../text/terminal';

/** Output kept for the parser; a run printing more keeps only its start (and says so). */
const MAX_OUTPUT = 32 << 20;

export interface PlaybookExit {
  /** The exit code; undefined when the process could not start or was stopped. */
  code: number | undefined;
  output: string;
  /** `ENOENT` when ansible-playbook is not there. */
  spawnError?: string;
  stopped: boolean;
}

export class PlaybookTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private child: ChildProcess | undefined;
  private output = '';
  private truncated = false;
  /** Whole lines to the terminal (LineSplitter says why). */
  private readonly lines = new LineSplitter((line) => this.show(`${line}\n`));
  private stopped = false;
  private ended = false;

  constructor(
    private readonly command: PlaybookCommand,
    private readonly heading: string,
    private readonly redact: (text: string) => string,
    private readonly onEnd: (exit: PlaybookExit) => Promise<string | undefined>,
  ) {}

  open(): void {
    this.show(`${this.heading}\n\n`);
    const child = spawn(this.command.command, this.command.args, { cwd: this.command.cwd, env: this.command.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const out = new StringDecoder('utf8');
    const err = new StringDecoder('utf8');
    child.stdout!.on('data', (b: Buffer) => this.take(out.write(b)));
    child.stderr!.on('data', (b: Buffer) => this.take(err.write(b)));
    child.on('error', (e: NodeJS.ErrnoException) => void this.end(undefined, e.code ?? e.message));
    child.on('close', (code) => {
      this.take(out.end() + err.end());
      void this.end(code ?? undefined);
    });
  }

  /** The user closed the terminal or stopped the task: stop ansible-playbook. */
  close(): void {
    if (this.child && this.child.exitCode === null && !this.ended) {
      this.stopped = true;
      this.child.kill('SIGTERM');
    }
  }

  private take(text: string): void {
    if (!text) return;
    if (this.output.length + text.length <= MAX_OUTPUT) this.output += text;
    else this.truncated = true;
    this.lines.push(text);
  }

  private show(text: string): void {
    this.written.fire(terminalText(this.redact(text)).replace(/\n/g, '\r\n'));
  }

  private async end(code: number | undefined, spawnError?: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.lines.end();
    if (this.truncated) this.show(`\n(the output passed ${MAX_OUTPUT >> 20} MiB: failed tasks after that point are not shown as problems)\n`);
    let summary: string | undefined;
    try {
      summary = await this.onEnd({ code, output: this.output, spawnError, stopped: this.stopped });
    } catch (e) {
      summary = e instanceof Error ? e.message : String(e);
    }
    if (summary) this.show(`\n${summary}\n`);
    this.closed.fire(code ?? 1);
    this.written.dispose();
    this.closed.dispose();
  }
}
