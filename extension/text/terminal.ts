// Text from a cloud or a workspace file (names, descriptions, error bodies, console logs) on its
// way to a terminal. A name like "web\x1b]52;c;...\x07" would otherwise write the user's clipboard,
// "\x1b[2J" clear the screen, a bare CR overwrite the line before it (hiding a warning), and
// C1 controls (U+0080..U+009F) act as escapes in terminals that honour them. Every control
// character is shown as a \uXXXX escape instead (also valid inside JSON strings), as are the
// invisible bidirectional overrides that reorder what is displayed (CVE-2021-42574).

/** C0 controls but TAB and LF, DEL, C1 controls, and the bidi embedding/override/isolate marks. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Multi-line text (a console log, an error body, a whole report) made safe for a terminal: line
 * breaks and tabs stay, CRLF becomes LF, every other control character is escaped.
 */
export function terminalText(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, escape);
}

/** One line or one table cell: like terminalText, but line breaks and tabs are escaped too. */
export function terminalLine(text: string): string {
  return text.replace(UNSAFE_IN_LINE, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : escape(c)));
}
