// A tool's output (ansible-playbook, packer, disk-image-create) arrives in chunks that cut lines
// anywhere; what shows it, parses it or escapes it wants whole lines (a CRLF cut in two would
// otherwise show as an escaped CR). The part line kept between chunks is bounded: output that
// never ends a line is passed on in pieces instead of held without limit.

/** Feeds chunks of output, calls back per complete line (a partial line waits for the rest). */
export class LineSplitter {
  private rest = '';
  constructor(private readonly onLine: (line: string) => void, private readonly maxLine = 64 * 1024) {}

  push(chunk: string): void {
    const text = this.rest + chunk;
    const lines = text.split(/\r?\n/);
    this.rest = lines.pop() ?? '';
    // A line without an end in sight is shown in pieces rather than kept in memory without bound.
    if (this.rest.length > this.maxLine) {
      lines.push(this.rest);
      this.rest = '';
    }
    for (const line of lines) this.onLine(line);
  }

  end(): void {
    if (this.rest) this.onLine(this.rest);
    this.rest = '';
  }
}
