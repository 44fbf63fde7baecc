// Aliases turn a YAML tree into a graph, and every consumer that follows them (the playbook
// walk through block/rescue/always, merge keys, the config engine's plain values) would inherit
// its cycles and its exponential fan-out (`&b [*a, *a, ...]`, `<<: [*a, *a, ...]` nested). So the
// tree builder admits each alias against one budget per parse: an alias to a collection that is
// still open (it contains itself: `- &a {block: [*a]}`), an alias that would expand the document
// past MAX_ALIAS_EXPANSION nodes in total, or one that would nest it deeper than
// MAX_EXPANDED_DEPTH is cut: it keeps its place and range but gets no target, and is reported.
// What is left is a finite tree whose full expansion is bounded, so no lookup needs a budget of
// its own, and no walk through aliases can recurse forever or blow the stack.
import type { YamlNode } from './positionedYaml';

/**
 * Nodes that aliases may add to one parse, all lookups together. A clouds.yaml that merges defaults
 * into each of 100 clouds adds a few thousand; the config engine copies what aliases expand for
 * every cloud and region, so this much stays within 50 ms of CPU a document.
 */
export const MAX_ALIAS_EXPANSION = 10_000;
/** How deep the tree may nest once aliases are expanded (js-yaml already limits written nesting to 100). */
export const MAX_EXPANDED_DEPTH = 200;

/** Why an alias was cut: it refers to a node that contains it, or would exceed the expansion or depth budget. */
export type AliasCut = 'recursive' | 'expansion' | 'depth';

/** What a node costs when an alias expands it: its node count and its height, aliases inside expanded. */
export interface ExpandedCost {
  size: number;
  height: number;
}

const SCALAR: ExpandedCost = { size: 1, height: 0 };

export class AliasBudget {
  /** Nodes added by aliases so far in this parse (each alias adds its target's expanded size). */
  expanded = 0;
  /** Costs of anchored collections once closed; an anchored collection without one is still open. */
  private readonly costs = new Map<YamlNode, ExpandedCost>();

  constructor(readonly maxExpansion = MAX_ALIAS_EXPANSION, readonly maxDepth = MAX_EXPANDED_DEPTH) {}

  /** Remembers what an anchored collection costs, now that it is complete. */
  closed(node: YamlNode, cost: ExpandedCost): void {
    this.costs.set(node, cost);
  }

  /**
   * Admits an alias to `target` placed at nesting `depth`: its cost (charged to the budget), or
   * why it is cut.
   */
  admit(target: YamlNode, depth: number): ExpandedCost | AliasCut {
    const cost = target.kind === 'scalar' ? SCALAR : this.costs.get(target);
    if (!cost) return 'recursive';
    if (this.expanded + cost.size > this.maxExpansion) return 'expansion';
    if (depth + cost.height > this.maxDepth) return 'depth';
    this.expanded += cost.size;
    return cost;
  }
}

/** A sentence for a cut alias, for diagnostics. */
export function describeCut(name: string, cut: AliasCut): string {
  switch (cut) {
    case 'recursive':
      return `alias '*${name}' refers to the node that contains it: a recursive structure that Ansible and openstacksdk cannot use (it was not followed)`;
    case 'expansion':
      return `aliases expand the document to more than ${MAX_ALIAS_EXPANSION} nodes (an alias or merge-key bomb?): '*${name}' was not followed`;
    case 'depth':
      return `alias '*${name}' would nest the document more than ${MAX_EXPANDED_DEPTH} levels deep (it was not followed)`;
  }
}
