// Positioned YAML: a small tree with exact source offsets for every key and value, built from
// js-yaml v5's `parseEvents` (js-yaml's own loader keeps no positions). Scalars resolve the
// way PyYAML's safe_load does (YAML 1.1: yes/no/on/off are booleans, 010 is octal), because
// openstacksdk and Ansible both read these files with PyYAML.
import { parseEvents, getScalarValue, YAML11_SCHEMA, EVENT_ID, SCALAR_STYLE, COLLECTION_STYLE } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import { LineIndex } from './lineIndex';
import type { Range } from './problem';

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
}

export interface YamlSeq extends NodeBase {
  kind: 'seq';
  items: YamlNode[];
  flow: boolean;
}

export interface YamlAlias extends NodeBase {
  kind: 'alias';
  name: string;
  /** The anchored node this alias refers to; undefined when the anchor is unknown. */
  target: YamlNode | undefined;
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
}

export interface ParseOptions {
  /** Deepest nesting accepted (js-yaml's guard against stack exhaustion). */
  maxDepth?: number;
}

export function parseYaml(text: string, options: ParseOptions = {}): ParsedYaml {
  const lines = new LineIndex(text);
  const result: ParsedYaml = { text, lines, documents: [], duplicateKeys: [], unknownAliases: [] };
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

const PYYAML_BOOLEANS: Record<string, boolean> = {
  yes: true, Yes: true, YES: true, true: true, True: true, TRUE: true, on: true, On: true, ON: true,
  no: false, No: false, NO: false, false: false, False: false, FALSE: false, off: false, Off: false, OFF: false,
};

/** Resolves a plain scalar as PyYAML's YAML 1.1 resolver does (timestamps stay strings). */
export function resolvePlainScalar(text: string): ScalarValue {
  // Fast path: a word that cannot be a bool, null, number or timestamp (most keys and names).
  const first = text.charCodeAt(0);
  const letter = (first >= 97 && first <= 122) || (first >= 65 && first <= 90);
  if (letter && !'yYnNtTfFoO'.includes(text[0]!)) return text;
  if (Object.hasOwn(PYYAML_BOOLEANS, text)) return PYYAML_BOOLEANS[text]!;
  if (text === 'y' || text === 'Y' || text === 'n' || text === 'N') return text; // bool in js-yaml's 1.1 schema, str in PyYAML
  const { value, tag } = YAML11_SCHEMA.resolveImplicitScalarTag(text);
  switch (tag.tagName) {
    case 'tag:yaml.org,2002:null':
      return null;
    case 'tag:yaml.org,2002:int':
    case 'tag:yaml.org,2002:float':
      return value as number;
    default:
      return text;
  }
}

function resolveTagged(text: string, tag: string): ScalarValue {
  switch (tag) {
    case '!!str':
    case '!vault':
    case '!unsafe':
      return text;
    case '!!int':
    case '!!float': {
      const n = resolvePlainScalar(text);
      return typeof n === 'number' ? n : text;
    }
    case '!!bool': {
      const b = resolvePlainScalar(text);
      return typeof b === 'boolean' ? b : text;
    }
    case '!!null':
      return null;
    default:
      return text; // unknown local tags are opaque strings for our purposes
  }
}

const STYLE_NAMES: Record<number, ScalarStyle> = {
  [SCALAR_STYLE.PLAIN]: 'plain',
  [SCALAR_STYLE.SINGLE_QUOTED]: 'single',
  [SCALAR_STYLE.DOUBLE_QUOTED]: 'double',
  [SCALAR_STYLE.LITERAL_BLOCK]: 'literal',
  [SCALAR_STYLE.FOLDED_BLOCK]: 'folded',
};

type Frame = { node: YamlMap; pendingKey: YamlNode | null; seen: Map<string, YamlNode> } | { node: YamlSeq };

class TreeBuilder {
  private readonly anchors = new Map<string, YamlNode>();
  private readonly stack: Frame[] = [];
  private document: YamlDocument | null = null;
  /** End offset of the last node finished, so an empty scalar (`key:`) gets a position after its key. */
  private lastEnd = 0;

  constructor(private readonly text: string, private readonly events: Event[], private readonly out: ParsedYaml) {}

  build(): void {
    for (const event of this.events) {
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          this.document = { root: null };
          this.out.documents.push(this.document);
          this.anchors.clear();
          break;
        case EVENT_ID.MAPPING:
          this.open({ kind: 'map', pairs: [], flow: event.style === COLLECTION_STYLE.FLOW, start: event.start, end: event.start, ...this.props(event) });
          break;
        case EVENT_ID.SEQUENCE:
          this.open({ kind: 'seq', items: [], flow: event.style === COLLECTION_STYLE.FLOW, start: event.start, end: event.start, ...this.props(event) });
          break;
        case EVENT_ID.SCALAR:
          this.add(this.scalar(event));
          break;
        case EVENT_ID.ALIAS: {
          const name = this.text.slice(event.anchorStart, event.anchorEnd);
          const alias: YamlAlias = { kind: 'alias', name, target: this.anchors.get(name), start: event.anchorStart - 1, end: event.anchorEnd };
          if (!alias.target) this.out.unknownAliases.push(alias);
          this.add(alias);
          break;
        }
        case EVENT_ID.POP:
          this.close();
          break;
      }
    }
  }

  private props(event: { anchorStart: number; anchorEnd: number; tagStart: number; tagEnd: number }): { anchor?: string; tag?: string } {
    const props: { anchor?: string; tag?: string } = {};
    if (event.anchorStart >= 0) props.anchor = this.text.slice(event.anchorStart, event.anchorEnd);
    if (event.tagStart >= 0) props.tag = this.text.slice(event.tagStart, event.tagEnd);
    return props;
  }

  private scalar(event: ScalarEvent): YamlScalar {
    const style = STYLE_NAMES[event.style] ?? 'plain';
    const props = this.props(event);
    if (event.valueStart < 0) {
      // An empty scalar (`key:` or `- `): place it right after whatever came before it.
      const at = this.emptyScalarOffset(event);
      return { kind: 'scalar', text: '', value: props.tag ? resolveTagged('', props.tag) : null, style, start: at, end: at, ...props };
    }
    const text = getScalarValue(this.text, event);
    const quoted = style === 'single' || style === 'double';
    const start = quoted ? event.valueStart - 1 : event.valueStart;
    const end = quoted ? event.valueEnd + 1 : trimBlockEnd(this.text, event.valueStart, event.valueEnd, style);
    const value = props.tag ? resolveTagged(text, props.tag) : style === 'plain' ? resolvePlainScalar(text) : text;
    return { kind: 'scalar', text, value, style, start, end, ...props };
  }

  /**
   * Where an empty scalar (`key:`, `- `) is placed: after its anchor or tag if it has one; for a
   * mapping value, after its key and colon (so the position depends only on its own line);
   * otherwise after whatever node came before it.
   */
  private emptyScalarOffset(event: ScalarEvent): number {
    const propsEnd = Math.max(event.anchorEnd, event.tagEnd);
    if (propsEnd > 0) return propsEnd;
    const frame = this.stack[this.stack.length - 1];
    const key = frame && 'pendingKey' in frame ? frame.pendingKey : null;
    let at = key ? key.end : this.lastEnd;
    const skip = key ? ': ' : ': -';
    while (at < this.text.length && skip.includes(this.text[at]!)) at++;
    return at;
  }

  private open(node: YamlMap | YamlSeq): void {
    this.attach(node);
    if (node.anchor) this.anchors.set(node.anchor, node);
    this.stack.push(node.kind === 'map' ? { node, pendingKey: null, seen: new Map() } : { node });
  }

  private add(node: YamlScalar | YamlAlias): void {
    this.attach(node);
    if (node.kind === 'scalar' && node.anchor) this.anchors.set(node.anchor, node);
    this.finish(node);
  }

  private close(): void {
    const frame = this.stack.pop();
    if (!frame) return; // end of document
    this.finish(frame.node);
  }

  /** Puts a new node into its parent (as a key, a value or an item) or makes it the document root. */
  private attach(node: YamlNode): void {
    const frame = this.stack[this.stack.length - 1];
    if (!frame) {
      if (this.document) this.document.root = node;
      return;
    }
    if (frame.node.kind === 'seq') {
      frame.node.items.push(node);
      return;
    }
    const mapFrame = frame as Extract<Frame, { pendingKey: YamlNode | null }>;
    if (mapFrame.pendingKey === null) {
      mapFrame.pendingKey = node;
    } else {
      const key = mapFrame.pendingKey;
      mapFrame.node.pairs.push({ key, value: node });
      mapFrame.pendingKey = null;
      const keyText = keyString(key);
      if (keyText !== undefined && keyText !== '<<') {
        const first = mapFrame.seen.get(keyText);
        if (first) this.out.duplicateKeys.push({ key: keyText, first, duplicate: key });
        else mapFrame.seen.set(keyText, key);
      }
    }
  }

  /** Records where a node ends and stretches its ancestors to cover it. */
  private finish(node: YamlNode): void {
    this.lastEnd = Math.max(this.lastEnd, node.end);
    for (const frame of this.stack) {
      if (frame.node.end < node.end) frame.node.end = node.end;
    }
    if (node.kind !== 'scalar' && node.kind !== 'alias' && node.flow && this.text[node.start] === (node.kind === 'map' ? '{' : '[')) {
      // A flow collection ends at its closing bracket, not at its last item. (An implicit
      // single-pair mapping inside a flow sequence, `[a: 1]`, has no brackets of its own.)
      const close = node.kind === 'map' ? '}' : ']';
      let at = Math.max(node.end, node.start + 1);
      while (at < this.text.length && this.text[at] !== close) at++;
      node.end = Math.min(at + 1, this.text.length);
      this.lastEnd = Math.max(this.lastEnd, node.end);
      for (const frame of this.stack) if (frame.node.end < node.end) frame.node.end = node.end;
    }
  }
}

/** Block scalars include their trailing line break(s) in the event range; a diagnostic should not. */
function trimBlockEnd(text: string, start: number, end: number, style: ScalarStyle): number {
  if (style !== 'literal' && style !== 'folded') return end;
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

/** The text of a scalar key as written ('' for an empty key), or undefined for a collection key. */
export function keyString(node: YamlNode): string | undefined {
  if (node.kind === 'scalar') return node.text;
  if (node.kind === 'alias' && node.target?.kind === 'scalar') return node.target.text;
  return undefined;
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

const entriesCache = new WeakMap<YamlMap, readonly MapEntry[]>();
const byKeyCache = new WeakMap<YamlMap, ReadonlyMap<string, MapEntry>>();

/**
 * `mapEntries`, remembered per mapping. Safe because a mapping's pairs never change once built
 * (an incremental re-parse replaces sequence items, and re-parses fully around anchors).
 */
export function entriesOf(map: YamlMap): readonly MapEntry[] {
  let entries = entriesCache.get(map);
  if (!entries) {
    entries = mapEntries(map);
    entriesCache.set(map, entries);
  }
  return entries;
}

/** The entries of a mapping by key (remembered per mapping, like `entriesOf`). */
export function entriesByKey(map: YamlMap): ReadonlyMap<string, MapEntry> {
  let byKey = byKeyCache.get(map);
  if (!byKey) {
    byKey = new Map(entriesOf(map).map((e) => [e.key, e]));
    byKeyCache.set(map, byKey);
  }
  return byKey;
}

/** Merged mappings visited for one `mapEntries` call at most (js-yaml's maxTotalMergeKeys), against merge-key bombs. */
export const MAX_MERGED_MAPS = 10_000;

/**
 * The entries of a mapping as a YAML 1.1 loader sees them: merge keys (`<<`) expanded (their
 * entries first, explicit keys overriding), later duplicates winning.
 */
export function mapEntries(map: YamlMap, depth = 0, budget: MergeBudget = { left: MAX_MERGED_MAPS, expanding: new Set() }): MapEntry[] {
  if (map.pairs.every((p) => p.key.kind === 'scalar' && p.key.text !== '<<')) {
    // No merge keys (the common case): the pairs themselves, unless a key repeats.
    const seen = new Set<string>();
    const simple: MapEntry[] = [];
    for (const pair of map.pairs) {
      const key = (pair.key as YamlScalar).text;
      if (seen.has(key)) return mergedEntries(map, depth, budget);
      seen.add(key);
      simple.push({ key, keyNode: pair.key, value: pair.value, merged: false });
    }
    return simple;
  }
  return mergedEntries(map, depth, budget);
}

interface MergeBudget {
  left: number;
  /** Mappings being expanded: a merge of one of them is a cycle (`a: &a {<<: *a}`) and is skipped. */
  expanding: Set<YamlMap>;
}

function mergedEntries(map: YamlMap, depth: number, budget: MergeBudget): MapEntry[] {
  budget.expanding.add(map);
  const byKey = new Map<string, MapEntry>();
  const explicit: MapEntry[] = [];
  for (const pair of map.pairs) {
    const key = keyString(pair.key);
    if (key === undefined) continue;
    if (key === '<<' && pair.key.kind === 'scalar' && pair.key.style === 'plain' && depth < 20) {
      const source = deref(pair.value);
      const sources = source?.kind === 'seq' ? source.items.map((item) => deref(item)) : [source];
      // Earlier maps in a merge sequence win over later ones.
      for (const merged of sources.reverse()) {
        if (merged?.kind !== 'map' || budget.expanding.has(merged) || --budget.left < 0) continue;
        for (const entry of mapEntries(merged, depth + 1, budget)) byKey.set(entry.key, { ...entry, merged: true });
      }
      continue;
    }
    explicit.push({ key, keyNode: pair.key, value: pair.value, merged: false });
  }
  for (const entry of explicit) {
    byKey.delete(entry.key);
    byKey.set(entry.key, entry);
  }
  budget.expanding.delete(map);
  return [...byKey.values()];
}

/** The value node of `key` in a mapping (after merges and aliases), or undefined. */
export function getEntry(map: YamlNode | undefined, key: string): MapEntry | undefined {
  const target = deref(map);
  if (target?.kind !== 'map') return undefined;
  return entriesByKey(target).get(key);
}

export class ExpansionLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the document expands to more than ${limit} nodes through aliases (an alias bomb?)`);
  }
}

/**
 * Converts a node to the plain JavaScript value PyYAML's safe_load would produce. Aliases are
 * expanded with a budget of `maxNodes` visited nodes, so an alias bomb fails fast instead of
 * exhausting memory. `scalar` may convert scalars differently (the config engine's Python floats).
 */
export function toPlain(node: YamlNode | null | undefined, maxNodes = 200_000, scalar: (node: YamlScalar) => unknown = (n) => n.value): unknown {
  let budget = maxNodes;
  const convert = (n: YamlNode | null | undefined, depth: number): unknown => {
    if (--budget < 0) throw new ExpansionLimitError(maxNodes);
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
        for (const entry of mapEntries(target)) if (entry.key !== '__proto__') out[entry.key] = convert(entry.value, depth + 1);
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
