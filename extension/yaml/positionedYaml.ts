// Positioned YAML: a small tree with exact source offsets for every key and value, built from
// js-yaml v5's `parseEvents` (js-yaml's own loader keeps no positions). Scalars resolve the
// way PyYAML's safe_load does (YAML 1.1: yes/no/on/off are booleans, 010 is octal), because
// openstacksdk and Ansible both read these files with PyYAML.
import { parseEvents, type Event } from './jsYaml';
import { LineIndex } from './lineIndex';
import { describeCut, type AliasCut } from './aliasBudget';
import type { Range } from './problem';
import { TreeBuilder, keyString } from './treeBuilder';

export { keyString } from './treeBuilder';
export { resolvePlainScalar } from './scalars';

export type ScalarValue = string | number | boolean | null;
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded';

interface NodeBase {
  /** Offset of the first character of the node (its quote, bracket or first content character). */
  start: number;
  /** Offset just past the node's last character. */
  end: number;
  anchor?: string;
  /** Explicit tag as written (`!vault`, `!!str`), if any. */
  tag?: string;
}

export interface YamlScalar extends NodeBase {
  kind: 'scalar';
  /** The decoded text (escapes and folding applied). */
  text: string;
  /** The value PyYAML's safe_load would give (tagged `!vault`/`!unsafe` scalars stay strings). */
  value: ScalarValue;
  style: ScalarStyle;
}

export interface YamlPair {
  key: YamlNode;
  value: YamlNode;
}

export interface YamlMap extends NodeBase {
  kind: 'map';
  pairs: YamlPair[];
  flow: boolean;
  /** Memo of `entriesOf` (filled on first use; see there). */
  entriesMemo?: readonly MapEntry[] | undefined;
  /** Memo of `entriesByKey`. */
  byKeyMemo?: EntryLookup | undefined;
}

export interface YamlSeq extends NodeBase {
  kind: 'seq';
  items: YamlNode[];
  flow: boolean;
}

export interface YamlAlias extends NodeBase {
  kind: 'alias';
  name: string;
  /** The anchored node this alias refers to; undefined when the anchor is unknown or the alias was cut. */
  target: YamlNode | undefined;
  /** Set when the parse refused to follow this alias (a cycle, or over the budget: see aliasBudget.ts). */
  cut?: AliasCut;
}

export type YamlNode = YamlScalar | YamlMap | YamlSeq | YamlAlias;

export interface YamlDocument {
  root: YamlNode | null;
}

export interface YamlSyntaxError {
  message: string;
  offset: number;
  range: Range;
}

export interface DuplicateKey {
  key: string;
  first: YamlNode;
  duplicate: YamlNode;
}

export interface ParsedYaml {
  text: string;
  lines: LineIndex;
  documents: YamlDocument[];
  /** Set when the text is not valid YAML; `documents` is then empty. */
  error?: YamlSyntaxError;
  duplicateKeys: DuplicateKey[];
  unknownAliases: YamlAlias[];
  /** Aliases the parse did not follow (recursive, or over the per-parse budget), in text order; the first 200. */
  cutAliases: YamlAlias[];
  /** Nodes that aliases add when the whole text is expanded (bounded by MAX_ALIAS_EXPANSION). */
  expandedNodes: number;
}

export interface ParseOptions {
  /** Deepest nesting accepted (js-yaml's guard against stack exhaustion). */
  maxDepth?: number;
}

export function parseYaml(text: string, options: ParseOptions = {}): ParsedYaml {
  const lines = new LineIndex(text);
  const result: ParsedYaml = { text, lines, documents: [], duplicateKeys: [], unknownAliases: [], cutAliases: [], expandedNodes: 0 };
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: options.maxDepth ?? 100 });
  } catch (e) {
    const err = e as { reason?: string; message?: string; mark?: { position: number } };
    const offset = Math.min(err.mark?.position ?? 0, text.length);
    const lineEnd = text.indexOf('\n', offset);
    const endOffset = lineEnd === -1 ? text.length : Math.max(offset, lineEnd);
    result.error = {
      message: err.reason ?? String(err.message ?? e),
      offset,
      range: lines.range(offset, endOffset > offset ? endOffset : offset),
    };
    return result;
  }
  new TreeBuilder(text, events, result).build();
  return result;
}

/** Follows aliases (a chain of them, at most 100 deep) to the node they stand for. */
export function deref(node: YamlNode | null | undefined): YamlNode | undefined {
  let current: YamlNode | undefined = node ?? undefined;
  for (let i = 0; current?.kind === 'alias' && i < 100; i++) current = current.target;
  return current?.kind === 'alias' ? undefined : current;
}

export interface MapEntry {
  key: string;
  keyNode: YamlNode;
  value: YamlNode;
  /** True when the entry comes from a merge key (`<<: *defaults`) rather than being written here. */
  merged: boolean;
}

/**
 * `mapEntries`, remembered on the mapping. Safe because a mapping's pairs never change once
 * built (an incremental re-parse replaces sequence items, and re-parses fully around anchors);
 * a mapping made from another one's pairs (`withPairs`) starts without a memo.
 */
export function entriesOf(map: YamlMap): readonly MapEntry[] {
  return (map.entriesMemo ??= mapEntries(map));
}

/** Entries of a mapping looked up by key. */
export interface EntryLookup {
  get(key: string): MapEntry | undefined;
  has(key: string): boolean;
}

/** Mappings with at most this many entries are searched in order instead of hashed (tasks have a handful of keys). */
const SCAN_ENTRIES = 8;

/** A lookup that compares keys in order: for a few entries, cheaper to build and to ask than a Map. */
class ScanLookup implements EntryLookup {
  constructor(private readonly entries: readonly MapEntry[]) {}

  get(key: string): MapEntry | undefined {
    for (const e of this.entries) if (e.key === key) return e;
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

/** The entries of a mapping by key (remembered on the mapping, like `entriesOf`). */
export function entriesByKey(map: YamlMap): EntryLookup {
  let byKey = map.byKeyMemo;
  if (!byKey) {
    const entries = entriesOf(map);
    if (entries.length <= SCAN_ENTRIES) byKey = new ScanLookup(entries);
    else {
      const built = new Map<string, MapEntry>();
      for (const e of entries) built.set(e.key, e);
      byKey = built;
    }
    map.byKeyMemo = byKey;
  }
  return byKey;
}

/** A new mapping like `map` with other pairs (and no memo of the old pairs' entries). */
export function withPairs(map: YamlMap, pairs: YamlPair[]): YamlMap {
  return { ...map, pairs, entriesMemo: undefined, byKeyMemo: undefined };
}

/**
 * The entries of a mapping as a YAML 1.1 loader sees them: merge keys (`<<`) expanded (their
 * entries first, explicit keys overriding), later duplicates winning. Merged mappings are read
 * through their memo (`entriesOf`), so a merge-key bomb costs one expansion per mapping written,
 * not one per path through it; the parse has already cut recursive and over-budget aliases.
 */
export function mapEntries(map: YamlMap): MapEntry[] {
  // No merge keys and no repeated key (the common case): the pairs themselves.
  if (hasPlainKeys(map.pairs)) return map.pairs.map((pair) => ({ key: (pair.key as YamlScalar).text, keyNode: pair.key, value: pair.value, merged: false }));
  return mergedEntries(map);
}

/** Whether every key is a scalar other than `<<`, written once (small mappings compare, large ones use a set). */
function hasPlainKeys(pairs: readonly YamlPair[]): boolean {
  const seen = pairs.length > 16 ? new Set<string>() : undefined;
  for (let i = 0; i < pairs.length; i++) {
    const key = pairs[i]!.key;
    if (key.kind !== 'scalar' || key.text === '<<') return false;
    if (seen) {
      if (seen.has(key.text)) return false;
      seen.add(key.text);
    } else {
      for (let j = 0; j < i; j++) if ((pairs[j]!.key as YamlScalar).text === key.text) return false;
    }
  }
  return true;
}

/**
 * Mappings whose merges are being expanded. A parsed tree has no cycles (the parse cuts them);
 * this keeps a hand-made one (or a future bug) from recursing forever.
 */
const expanding = new Set<YamlMap>();

function mergedEntries(map: YamlMap): MapEntry[] {
  expanding.add(map);
  try {
    const byKey = new Map<string, MapEntry>();
    const explicit: MapEntry[] = [];
    for (const pair of map.pairs) {
      const key = keyString(pair.key);
      if (key === undefined) continue;
      if (key === '<<' && pair.key.kind === 'scalar' && pair.key.style === 'plain') {
        const source = deref(pair.value);
        const sources = source?.kind === 'seq' ? source.items.map((item) => deref(item)) : [source];
        // Earlier maps in a merge sequence win over later ones.
        for (const merged of sources.reverse()) {
          if (merged?.kind !== 'map' || expanding.has(merged)) continue;
          for (const entry of entriesOf(merged)) byKey.set(entry.key, entry.merged ? entry : { ...entry, merged: true });
        }
        continue;
      }
      explicit.push({ key, keyNode: pair.key, value: pair.value, merged: false });
    }
    for (const entry of explicit) {
      byKey.delete(entry.key);
      byKey.set(entry.key, entry);
    }
    return [...byKey.values()];
  } finally {
    expanding.delete(map);
  }
}

/** The value node of `key` in a mapping (after merges and aliases), or undefined. */
export function getEntry(map: YamlNode | undefined, key: string): MapEntry | undefined {
  const target = deref(map);
  if (target?.kind !== 'map') return undefined;
  return entriesByKey(target).get(key);
}

export class ExpansionLimitError extends Error {
  /** `alias`: the alias the parse cut (see aliasBudget.ts), when that is what stopped the expansion. */
  constructor(readonly limit: number, readonly alias?: YamlAlias) {
    super(alias?.cut ? describeCut(alias.name, alias.cut) : `the document expands to more than ${limit} nodes through aliases (an alias bomb?)`);
  }
}

/**
 * Converts a node to the plain JavaScript value PyYAML's safe_load would produce. Aliases are
 * expanded with a budget of `maxNodes` visited nodes, so an alias bomb fails fast instead of
 * exhausting memory; an alias the parse cut throws too (its value would be missing, not null).
 * `scalar` may convert scalars differently (the config engine's Python floats).
 */
export function toPlain(node: YamlNode | null | undefined, maxNodes = 200_000, scalar: (node: YamlScalar) => unknown = (n) => n.value): unknown {
  let budget = maxNodes;
  const convert = (n: YamlNode | null | undefined, depth: number): unknown => {
    if (--budget < 0) throw new ExpansionLimitError(maxNodes);
    if (n?.kind === 'alias' && n.cut) throw new ExpansionLimitError(maxNodes, n);
    const target = deref(n);
    if (!target || depth > 200) return null;
    switch (target.kind) {
      case 'scalar':
        return scalar(target);
      case 'seq':
        return target.items.map((item) => convert(item, depth + 1));
      case 'map': {
        const out: Record<string, unknown> = {};
        // `__proto__` cannot be an ordinary key of a JS object (assigning it changes the prototype): left out.
        for (const entry of entriesOf(target)) if (entry.key !== '__proto__') out[entry.key] = convert(entry.value, depth + 1);
        return out;
      }
      default:
        return null;
    }
  };
  return convert(node, 0);
}

/** Finds the node at a path of keys and indexes (following aliases and merges). */
export function nodeAt(root: YamlNode | null | undefined, path: readonly (string | number)[]): YamlNode | undefined {
  let current = deref(root);
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') {
      current = current.kind === 'seq' ? deref(current.items[step]) : undefined;
    } else {
      current = deref(getEntry(current, step)?.value);
    }
  }
  return current;
}

/** The key node of the last path step, for diagnostics that point at a key rather than its value. */
export function keyNodeAt(root: YamlNode | null | undefined, path: readonly (string | number)[]): YamlNode | undefined {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1]!;
  if (typeof last === 'number') return nodeAt(root, path);
  return getEntry(nodeAt(root, path.slice(0, -1)), last)?.keyNode;
}
