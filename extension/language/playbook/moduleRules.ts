// Rules of one OpenStack module call: unknown, renamed or removed options, types and choices,
// required options and Ansible's conditional requirements (mutually_exclusive, required_if,
// required_one_of, required_together, required_by), and the legacy os_* → FQCN fix.
import { deref, entriesOf, type YamlNode } from '../../yaml/positionedYaml';
import { didYouMean } from '../../yaml/didYouMean';
import type { Finding, OffsetEdit } from '../findings';
import { LEGACY_COMMON_OPTIONS, optionTable, suboptionTable, type OptionSpec, type OptionTable, type ResolvedModule } from '../moduleCatalog';
import { mayBeOmitted, type ArgEntry, type ModuleArgs } from './moduleArgs';
import { checkOptionValue, isDynamic } from './optionValues';
import { checkRequirements } from './requirements';

export interface ModuleCall {
  module: ResolvedModule;
  /** Range of the module name as written (the task's action key). */
  keyStart: number;
  keyEnd: number;
  args: ModuleArgs;
  /** Options supplied by `module_defaults` in scope; undefined when they cannot be known. */
  defaults: ReadonlySet<string> | undefined;
}

export function checkModuleCall(call: ModuleCall, text: string, out: Finding[]): void {
  const { module, args } = call;
  const table = optionTable(module.fqcn, module.major);
  if (module.form === 'legacy') out.push(legacyNameFinding(call, table));

  const present = new Map<string, ArgEntry>(); // canonical name → entry
  for (const entry of args.entries) {
    const canonical = table.canonical.get(entry.key);
    if (canonical === undefined) {
      out.push(unknownOptionFinding(call, entry, table, text));
      continue;
    }
    const earlier = present.get(canonical);
    if (earlier && !entry.merged && bothCertain(entry, earlier)) {
      out.push({ start: entry.keyNode.start, end: entry.keyNode.end, severity: 'warning', code: 'duplicate-option', message: `'${entry.key}' and '${earlier.key}' both set option '${canonical}'; only one value is used` });
    }
    present.set(canonical, entry);
    const spec = table.byName.get(canonical)!;
    if (spec.deprecated && !entry.merged) {
      out.push({ start: entry.keyNode.start, end: entry.keyNode.end, severity: 'info', code: 'deprecated-option', message: `option '${canonical}' of ${module.fqcn} is deprecated`, deprecated: true });
    }
    if (entry.value) checkValue(canonical, spec, entry.value, text, out);
  }
  checkRequirements(call, table, present, out);
}

/** Neither value can be `omit` (an omitted option is not passed, so it conflicts with nothing). */
function bothCertain(a: ArgEntry, b: ArgEntry): boolean {
  return !mayBeOmitted(a) && !mayBeOmitted(b);
}

function legacyNameFinding(call: ModuleCall, table: OptionTable): Finding {
  const { module } = call;
  const edits: OffsetEdit[] = [{ start: call.keyStart, end: call.keyEnd, newText: module.fqcn }];
  for (const entry of call.args.entries) {
    const renamed = module.major === 2 ? module.spec.renamed_in_2x?.[entry.key] : undefined;
    if (renamed && !entry.merged && table.byName.has(renamed)) edits.push({ start: entry.keyNode.start, end: entry.keyNode.end, newText: renamed });
  }
  const renames = edits.length - 1;
  return {
    start: call.keyStart,
    end: call.keyEnd,
    severity: 'info',
    code: 'legacy-module',
    message: `'${module.written}' is the legacy (collection 1.x) name of ${module.fqcn}; ansible-core only redirects it`,
    deprecated: true,
    suggestion: module.fqcn,
    fixes: [{ title: `Use ${module.fqcn}${renames ? ` and its 2.x option names (${renames} renamed)` : ''}`, edits, preferred: true }],
  };
}

function unknownOptionFinding(call: ModuleCall, entry: ArgEntry, table: OptionTable, text: string): Finding {
  const { module } = call;
  const where = { start: entry.keyNode.start, end: entry.keyNode.end, severity: 'error' as const };
  if (module.spec.removed_in_2x?.includes(entry.key)) {
    const successor = module.spec.migrated_in_2x?.[entry.key];
    const finding: Finding = { ...where, code: 'removed-option', message: `option '${entry.key}' was removed from ${module.fqcn} in collection 2.x${successor ? `; it is '${successor}' now` : ''}` };
    if (successor && !entry.merged && text.slice(entry.keyNode.start, entry.keyNode.end) === entry.key) {
      finding.suggestion = successor;
      finding.fixes = [{ title: `Change to '${successor}' (collection 2.x)`, edits: [{ start: entry.keyNode.start, end: entry.keyNode.end, newText: successor }] }];
    }
    return finding;
  }
  if (Object.hasOwn(LEGACY_COMMON_OPTIONS, entry.key)) {
    return { ...where, code: 'removed-option', message: `'${entry.key}' was a common option of every module in collection 1.x; ${module.fqcn} (2.x) does not accept it` };
  }
  const suggestion = didYouMean(entry.key, table.canonical.keys());
  const canonical = suggestion === undefined ? undefined : table.canonical.get(suggestion);
  const target = canonical && canonical !== suggestion ? `${suggestion}' (alias of '${canonical}` : suggestion;
  const finding: Finding = {
    ...where,
    code: 'unknown-option',
    message: `${module.fqcn} has no option '${entry.key}'${suggestion ? `; did you mean '${target}'?` : ''}`,
  };
  if (suggestion && !entry.merged && text.slice(entry.keyNode.start, entry.keyNode.end) === entry.key) {
    finding.suggestion = suggestion;
    finding.fixes = [{ title: `Change to '${suggestion}'`, edits: [{ start: entry.keyNode.start, end: entry.keyNode.end, newText: suggestion }], preferred: true }];
  }
  return finding;
}

function checkValue(name: string, spec: OptionSpec, value: YamlNode, text: string, out: Finding[]): void {
  for (const issue of checkOptionValue(name, spec, value)) {
    const finding: Finding = { start: issue.node.start, end: issue.node.end, severity: 'error', code: issue.choices ? 'invalid-choice' : 'option-type', message: issue.message };
    const choice = issue.choices && issue.node.kind === 'scalar' ? didYouMean(issue.node.text, issue.choices) : undefined;
    if (choice !== undefined && issue.node.kind === 'scalar') {
      const quote = issue.node.style === 'double' ? '"' : issue.node.style === 'single' ? "'" : '';
      if (issue.node.style !== 'literal' && issue.node.style !== 'folded' && !text.slice(issue.node.start, issue.node.end).includes('\n')) {
        finding.message += `; did you mean '${choice}'?`;
        finding.suggestion = choice;
        finding.fixes = [{ title: `Change to '${choice}'`, edits: [{ start: issue.node.start, end: issue.node.end, newText: quote + choice + quote }], preferred: true }];
      }
    }
    out.push(finding);
  }
  const node = deref(value);
  if (!spec.suboptions || !node || isDynamic(node)) return;
  const sub = suboptionTable(spec.suboptions);
  const maps = node.kind === 'map' ? [node] : node.kind === 'seq' ? node.items.map((i) => deref(i)).filter((i) => i?.kind === 'map') : [];
  for (const map of maps) {
    if (map?.kind !== 'map') continue;
    const entries = entriesOf(map);
    const missing = sub.required.filter((r) => !entries.some((e) => sub.canonical.get(e.key) === r));
    if (missing.length && !entries.some((e) => e.merged)) {
      out.push({ start: map.start, end: map.start + 1, severity: 'error', code: 'missing-required-option', message: `option '${name}' requires key${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}` });
    }
    for (const e of entries) {
      const canonical = sub.canonical.get(e.key);
      if (canonical === undefined) {
        const suggestion = didYouMean(e.key, sub.canonical.keys());
        out.push({
          start: e.keyNode.start,
          end: e.keyNode.end,
          severity: 'error',
          code: 'unknown-option',
          message: `option '${name}' has no key '${e.key}'${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
          ...(suggestion && !e.merged ? { suggestion, fixes: [{ title: `Change to '${suggestion}'`, edits: [{ start: e.keyNode.start, end: e.keyNode.end, newText: suggestion }], preferred: true }] } : {}),
        });
      } else {
        checkValue(`${name}.${canonical}`, sub.byName.get(canonical)!, e.value, text, out);
      }
    }
  }
}
