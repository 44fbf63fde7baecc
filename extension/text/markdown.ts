// Text from a cloud or a workspace file shown in a Markdown tooltip or hover. Escaped so that it
// renders as the characters it holds: no link, image, autolink (`https://...`, `www.`),
// `command:` URI, HTML tag or emphasis the cloud wrote. The VS Code side also renders these
// MarkdownStrings untrusted and without HTML (ui/untrustedMarkdown.ts): the escaping keeps a
// cloud's text from turning into a link or markup even where Markdown would allow it.
import { terminalLine } from './terminal';

/** Every ASCII punctuation character may be backslash-escaped in CommonMark and renders as itself. */
const MARKDOWN_PUNCTUATION = /[\\`*_{}[\]()#+\-.!|<>~:&"'=$%;,/?@^]/g;

/**
 * Untrusted text as Markdown text: control characters shown as escapes, punctuation escaped
 * (which also breaks autolinks, whose scheme needs a bare `:` and `www.` a bare `.`), and line
 * breaks kept as Markdown line breaks.
 */
export function markdownText(text: string): string {
  return text
    .split(/\r\n|\n|\r/)
    .map((line) => terminalLine(line).replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`).replace(/^ +/, (s) => '&nbsp;'.repeat(s.length)))
    .join('  \n');
}

/** Untrusted text as an inline code span (ids, addresses): one line, no backtick to close it early. */
export function markdownCode(text: unknown): string {
  return `\`${terminalLine(String(text)).replace(/`/g, "'")}\``;
}
