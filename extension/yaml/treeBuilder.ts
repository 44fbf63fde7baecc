// Builds the positioned tree from js-yaml's event stream in one pass. This is the hot path of
// every validation (one object per node, tens of thousands per large playbook), so it avoids
// per-node temporaries: nodes are created with a fixed shape (anchor and tag added only when
// written), an end offset is passed up to the parent only (each collection passes its own up
// when it closes), and small mappings find duplicate keys by scanning their pairs. Events are
// let go of as they are used, so a young-generation collection during the build does not copy
// the ones already turned into nodes.
import { getScalarValue, EVENT_ID, COLLECTION_STYLE, type Event, type MappingEvent, type ScalarEvent, type SequenceEvent } from './jsYaml';
import { AliasBudget, type ExpandedCost } from './aliasBudget';
import { STYLE_NAMES, resolvePlainScalar, resolveTagged } from './scalars';
import type { ParsedYaml, ScalarStyle, YamlAlias, YamlDocument, YamlMap, YamlNode, YamlScalar, YamlSeq } from './positionedYaml';

/** The text of a scalar key as written ('' for an empty key), or undefined for a collection key. */
export function keyString(node: YamlNode): string | undefined {
  if (node.kind === 'scalar') return node.text;
  if (node.kind === 'alias' && node.target?.kind === 'scalar') return node.target.text;
  return undefined;
}

/** Cut aliases listed in a parse at most (each is reported; past a few hundred, more say nothing new). */
const MAX_CUT_ALIASES_KEPT = 200;

/** Mappings with more pairs than this look their duplicate keys up in a Map; smaller ones scan their pairs. */
const SCAN_LIMIT = 8;

/** An open collection. */
class Frame {
  /** A mapping's key waiting for its value. */
  pendingKey: YamlNode | null = null;
  /** First key node by text, once a mapping has outgrown SCAN_LIMIT. */
  seen: Map<string, YamlNode> | null = null;
  /** Nodes in this collection once aliases are expanded (itself included). */
  size = 1;
  /** Levels below this collection once aliases are expanded. */
  height = 0;
  constructor(readonly node: YamlMap | YamlSeq) {}

  /** Counts a finished child of the given expanded size and height. */
  grow(size: number, height: number): void {
    this.size += size;
    if (height >= this.height) this.height = height + 1;
  }
}

export class TreeBuilder {
  private readonly anchors = new Map<string, YamlNode>();
  private readonly stack: Frame[] = [];
  /** The innermost open collection (the stack's last frame). */
  private top: Frame | undefined = undefined;
  private document: YamlDocument | null = null;
  /** End offset of the last node finished, so an empty scalar (`key:`) gets a position after its key. */
  private lastEnd = 0;

  /** `events` is consumed: each is dropped from the array once built into the tree. */
  constructor(
    private readonly text: string,
    private readonly events: (Event | undefined)[],
    private readonly out: ParsedYaml,
    /** One budget for the whole parse, all documents of the stream together. */
    private readonly budget = new AliasBudget(),
  ) {}

  build(): void {
    const events = this.events;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      events[i] = undefined; // consumed: a collection during the build need not copy it
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          this.document = { root: null };
          this.out.documents.push(this.document);
          this.anchors.clear();
          break;
        case EVENT_ID.MAPPING:
          this.open(this.withProps<YamlMap>({ kind: 'map', pairs: [], flow: event.style === COLLECTION_STYLE.FLOW, start: event.start, end: event.start, entriesMemo: undefined, byKeyMemo: undefined }, event));
          break;
        case EVENT_ID.SEQUENCE:
          this.open(this.withProps<YamlSeq>({ kind: 'seq', items: [], flow: event.style === COLLECTION_STYLE.FLOW, start: event.start, end: event.start }, event));
          break;
        case EVENT_ID.SCALAR:
          this.add(this.scalar(event), 1, 0);
          break;
        case EVENT_ID.ALIAS:
          this.alias(this.text.slice(event.anchorStart, event.anchorEnd), event.anchorStart - 1, event.anchorEnd);
          break;
        case EVENT_ID.POP:
          this.close();
          break;
      }
    }
    this.out.expandedNodes = this.budget.expanded;
  }

  /** An alias, admitted against the parse's budget (see aliasBudget.ts) or cut: then it has no target. */
  private alias(name: string, start: number, end: number): void {
    const target = this.anchors.get(name);
    const admitted = target ? this.budget.admit(target, this.stack.length) : undefined;
    if (typeof admitted === 'string') {
      const cut: YamlAlias = { kind: 'alias', name, target: undefined, start, end, cut: admitted };
      if (this.out.cutAliases.length < MAX_CUT_ALIASES_KEPT) this.out.cutAliases.push(cut);
      this.add(cut, 1, 0);
      return;
    }
    const alias: YamlAlias = { kind: 'alias', name, target, start, end };
    if (!target) this.out.unknownAliases.push(alias);
    this.add(alias, admitted ? admitted.size : 1, admitted ? admitted.height : 0);
  }

  /** Adds the anchor and tag a node is written with (most have neither, and keep their shape). */
  private withProps<T extends YamlNode>(node: T, event: MappingEvent | SequenceEvent | ScalarEvent): T {
    if (event.anchorStart >= 0) node.anchor = this.text.slice(event.anchorStart, event.anchorEnd);
    if (event.tagStart >= 0) node.tag = this.text.slice(event.tagStart, event.tagEnd);
    return node;
  }

  private scalar(event: ScalarEvent): YamlScalar {
    const style = STYLE_NAMES[event.style] ?? 'plain';
    const tag = event.tagStart >= 0 ? this.text.slice(event.tagStart, event.tagEnd) : undefined;
    if (event.valueStart < 0) {
      // An empty scalar (`key:` or `- `): place it right after whatever came before it.
      const at = this.emptyScalarOffset(event);
      return this.withProps<YamlScalar>({ kind: 'scalar', text: '', value: tag ? resolveTagged('', tag) : null, style, start: at, end: at }, event);
    }
    const text = event.fast ? this.text.slice(event.valueStart, event.valueEnd) : getScalarValue(this.text, event);
    const quoted = style === 'single' || style === 'double';
    const start = quoted ? event.valueStart - 1 : event.valueStart;
    const end = quoted ? event.valueEnd + 1 : trimBlockEnd(this.text, event.valueStart, event.valueEnd, style);
    const value = tag ? resolveTagged(text, tag) : style === 'plain' ? resolvePlainScalar(text) : text;
    return this.withProps<YamlScalar>({ kind: 'scalar', text, value, style, start, end }, event);
  }

  /**
   * Where an empty scalar (`key:`, `- `) is placed: after its anchor or tag if it has one; for a
   * mapping value, after its key and colon (so the position depends only on its own line);
   * otherwise after whatever node came before it.
   */
  private emptyScalarOffset(event: ScalarEvent): number {
    const propsEnd = Math.max(event.anchorEnd, event.tagEnd);
    if (propsEnd > 0) return propsEnd;
    const key = this.top?.node.kind === 'map' ? this.top.pendingKey : null;
    let at = key ? key.end : this.lastEnd;
    const skip = key ? ': ' : ': -';
    while (at < this.text.length && skip.includes(this.text[at]!)) at++;
    return at;
  }

  private open(node: YamlMap | YamlSeq): void {
    this.attach(node);
    if (node.anchor) this.anchors.set(node.anchor, node);
    this.top = new Frame(node);
    this.stack.push(this.top);
  }

  /** Adds a scalar or an alias, which counts as `size` nodes `height` levels deep once expanded. */
  private add(node: YamlScalar | YamlAlias, size: number, height: number): void {
    this.attach(node);
    if (node.kind === 'scalar' && node.anchor) this.anchors.set(node.anchor, node);
    this.top?.grow(size, height);
    this.finish(node);
  }

  private close(): void {
    const frame = this.stack.pop();
    this.top = this.stack[this.stack.length - 1];
    if (!frame) return; // the end of a document
    if (frame.node.anchor) this.budget.closed(frame.node, { size: frame.size, height: frame.height } satisfies ExpandedCost);
    this.top?.grow(frame.size, frame.height);
    this.finish(frame.node);
  }

  /** Puts a new node into its parent (as a key, a value or an item) or makes it the document root. */
  private attach(node: YamlNode): void {
    const frame = this.top;
    if (!frame) {
      if (this.document) this.document.root = node;
      return;
    }
    const parent = frame.node;
    if (parent.kind === 'seq') {
      parent.items.push(node);
      return;
    }
    const key = frame.pendingKey;
    if (key === null) {
      frame.pendingKey = node;
      return;
    }
    parent.pairs.push({ key, value: node });
    frame.pendingKey = null;
    const keyText = keyString(key);
    if (keyText !== undefined && keyText !== '<<') {
      const first = firstKey(frame, parent, keyText, key);
      if (first !== key) this.out.duplicateKeys.push({ key: keyText, first, duplicate: key });
    }
  }

  /**
   * Records where a node ends and stretches its parent to cover it (the parent passes its own
   * end on when it closes, so every collection ends up covering all its descendants).
   */
  private finish(node: YamlNode): void {
    let end = node.end;
    if ((node.kind === 'map' || node.kind === 'seq') && node.flow && this.text[node.start] === (node.kind === 'map' ? '{' : '[')) {
      // A flow collection ends at its closing bracket, not at its last item. (An implicit
      // single-pair mapping inside a flow sequence, `[a: 1]`, has no brackets of its own.)
      const close = node.kind === 'map' ? '}' : ']';
      let at = Math.max(end, node.start + 1);
      while (at < this.text.length && this.text[at] !== close) at++;
      node.end = end = Math.min(at + 1, this.text.length);
    }
    if (end > this.lastEnd) this.lastEnd = end;
    const parent = this.top?.node;
    if (parent && parent.end < end) parent.end = end;
  }
}

/** The first key of a mapping written as `keyText` (the just-added `key` itself when it is new). */
function firstKey(frame: Frame, map: YamlMap, keyText: string, key: YamlNode): YamlNode {
  const pairs = map.pairs;
  const earlier = pairs.length - 1; // the last pair is the one just added
  if (frame.seen === null) {
    if (pairs.length <= SCAN_LIMIT) {
      for (let i = 0; i < earlier; i++) {
        if (keyString(pairs[i]!.key) === keyText) return pairs[i]!.key;
      }
      return key;
    }
    const seen = new Map<string, YamlNode>();
    for (let i = 0; i < earlier; i++) {
      const text = keyString(pairs[i]!.key);
      if (text !== undefined && text !== '<<' && !seen.has(text)) seen.set(text, pairs[i]!.key);
    }
    frame.seen = seen;
  }
  const first = frame.seen.get(keyText);
  if (first) return first;
  frame.seen.set(keyText, key);
  return key;
}

/** Block scalars include their trailing line break(s) in the event range; a diagnostic should not. */
function trimBlockEnd(text: string, start: number, end: number, style: ScalarStyle): number {
  if (style !== 'literal' && style !== 'folded') return end;
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}
