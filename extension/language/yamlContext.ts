// Where the cursor is in a YAML document, read from indentation alone so it works while the
// line being typed is not valid YAML yet: the chain of enclosing keys and list items, the keys
// beside the cursor, and whether a key or a value is being typed.

export interface Frame {
  /** A key that holds the cursor's mapping, or a list item (`key` undefined). */
  key?: string;
  line: number;
  col: number;
}

export interface YamlContext {
  /** Enclosing keys and list items, innermost first. */
  chain: Frame[];
  /** Column of the keys of the mapping the cursor is in. */
  col: number;
  /** Other keys of that mapping. */
  siblings: string[];
  /** Typing a key (`prefix` is its start) or the value of `key`. */
  position: { kind: 'key'; prefix: string; start: number } | { kind: 'value'; key: string; prefix: string; start: number; listItem: boolean };
}

interface LineInfo {
  indent: number;
  /** Columns of leading `- ` markers. */
  dashes: number[];
  keyCol: number;
  key?: string;
  blank: boolean;
}

const KEY = /^((?:"[^"]*"|'[^']*'|[^\s#'"{[\]}][^:#]*?))\s*:(?:\s|$)/;

function info(line: string): LineInfo {
  let i = 0;
  while (line[i] === ' ') i++;
  const indent = i;
  const dashes: number[] = [];
  while (line[i] === '-' && (line[i + 1] === ' ' || i + 1 === line.length)) {
    dashes.push(i);
    i += 2;
    while (line[i] === ' ') i++;
  }
  const rest = line.slice(i);
  const blank = rest.trim() === '' && dashes.length === 0 ? true : rest.startsWith('#') && dashes.length === 0;
  const m = KEY.exec(rest);
  return { indent, dashes, keyCol: i, key: m ? m[1]!.replace(/^["']|["']$/g, '') : undefined, blank };
}

function lineAt(text: string, offset: number): { start: number; line: number } {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { start: text.lastIndexOf('\n', offset - 1) + 1, line };
}

export function yamlContextAt(text: string, offset: number): YamlContext | undefined {
  const lines = text.split('\n');
  const { start, line } = lineAt(text, offset);
  const before = text.slice(start, offset);
  const current = info(before);
  let position: YamlContext['position'];
  let col: number;
  const valueMatch = /^(\s*(?:- +)*)((?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?)):\s+["']?([^"'#]*)$/.exec(before);
  const itemMatch = /^(\s*)- +["']?([^"'#:]*)$/.exec(before);
  if (/^\s*(?:- +)*[\w.\-/]*$/.test(before)) {
    col = current.keyCol;
    position = { kind: 'key', prefix: before.slice(col), start: start + col };
  } else if (valueMatch) {
    col = valueMatch[1]!.length;
    const prefix = valueMatch[3]!;
    position = { kind: 'value', key: valueMatch[2]!.replace(/^["']|["']$/g, ''), prefix, start: offset - prefix.length, listItem: false };
  } else if (itemMatch) {
    // A list item value: its key is the parent key above.
    col = itemMatch[1]!.length;
    const prefix = itemMatch[2]!;
    const chain = chainAbove(lines, line, col, []);
    const parent = chain[0]?.key;
    if (!parent) return undefined;
    return { chain: chain.slice(1), col: chain[0]!.col, siblings: [], position: { kind: 'value', key: parent, prefix, start: offset - prefix.length, listItem: true } };
  } else {
    return undefined;
  }
  const chain: Frame[] = [];
  // The cursor's own line may open a list item (`    - na|`).
  const ownDash = current.dashes.length ? current.dashes[current.dashes.length - 1]! : -1;
  if (ownDash >= 0) chain.push({ line, col: ownDash });
  const outer = chainAbove(lines, line, ownDash >= 0 ? ownDash : col, chain);
  const siblings = siblingKeys(lines, line, col, outer);
  return { chain: outer, col, siblings, position };
}

/**
 * Enclosing frames of a node at `col` on line `from`, innermost first (appended to `chain`):
 * going up, lines indented at or right of the node are its siblings or their content; the
 * first line that starts left of it holds it, through its key or its list dash (or both).
 */
function chainAbove(lines: readonly string[], from: number, col: number, chain: Frame[]): Frame[] {
  let limit = col;
  for (let l = from - 1; l >= 0 && limit > 0; l--) {
    const li = info(lines[l]!);
    if (li.blank || li.indent >= limit) continue;
    if (li.key !== undefined && li.keyCol < limit) {
      chain.push({ key: li.key, line: l, col: li.keyCol });
      limit = li.keyCol;
    }
    const dash = [...li.dashes].reverse().find((d) => d < limit);
    if (dash !== undefined) {
      chain.push({ line: l, col: dash });
      limit = dash;
    }
    if (li.key === undefined && dash === undefined) break; // a scalar line left of us: not a structure we know
  }
  return chain;
}

/** Keys of the mapping at `col` that holds line `at` (the cursor's line excluded). */
function siblingKeys(lines: readonly string[], at: number, col: number, chain: readonly Frame[]): string[] {
  const inner = chain[0];
  let first = inner ? (inner.key === undefined ? inner.line : inner.line + 1) : 0;
  if (inner?.key === undefined && inner?.line === at) first = at;
  const keys: string[] = [];
  for (let l = first; l < lines.length; l++) {
    const li = info(lines[l]!);
    if (li.blank) continue;
    const opensItem = li.dashes.length > 0 && li.keyCol === col;
    if (l > first && (li.indent < col && !opensItem)) break;
    if (l > first && opensItem && li.dashes[li.dashes.length - 1]! < col) break; // the next list item
    if (l !== at && li.keyCol === col && li.key !== undefined) keys.push(li.key);
  }
  return keys;
}

/** The mapping key under the cursor (a run of `word` characters followed by `:`), for hover. */
export function keyAt(text: string, offset: number, word: RegExp): { key: string; start: number; end: number } | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && word.test(text[start - 1]!)) start--;
  while (end < text.length && word.test(text[end]!)) end++;
  if (start === end || !/^\s*:(\s|$)/.test(text.slice(end, end + 2))) return undefined;
  return { key: text.slice(start, end), start, end };
}
