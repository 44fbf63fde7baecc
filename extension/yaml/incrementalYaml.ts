// Re-parses an edited YAML text by parsing again only the block-sequence item (a task, a play)
// that contains the edit, and shifting the offsets of everything after it. Whenever the edit
// could change the structure around that item (it touches the dash, joins lines, adds a less
// indented line, involves anchors or aliases, or leaves the item unparsable) the whole text is
// parsed again, so the result is always what `parseYaml(newText)` would give.
import { LineIndex } from './lineIndex';
import { parseYaml, type ParsedYaml, type YamlNode, type YamlSeq } from './positionedYaml';

export interface Reparse {
  parsed: ParsedYaml;
  /** Set when only part of the tree was rebuilt: collections whose content changed in place. */
  changedAncestors?: YamlNode[];
  /** 'incremental' or 'full', for tests and measurements. */
  mode: 'incremental' | 'full';
}

/** Characters compared at once while skipping equal text (string equality compares them natively). */
const CHUNK = 1024;

/** Length of the common prefix and suffix of two texts (not overlapping). */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  // Whole chunks first: a 10,000-line file is compared in a few hundred native comparisons.
  while (prefix + CHUNK <= max && a.slice(prefix, prefix + CHUNK) === b.slice(prefix, prefix + CHUNK)) prefix += CHUNK;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix + CHUNK <= max - prefix && a.slice(a.length - suffix - CHUNK, a.length - suffix) === b.slice(b.length - suffix - CHUNK, b.length - suffix)) suffix += CHUNK;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/** Lengths of the text at both ends that an edit left alone (an editor knows them from its change events). */
export interface UnchangedEnds {
  prefix: number;
  suffix: number;
}

/**
 * Folds one editor change (in the coordinates of the text as it was just before it) into the
 * unchanged ends relative to an older text, so several changes between analyses give one hint.
 */
export function foldChange(ends: UnchangedEnds, currentLength: number, change: { offset: number; length: number; newLength: number }): UnchangedEnds {
  return {
    prefix: Math.min(ends.prefix, change.offset),
    suffix: Math.min(ends.suffix, currentLength - change.offset - change.length),
  };
}

/**
 * The parse of `text`, reusing `previous` (the parse of an earlier version of it). `previous`
 * is consumed: its nodes are moved into the result. `ends`, when given, saves comparing the texts.
 */
export function reparseYaml(previous: ParsedYaml, text: string, ends?: UnchangedEnds): Reparse {
  if (previous.error || previous.text === text) {
    return previous.text === text ? { parsed: previous, mode: 'incremental', changedAncestors: [] } : { parsed: parseYaml(text), mode: 'full' };
  }
  const max = Math.min(previous.text.length, text.length);
  const { prefix, suffix } = ends && ends.prefix >= 0 && ends.suffix >= 0 && ends.prefix + ends.suffix <= max ? ends : commonEnds(previous.text, text);
  const edit = { start: prefix, oldEnd: previous.text.length - suffix, delta: text.length - previous.text.length };
  for (const candidate of itemsAround(previous, edit.start)) {
    const result = replaceItem(previous, text, candidate, edit);
    if (result) return result;
  }
  return { parsed: parseYaml(text), mode: 'full' };
}

interface Candidate {
  parent: YamlSeq;
  index: number;
  item: YamlNode;
  ancestors: YamlNode[];
}

/** Block-sequence items whose subtree contains the edit, innermost first. */
function itemsAround(parsed: ParsedYaml, start: number): Candidate[] {
  const found: Candidate[] = [];
  for (const doc of parsed.documents) {
    let node: YamlNode | null = doc.root;
    const ancestors: YamlNode[] = [];
    while (node && (node.kind === 'map' || node.kind === 'seq')) {
      if (node.flow) break;
      ancestors.push(node);
      let next: YamlNode | undefined;
      if (node.kind === 'seq') {
        const index = lastStartingBefore(node.items, start);
        const item = node.items[index];
        if (item) found.push({ parent: node, index, item, ancestors: [...ancestors] });
        next = item;
      } else {
        const pair = node.pairs[lastStartingBefore(node.pairs.map((p) => p.key), start)];
        next = pair?.value;
      }
      node = next ?? null;
    }
    if (found.length) break;
  }
  return found.reverse().slice(0, 3);
}

function lastStartingBefore(nodes: readonly YamlNode[], offset: number): number {
  let low = 0;
  let high = nodes.length - 1;
  let best = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (nodes[mid]!.start <= offset) {
      best = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return best;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line after `from`'s line that starts at or left of `column` with content (not a comment). */
function regionEnd(text: string, from: number, column: number, limit = text.length): number {
  let at = text.indexOf('\n', from);
  while (at !== -1 && at < limit) {
    const begin = at + 1;
    let i = begin;
    while (i < text.length && text[i] === ' ') i++;
    const c = text[i];
    if (i >= text.length) return text.length;
    if (c !== '\n' && c !== '\r' && c !== '#' && i - begin <= column) return begin;
    at = text.indexOf('\n', begin);
  }
  return at === -1 ? text.length : limit;
}

/**
 * Whether the node's parse depends on text outside it: anchors and aliases, and empty keys or
 * items (`- `, `? `), which are placed after whatever precedes them.
 */
function dependsOnContext(node: YamlNode): boolean {
  if (node.anchor || node.kind === 'alias') return true;
  const empty = (n: YamlNode) => n.kind === 'scalar' && n.start === n.end;
  if (node.kind === 'seq') return node.items.some((i) => empty(i) || dependsOnContext(i));
  if (node.kind === 'map') return node.pairs.some((p) => empty(p.key) || dependsOnContext(p.key) || dependsOnContext(p.value));
  return false;
}

function replaceItem(previous: ParsedYaml, text: string, c: Candidate, edit: { start: number; oldEnd: number; delta: number }): Reparse | undefined {
  const old = previous.text;
  // The dash of the item, alone on the left of its line.
  let dash = c.item.start - 1;
  while (dash >= 0 && (old[dash] === ' ' || old[dash] === '\n' || old[dash] === '\r')) dash--;
  if (dash < 0 || old[dash] !== '-') return undefined;
  const begin = lineStart(old, dash);
  if (old.slice(begin, dash).trim() !== '') return undefined;
  const column = dash - begin;
  const oldEnd = regionEnd(old, dash, column);
  const endsWithText = oldEnd === old.length;
  if (edit.start <= dash || edit.oldEnd > (endsWithText ? oldEnd : oldEnd - 1)) return undefined;
  // An anchored ancestor may be expanded elsewhere: its size counts against the parse's alias budget.
  if (dependsOnContext(c.item) || c.ancestors.some((a) => a.anchor)) return undefined;
  const newEnd = oldEnd + edit.delta;
  if (regionEnd(text, dash, column, newEnd) !== newEnd) return undefined;

  const fragment = parseYaml(text.slice(begin, newEnd), { maxDepth: 100 - (c.ancestors.length - 1) });
  const root = fragment.documents.length === 1 ? fragment.documents[0]!.root : null;
  if (fragment.error || root?.kind !== 'seq' || root.flow || root.items.length !== 1 || fragment.unknownAliases.length) return undefined;
  const item = root.items[0]!;
  if (dependsOnContext(root)) return undefined;
  shiftAll(item, begin);

  const region = { begin, oldEnd, delta: edit.delta, oldItem: c.item, newItem: item };
  const ancestors = new Set(c.ancestors);
  if (!previous.documents.every((d) => !d.root || onlyAncestorsOverlap(d.root, region, ancestors))) return undefined;
  // Duplicate keys of the old item go with it; the fragment brings its own.
  const keptDuplicates = previous.duplicateKeys.filter((d) => d.duplicate.start < begin || d.duplicate.start >= oldEnd);
  for (const doc of previous.documents) if (doc.root) shiftAround(doc.root, region);
  c.parent.items[c.index] = item;
  const parsed: ParsedYaml = {
    text,
    lines: new LineIndex(text),
    documents: previous.documents,
    duplicateKeys: [...keptDuplicates, ...fragment.duplicateKeys],
    unknownAliases: previous.unknownAliases,
    cutAliases: previous.cutAliases,
    expandedNodes: previous.expandedNodes,
  };
  return { parsed, mode: 'incremental', changedAncestors: c.ancestors };
}

function shiftAll(node: YamlNode, delta: number): void {
  node.start += delta;
  node.end += delta;
  if (node.kind === 'seq') for (const i of node.items) shiftAll(i, delta);
  else if (node.kind === 'map') {
    for (const p of node.pairs) {
      shiftAll(p.key, delta);
      shiftAll(p.value, delta);
    }
  }
}

interface Region {
  begin: number;
  oldEnd: number;
  delta: number;
  oldItem: YamlNode;
  newItem: YamlNode;
}

/** False when a node other than the item's ancestors reaches into the item's region (an odd parse): then parse it all. */
function onlyAncestorsOverlap(node: YamlNode, e: Region, ancestors: ReadonlySet<YamlNode>): boolean {
  if (node === e.oldItem || node.start >= e.oldEnd || node.end <= e.begin) return true;
  if (!ancestors.has(node)) return false;
  if (node.kind === 'seq') return node.items.every((i) => onlyAncestorsOverlap(i, e, ancestors));
  if (node.kind === 'map') return node.pairs.every((p) => onlyAncestorsOverlap(p.key, e, ancestors) && onlyAncestorsOverlap(p.value, e, ancestors));
  return true;
}

/** Moves nodes after the replaced item by `delta` and stretches its ancestors to their new end. */
function shiftAround(node: YamlNode, e: Region): void {
  if (node === e.oldItem) return;
  if (node.start >= e.oldEnd) {
    shiftAll(node, e.delta);
    return;
  }
  if (node.end <= e.begin) return;
  node.end = node.end > e.oldItem.end ? node.end + e.delta : e.newItem.end;
  if (node.kind === 'seq') for (const i of node.items) shiftAround(i, e);
  else if (node.kind === 'map') {
    for (const p of node.pairs) {
      shiftAround(p.key, e);
      shiftAround(p.value, e);
    }
  }
}
