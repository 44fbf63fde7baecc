// Rules across tasks: `cloud:` names that clouds.yaml lacks, and image/flavor/network/key
// names that neither this playbook creates nor the cloud has (as loaded by the explorer).
import { didYouMean, editDistance } from '../../yaml/didYouMean';
import { deref, getEntry, type YamlNode } from '../../yaml/positionedYaml';
import type { LineIndex } from '../../yaml/lineIndex';
import type { Finding } from '../findings';
import { NO_LIVE_RESOURCES, type LiveResources } from '../liveResources';
import { literalNames } from './taskRules';
import { UUID, type NamedValue, type ResourceKind, type ResourceUse, type TaskFacts } from './facts';

export interface CrossEnvironment {
  /** Cloud names of the user's clouds.yaml; undefined when there is none (nothing is checked). */
  cloudNames?: readonly string[];
  live?: LiveResources;
}

export interface TaskRecord {
  facts: TaskFacts;
  /** `vars:` mappings in scope of the task, innermost first (task, blocks, play). */
  vars: readonly YamlNode[];
}

const NOUN: Record<ResourceKind, string> = { image: 'image', flavor: 'flavor', network: 'network', key_name: 'key pair' };

function cloudsOf(record: TaskRecord, memo: Map<YamlNode, Map<string, NamedValue[] | undefined>>): NamedValue[] | undefined {
  const cloud = record.facts.cloud;
  if (!cloud) return undefined;
  if ('names' in cloud) return cloud.names;
  const scope = record.vars[0];
  if (scope) {
    const known = memo.get(scope);
    if (known?.has(cloud.variable)) return known.get(cloud.variable);
    const found = resolveVariable(record.vars, cloud.variable);
    if (!known) memo.set(scope, new Map([[cloud.variable, found]]));
    else known.set(cloud.variable, found);
    return found;
  }
  return undefined;
}

function resolveVariable(scopes: readonly YamlNode[], variable: string): NamedValue[] | undefined {
  for (const vars of scopes) {
    const value = deref(getEntry(vars, variable)?.value);
    if (!value) continue;
    if (value.kind === 'seq') return literalNames(value.items);
    if (value.kind === 'scalar') return literalNames([value]);
    return undefined;
  }
  return undefined;
}

export function checkCrossReferences(records: readonly TaskRecord[], env: CrossEnvironment, lines: LineIndex, out: Finding[]): void {
  /** The finding of a used name (by kind, then name) that no live data decides, computed once per name. */
  const staticMemo = new Map<ResourceKind, Map<string, Finding | undefined>>();
  const reported = new Set<string>();
  const push = (f: Finding) => {
    const key = `${f.start}:${f.code}`;
    if (!reported.has(key)) {
      reported.add(key);
      out.push(f);
    }
  };
  const defined = new Map<ResourceKind, Map<string, ResourceUse>>();
  for (const r of records) {
    for (const d of r.facts.defines) {
      let names = defined.get(d.kind);
      if (!names) defined.set(d.kind, (names = new Map()));
      if (!names.has(d.name)) names.set(d.name, d);
    }
  }
  const known = env.cloudNames ? new Set(env.cloudNames) : undefined;
  const varsMemo = new Map<YamlNode, Map<string, NamedValue[] | undefined>>();
  for (const r of records) {
    const clouds = cloudsOf(r, varsMemo);
    if (known && clouds) {
      for (const c of clouds) {
        if (known.has(c.name)) continue;
        const close = didYouMean(c.name, known);
        push({
          ...at(c.node),
          severity: 'warning',
          code: 'unknown-cloud',
          message: `cloud '${c.name}' is not in your clouds.yaml${close ? `; did you mean '${close}'?` : ` (it has ${[...known].join(', ') || 'no clouds'})`}`,
          ...(close ? { suggestion: close, fixes: [{ title: `Change to '${close}'`, edits: [{ ...at(c.node), newText: requote(c, close, lines) }] }] } : {}),
        });
      }
    }
    for (const use of r.facts.uses) {
      const created = defined.get(use.kind);
      if (created?.has(use.name) || (use.name.length >= 32 && UUID.test(use.name))) continue;
      let finding = env.live && env.live !== NO_LIVE_RESOURCES ? liveFinding(use, clouds, env.live, created, lines) : undefined;
      if (!finding) {
        // The same misspelt name is usually used many times: compare it with the created names once.
        let memo = staticMemo.get(use.kind);
        if (!memo) staticMemo.set(use.kind, (memo = new Map()));
        let found = memo.get(use.name);
        if (found === undefined && !memo.has(use.name)) memo.set(use.name, (found = staticFinding(use, created, lines)));
        if (found) finding = { ...found, ...at(use.node), fixes: found.fixes?.map((f) => ({ ...f, edits: [{ ...at(use.node), newText: requote(use, found.suggestion!, lines) }] })) };
      }
      if (finding) push(finding);
    }
  }
}

/** Checked against the named clouds' loaded resources (every named cloud must have been loaded). */
function liveFinding(use: ResourceUse, clouds: NamedValue[] | undefined, live: LiveResources | undefined, created: Map<string, ResourceUse> | undefined, lines: LineIndex): Finding | undefined {
  if (!live || !clouds?.length) return undefined;
  const lists = clouds.map((c) => ({ cloud: c.name, names: live.namesOf(c.name, use.kind) }));
  if (lists.some((l) => l.names === undefined)) return undefined;
  const missing = lists.filter((l) => !l.names!.includes(use.name)).map((l) => l.cloud);
  if (!missing.length) return undefined;
  const candidates = new Set([...lists.flatMap((l) => l.names!), ...(created?.keys() ?? [])]);
  const close = didYouMean(use.name, candidates);
  const where = missing.length === lists.length && lists.length === 1 ? `cloud '${missing[0]}'` : `cloud${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`;
  return resourceFinding(use, `${NOUN[use.kind]} '${use.name}' is not on ${where} (as last loaded in the explorer) and this playbook does not create it`, close, lines);
}

/** Without live data: a name one or two edits away from one this playbook creates is a likely typo. */
function staticFinding(use: ResourceUse, created: Map<string, ResourceUse> | undefined, lines: LineIndex): Finding | undefined {
  if (!created || use.name.length < 4) return undefined;
  let best: ResourceUse | undefined;
  let bestDistance = 3;
  for (const d of created.values()) {
    if (Math.abs(d.name.length - use.name.length) > 2) continue;
    const distance = editDistance(use.name, d.name, 2);
    if (distance < bestDistance) {
      best = d;
      bestDistance = distance;
    }
  }
  if (!best) return undefined;
  const line = lines.position(best.node.start).line + 1;
  return resourceFinding(use, `${NOUN[use.kind]} '${use.name}' is not created in this playbook; did you mean '${best.name}' (created on line ${line})?`, best.name, lines, true);
}

function resourceFinding(use: ResourceUse, message: string, close: string | undefined, lines: LineIndex, mentioned = false): Finding {
  return {
    ...at(use.node),
    severity: 'warning',
    code: 'unknown-resource',
    message: close && !mentioned ? `${message}; did you mean '${close}'?` : message,
    ...(close ? { suggestion: close, fixes: [{ title: `Change to '${close}'`, edits: [{ ...at(use.node), newText: requote(use, close, lines) }] }] } : {}),
  };
}

function at(node: YamlNode): { start: number; end: number } {
  return { start: node.start, end: node.end };
}

/** The replacement text keeping the quotes the value was written with. */
function requote(value: NamedValue, replacement: string, _lines: LineIndex): string {
  const style = value.node.kind === 'scalar' ? value.node.style : 'plain';
  const quote = style === 'double' ? '"' : style === 'single' ? "'" : '';
  return quote + replacement + quote;
}
