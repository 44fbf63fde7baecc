import type { Position, Range } from './problem';

/**
 * Converts between character offsets and 0-based line/character positions of one text. The
 * table of line starts is built on first use: a validation that finds no problem never needs it.
 */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  private get lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i !== -1; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const lineStarts = this.lineStarts;
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - lineStarts[low]! };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(position: Position): number {
    const lineStarts = this.lineStarts;
    const line = Math.max(0, Math.min(position.line, lineStarts.length - 1));
    const lineEnd = line + 1 < lineStarts.length ? lineStarts[line + 1]! - 1 : this.text.length;
    return Math.min(lineStarts[line]! + Math.max(0, position.character), lineEnd);
  }

  lineText(line: number): string {
    const lineStarts = this.lineStarts;
    const start = lineStarts[line] ?? this.text.length;
    const next = lineStarts[line + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }
}
