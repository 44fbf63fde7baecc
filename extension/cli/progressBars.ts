// One progress line per cloud on a terminal (redrawn in place); nothing on a pipe.
import { terminalLine } from '../text/terminal';
import type { UploadProgress } from '../openstack/images/progress';
import { formatBytes } from '../text/table';

export class ProgressBars {
  private readonly lines = new Map<string, string>();
  private drawn = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly stream: NodeJS.WriteStream, private readonly targets: string[]) {}

  static forStream(stream: NodeJS.WriteStream, targets: string[]): ProgressBars | undefined {
    return stream.isTTY ? new ProgressBars(stream, targets) : undefined;
  }

  update = (p: UploadProgress): void => {
    this.lines.set(p.target, render(p, Math.max(...this.targets.map((t) => t.length))));
    this.timer ??= setTimeout(() => this.draw(), 100);
  };

  private draw(): void {
    this.timer = undefined;
    const out = this.targets.map((t) => this.lines.get(t) ?? `${t}  waiting`);
    if (this.drawn) this.stream.write(`\x1b[${this.drawn}A`);
    const width = this.stream.columns || 100; // a pty without a size reports 0 columns
    // Cloud names come from clouds.yaml: escaped before the bars' own escape sequences are added.
    for (const line of out) this.stream.write(`\x1b[2K${terminalLine(line).slice(0, width - 1)}\n`);
    this.drawn = out.length;
  }

  finish(): void {
    clearTimeout(this.timer);
    this.draw();
  }
}

function render(p: UploadProgress, width: number): string {
  const name = p.target.padEnd(width);
  if (p.phase !== 'uploading' || !p.total) return `${name}  ${p.phase}${p.message ? `: ${p.message}` : ''}`;
  const fraction = Math.min(1, p.bytes / p.total);
  const bar = '#'.repeat(Math.round(fraction * 30)).padEnd(30, '.');
  return `${name}  [${bar}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${formatBytes(p.bytes)} / ${formatBytes(p.total)}  ${formatBytes(p.rate)}/s`;
}
