// The quick fix behind `secret-in-clouds-yaml` / V-18: the text edits that move one secret (e.g.
// `auth.password` of a cloud) from clouds.yaml into secure.yaml, which openstacksdk deep-merges
// back (CFG-DISC-5). Plain data: the editor applies the edits as one workspace edit.
import { LineIndex } from '../yaml/lineIndex';
import { yamlString } from '../yaml/emit';
import { deref, getEntry, parseYaml, type ParsedYaml, type YamlMap, type YamlNode } from '../yaml/positionedYaml';
import type { Range } from '../yaml/problem';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface MoveSecretRequest {
  cloudsFile: string;
  cloudsText: string;
  /** Where secure.yaml is (or will be: usually beside clouds.yaml). */
  secureFile: string;
  /** Its current text; undefined when it does not exist yet. */
  secureText: string | undefined;
  /** From the problem's data: the cloud and the key path inside it, e.g. ['auth', 'password']. */
  cloud: string;
  keyPath: readonly string[];
}

export interface MoveSecretPlan {
  edits: TextEdit[];
  /** True when secure.yaml has to be created (its edit then inserts the whole file at 0:0). */
  createsSecureFile: boolean;
}

function block(path: readonly string[], value: string, indent: number): string {
  return path.map((k, i) => `${' '.repeat(indent + 2 * i)}${yamlString(k)}:${i === path.length - 1 ? ` ${value}` : ''}\n`).join('');
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The edit that removes `key: value` from its mapping (block or flow), or its parent when it was the only key. */
function removal(yaml: ParsedYaml, parents: YamlMap[], key: YamlNode, value: YamlNode): { start: number; end: number } {
  const text = yaml.text;
  const map = parents[parents.length - 1]!;
  if (map.pairs.length === 1 && parents.length > 3) {
    const grand = parents[parents.length - 2]!;
    const pair = grand.pairs.find((p) => deref(p.value) === map)!;
    return removal(yaml, parents.slice(0, -1), pair.key, pair.value);
  }
  if (!map.flow) return { start: lineStart(text, key.start), end: lineEndAfter(text, Math.max(value.end - 1, key.end)) };
  const after = /^\s*,\s*/.exec(text.slice(value.end));
  if (after) return { start: key.start, end: value.end + after[0].length };
  const before = /,\s*$/.exec(text.slice(map.start, key.start));
  return before ? { start: key.start - before[0].length, end: value.end } : { start: key.start, end: value.end };
}

export function planMoveSecretToSecureYaml(req: MoveSecretRequest): MoveSecretPlan | undefined {
  const clouds = parseYaml(req.cloudsText);
  const path = ['clouds', req.cloud, ...req.keyPath];
  const parents: YamlMap[] = [];
  let node = deref(clouds.documents[0]?.root);
  let keyNode: YamlNode | undefined;
  for (const step of path) {
    if (node?.kind !== 'map') return undefined;
    parents.push(node);
    const entry = getEntry(node, step);
    if (!entry || entry.merged) return undefined;
    keyNode = entry.keyNode;
    node = deref(entry.value);
  }
  if (node?.kind !== 'scalar' || !keyNode) return undefined;
  const secret = JSON.stringify(node.text);
  const cut = removal(clouds, parents, keyNode, node);
  const edits: TextEdit[] = [{ file: req.cloudsFile, range: clouds.lines.range(cut.start, cut.end), newText: '' }];
  const secureText = req.secureText ?? '';
  if (!secureText.trim()) {
    const header = req.secureText === undefined ? '# Secrets of clouds.yaml: openstacksdk merges this file into it.\n' : '';
    edits.push({ file: req.secureFile, range: new LineIndex(secureText).range(0, secureText.length), newText: header + block(path, secret, 0) });
    return { edits, createsSecureFile: req.secureText === undefined };
  }
  const secure = parseYaml(secureText);
  let at = deref(secure.documents[0]?.root);
  if (secure.error || at?.kind !== 'map' || at.flow) return undefined;
  let depth = 0;
  for (; depth < path.length; depth++) {
    const entry: ReturnType<typeof getEntry> = getEntry(at, path[depth]!);
    const next = deref(entry?.value);
    if (!entry) break;
    if (depth === path.length - 1) {
      const v = entry.value;
      return { edits: [...edits, { file: req.secureFile, range: secure.lines.range(v.start, v.end), newText: secret }], createsSecureFile: false };
    }
    if (next?.kind !== 'map' || next.flow) return undefined;
    at = next;
  }
  const map = at as YamlMap;
  const indent = map === deref(secure.documents[0]?.root) ? 0 : secure.lines.position(map.pairs[0]?.key.start ?? map.start).character;
  const insertAt = map.pairs.length ? lineEndAfter(secureText, map.end - 1) : map.end;
  const prefix = insertAt > 0 && secureText[insertAt - 1] !== '\n' ? '\n' : '';
  const position = secure.lines.position(insertAt);
  edits.push({ file: req.secureFile, range: { start: position, end: position }, newText: prefix + block(path.slice(depth), secret, indent) });
  return { edits, createsSecureFile: false };
}

/** Applies edits of one file (non-overlapping) to its text: for tests and the CLI. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => index.offset(b.range.start) - index.offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, index.offset(e.range.start)) + e.newText + out.slice(index.offset(e.range.end));
  return out;
}
