// Jinja inside YAML strings: whether a value is templated (then its type is only known at run
// time) and whether its `{{ }}`, `{% %}` and `{# #}` delimiters are balanced.

/** True when Ansible would template the string: it holds an expression or a statement. */
export function isTemplated(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/**
 * True when the template can yield Ansible's `omit` placeholder (`{{ x | default(omit) }}`,
 * `{{ a if c else omit }}`): the option is then left out at run time, or not.
 */
export function mayYieldOmit(text: string): boolean {
  return text.includes('omit') && /\{[{%][^]*\bomit\b[^]*[}%]\}/.test(text);
}

/** `{{ item }}` (optionally with spaces), the whole value being one variable. */
export function templateVariable(text: string): string | undefined {
  return /^\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*-?\}\}$/.exec(text.trim())?.[1];
}

export interface JinjaImbalance {
  /** Offsets into the scanned text. */
  start: number;
  end: number;
  message: string;
  /** The delimiter that would close it, for an unclosed opener. */
  expected?: string;
}

const CLOSERS: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };
const WHAT: Record<string, string> = { '{{': 'expression', '{%': 'statement', '{#': 'comment' };

/**
 * Finds unclosed `{{`/`{%`/`{#` in a string, and with `strays` a stray `}}`/`%}`. Inside an
 * expression or a statement, braces of dict literals and quoted strings are skipped the way
 * Jinja's lexer does, so `{{ {'a': 1} }}` and `{{ '}}' }}` are balanced. `{% raw %}` sections are
 * not scanned. A stray closer is plain text to Jinja (Ansible renders `{"a": {"b": 1}}` as it
 * is): it is an error only where the string is itself an expression (a conditional), so only
 * there is it asked for.
 */
export function findJinjaImbalance(text: string, { strays = false }: { strays?: boolean } = {}): JinjaImbalance | undefined {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== 0x7b && c !== 0x7d && c !== 0x25) {
      i++; // not '{', '}' or '%': no delimiter starts here
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '{{' || two === '{%' || two === '{#') {
      const close = CLOSERS[two]!;
      const end = two === '{#' ? text.indexOf('#}', i + 2) : scanToCloser(text, i + 2, close);
      if (end < 0) {
        return { start: i, end: n, message: `unclosed Jinja ${WHAT[two]}: '${two}' has no matching '${close}'`, expected: close };
      }
      if (two === '{%' && /^\{%-?\s*raw\s*-?%\}$/.test(text.slice(i, end + 2))) {
        const endraw = /\{%-?\s*endraw\s*-?%\}/g;
        endraw.lastIndex = end + 2;
        const m = endraw.exec(text);
        if (!m) return { start: i, end: end + 2, message: `'{% raw %}' has no matching '{% endraw %}'` };
        i = m.index + m[0].length;
        continue;
      }
      i = end + 2;
      continue;
    }
    if (strays && (two === '}}' || two === '%}')) {
      const open = two === '}}' ? '{{' : '{%';
      return { start: i, end: i + 2, message: `stray '${two}': no '${open}' opens it` };
    }
    i++;
  }
  return undefined;
}

/** Offset of `close` that ends the construct opened before `from`, or -1. */
function scanToCloser(text: string, from: number, close: string): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (depth === 0 && text.startsWith(close, i)) return i;
    else if (c === '{' || c === '[' || c === '(') depth++;
    else if ((c === '}' || c === ']' || c === ')') && depth > 0) depth--;
  }
  // An unterminated quote inside the expression: retry ignoring quotes, so `{{ it's }}` still closes.
  if (quote) {
    const plain = text.indexOf(close, from);
    return plain;
  }
  return -1;
}
