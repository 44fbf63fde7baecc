// Completion and hover for playbooks and task files: modules, their options (required first),
// choices, cloud names and keywords, with the bundled module documentation.
import { markdownCode, markdownText } from '../text/markdown';
import type { AnsibleFileKind } from './playbook/playbookValidator';
import { keywordDescription, keywordsOf, LOOP_CONTROL_KEYS } from './playbook/keywords';
import { lookupModule, moduleDocsUrl, moduleNames, moduleSpec, optionTable, type OptionSpec, type ResolvedModule } from './moduleCatalog';
import { keyAt, yamlContextAt, type Frame, type YamlContext } from './yamlContext';
import type { LiveResources } from './liveResources';
import { yamlString } from '../yaml/emit';
import { isResourceOption, UUID, type ResourceKind } from './playbook/facts';
import type { LocalModules } from './repositoryModules';

export interface CompletionEntry {
  label: string;
  kind: 'module' | 'option' | 'keyword' | 'value' | 'cloud';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** `insertText` is a snippet (`${1}` placeholders). */
  snippet?: boolean;
  sortText: string;
  /** Offsets of the text the completion replaces (the word typed so far). */
  start: number;
  end: number;
}

export interface HoverInfo {
  markdown: string;
  start: number;
  end: number;
}

const LOOP_KEYS = new Set(['loop', 'with_items', 'with_list']);
const TASK_LISTS = new Set(['tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always']);

type MapRole =
  | { role: 'play' }
  | { role: 'task'; block: boolean }
  | { role: 'options'; module: ResolvedModule }
  | { role: 'loop_control' }
  | { role: 'other' };

/** What the mapping holding the cursor is, from its chain of enclosing frames. */
function roleOf(chain: readonly Frame[], siblings: readonly string[], fileKind: AnsibleFileKind, collections: readonly string[], local: LocalModules | undefined): MapRole {
  const isTaskItem = (i: number) => chain[i] !== undefined && chain[i]!.key === undefined && (chain[i + 1] ? TASK_LISTS.has(chain[i + 1]!.key ?? '') : fileKind !== 'playbook');
  const inner = chain[0];
  if (!inner) return { role: 'other' };
  if (inner.key === undefined) {
    if (!chain[1] && fileKind === 'playbook') return { role: 'play' };
    if (isTaskItem(0)) return { role: 'task', block: siblings.includes('block') };
    return { role: 'other' };
  }
  if (isTaskItem(1)) {
    if (inner.key === 'loop_control') return { role: 'loop_control' };
    const found = lookupModule(inner.key, collections, 2, local);
    if (found.kind === 'module') return { role: 'options', module: found.module };
  }
  return { role: 'other' };
}

export interface FeatureContext {
  fileKind: AnsibleFileKind;
  cloudNames: readonly string[] | undefined;
  /** What the explorer loaded: image, flavor, network and key pair names of the task's cloud are offered. */
  live?: LiveResources;
  /** The `collections:` of the role this task or handler file belongs to (its meta/main.yml). */
  roleCollections?: readonly string[];
  /** The repository's own modules: no completion or hover from our specs for a name they shadow. */
  localModules?: LocalModules;
}

function collectionsIn(text: string, ctx: FeatureContext): readonly string[] {
  const own = /collections:\s*(?:\[[^\]]*\bopenstack\.cloud\b|\n(?:\s*-\s*\S+\n)*?\s*-\s*openstack\.cloud\b)/.test(text) ? ['openstack.cloud'] : [];
  return ctx.roleCollections?.length ? [...ctx.roleCollections, ...own] : own;
}

export function completePlaybook(text: string, offset: number, ctx: FeatureContext): CompletionEntry[] {
  const yc = yamlContextAt(text, offset);
  if (!yc) return [];
  const collections = collectionsIn(text, ctx);
  const role = roleOf(yc.chain, yc.siblings, ctx.fileKind, collections, ctx.localModules);
  const range = { start: yc.position.start, end: offset };
  if (yc.position.kind === 'value') return valueCompletions(yc, role, ctx, range, text);
  // `- |` under a loop: a list item value, not the first key of a mapping.
  const [item, list] = yc.chain;
  if (item?.key === undefined && list?.key && LOOP_KEYS.has(list.key) && !yc.siblings.length) {
    const itemCtx: YamlContext = { ...yc, chain: yc.chain.slice(2), position: { kind: 'value', key: list.key, prefix: yc.position.prefix, start: yc.position.start, listItem: true } };
    return valueCompletions(itemCtx, roleOf(itemCtx.chain, [], ctx.fileKind, collections, ctx.localModules), ctx, range, text);
  }
  const present = new Set(yc.siblings);
  switch (role.role) {
    case 'play':
      return keywordEntries(keywordsOf('play'), present, range);
    case 'loop_control':
      return keywordEntries(LOOP_CONTROL_KEYS, present, range);
    case 'task': {
      const keywords = keywordEntries(keywordsOf(role.block ? 'block' : ctx.fileKind === 'handlers' ? 'handler' : 'task'), present, range);
      const hasModule = yc.siblings.some((k) => lookupModule(k, collections, 2, ctx.localModules).kind === 'module' || /^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+$/.test(k));
      return hasModule || role.block ? keywords : [...moduleEntries(range), ...keywords];
    }
    case 'options':
      return optionEntries(role.module, present, range);
    default:
      return [];
  }
}

function keywordEntries(keywords: Iterable<string>, present: ReadonlySet<string>, range: { start: number; end: number }): CompletionEntry[] {
  return [...keywords]
    .filter((k) => !present.has(k))
    .map((k) => ({ label: k, kind: 'keyword' as const, detail: 'Ansible keyword', documentation: keywordDescription(k), insertText: `${k}: `, sortText: `3_${k}`, ...range }));
}

function moduleEntries(range: { start: number; end: number }): CompletionEntry[] {
  return moduleNames().map((fqcn) => {
    const table = optionTable(fqcn);
    const body = table.required.length ? table.required.map((r, i) => `  ${r}: \${${i + 1}}`).join('\n') : '  $0';
    return { label: fqcn, kind: 'module' as const, detail: moduleSpec(fqcn)!.description, documentation: moduleMarkdown(fqcn), insertText: `${fqcn}:\n${body}`, snippet: true, sortText: `2_${fqcn}`, ...range };
  });
}

function optionEntries(module: ResolvedModule, present: ReadonlySet<string>, range: { start: number; end: number }): CompletionEntry[] {
  const table = optionTable(module.fqcn);
  const given = new Set([...present].map((k) => table.canonical.get(k) ?? k));
  return [...table.byName]
    .filter(([name]) => !given.has(name))
    .map(([name, spec]) => ({
      label: name,
      kind: 'option' as const,
      detail: `${spec.required ? 'required ' : ''}${spec.type ?? 'str'}`,
      documentation: optionMarkdown(name, spec),
      insertText: `${name}: `,
      sortText: `${spec.required ? '0' : '1'}_${name}`,
      ...range,
    }));
}

function valueCompletions(yc: YamlContext, role: MapRole, ctx: FeatureContext, range: { start: number; end: number }, text: string): CompletionEntry[] {
  const position = yc.position;
  if (position.kind !== 'value') return [];
  const values = (items: readonly unknown[], kind: CompletionEntry['kind'], detail: string) =>
    items.map((v, i) => ({ label: String(v), kind, detail, insertText: String(v), sortText: `${String(i).padStart(3, '0')}`, ...range }));
  if (role.role === 'options') {
    const table = optionTable(role.module.fqcn);
    const name = table.canonical.get(position.key);
    const spec = name ? table.byName.get(name) : undefined;
    if (!spec || !name) return [];
    if (name === 'cloud' && ctx.cloudNames) return values(ctx.cloudNames, 'cloud', 'cloud in clouds.yaml');
    if (isResourceOption(name) && role.module.fqcn.startsWith('openstack.cloud.')) return loadedNames(text, yc, name, ctx, values);
    if (spec.choices) return values(spec.choices, 'value', `${name}${spec.default !== undefined ? ` (default ${String(spec.default)})` : ''}`);
    if (spec.type === 'bool') return values(['true', 'false'], 'value', name);
    return [];
  }
  if (position.listItem && (position.key === 'loop' || position.key === 'with_items') && ctx.cloudNames) return values(ctx.cloudNames, 'cloud', 'cloud in clouds.yaml');
  return [];
}

/**
 * The names the explorer loaded of this kind on the cloud the task names (a literal `cloud:` beside
 * the option); IDs are left out, names are what people write. Nothing while not loaded.
 */
function loadedNames(text: string, yc: YamlContext, kind: ResourceKind, ctx: FeatureContext, values: (items: readonly unknown[], kind: CompletionEntry['kind'], detail: string) => CompletionEntry[]): CompletionEntry[] {
  const cloud = siblingValue(text.split('\n'), yc, 'cloud');
  const names = cloud && ctx.live ? ctx.live.namesOf(cloud, kind) : undefined;
  if (!names) return [];
  // A cloud's names are anyone's text: inserted as a YAML scalar that reads back as the name.
  return values([...names].filter((n) => !UUID.test(n)).sort(), 'value', `${kind === 'key_name' ? 'key pair' : kind} on ${cloud} (loaded in the explorer)`).map((e) => ({ ...e, insertText: yamlString(e.label) }));
}

/** The literal value of `key` in the mapping the cursor is in (e.g. the task's `cloud:`); not a template. */
function siblingValue(lines: readonly string[], yc: YamlContext, key: string): string | undefined {
  const holder = yc.chain[0];
  if (!holder) return undefined;
  for (let l = holder.line + 1; l < lines.length; l++) {
    const line = lines[l]!;
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (indent < yc.col) break;
    const m = indent === yc.col ? /^\s*([\w-]+):\s+(?:"([^"]*)"|'([^']*)'|([^\s#'"{[][^#]*?))\s*(?:#.*)?$/.exec(line) : null;
    if (m?.[1] !== key) continue;
    const value = m[2] ?? m[3] ?? m[4];
    return value && !value.includes('{{') ? value : undefined;
  }
  return undefined;
}

export function moduleMarkdown(fqcn: string): string {
  const spec = moduleSpec(fqcn)!;
  const table = optionTable(fqcn);
  const lines = [`**${fqcn}**`, '', spec.description];
  if (table.required.length) lines.push('', `Required: ${table.required.map((r) => `\`${r}\``).join(', ')}`);
  if (spec.legacy_names?.length) lines.push('', `Legacy name: ${spec.legacy_names.map((n) => `\`${n}\``).join(', ')}`);
  lines.push('', `[Documentation](${moduleDocsUrl(fqcn)})`);
  return lines.join('\n');
}

export function optionMarkdown(name: string, spec: OptionSpec): string {
  const facts = [`type \`${spec.type ?? 'str'}${spec.elements ? `[${spec.elements}]` : ''}\``];
  if (spec.required) facts.push('**required**');
  if (spec.default !== undefined && spec.default !== null) facts.push(`default \`${JSON.stringify(spec.default)}\``);
  if (spec.choices) facts.push(`one of ${spec.choices.map((c) => `\`${String(c)}\``).join(', ')}`);
  if (spec.aliases?.length) facts.push(`aliases ${spec.aliases.map((a) => `\`${a}\``).join(', ')}`);
  return [`**${name}**: ${facts.join(', ')}`, '', spec.description ?? ''].join('\n');
}

/** Hover for a key: a module, one of its options, or a keyword. */
export function hoverPlaybook(text: string, offset: number, ctx: FeatureContext): HoverInfo | undefined {
  const at = keyAt(text, offset, /[\w.\-/]/);
  if (!at) return undefined;
  const { key, start, end } = at;
  const yc = yamlContextAt(text, start);
  if (!yc || yc.position.kind !== 'key') return undefined;
  const collections = collectionsIn(text, ctx);
  const role = roleOf(yc.chain, yc.siblings, ctx.fileKind, collections, ctx.localModules);
  let markdown: string | undefined;
  if (role.role === 'options') {
    const table = optionTable(role.module.fqcn);
    const name = table.canonical.get(key);
    if (name) markdown = optionMarkdown(name, table.byName.get(name)!) + (name !== key ? `\n\n(${markdownCode(key)} is an alias of \`${name}\`)` : '');
  } else if (role.role === 'task' || role.role === 'play' || role.role === 'loop_control') {
    const found = lookupModule(key, collections, 2, ctx.localModules);
    if (found.kind === 'module') markdown = moduleMarkdown(found.module.fqcn);
    else markdown = keywordDescription(role.role === 'loop_control' ? `loop_control.${key}` : key) ?? keywordDescription(key);
    if (markdown && found.kind !== 'module') markdown = `**${markdownText(key)}** (Ansible keyword)\n\n${markdown}`;
  }
  return markdown ? { markdown, start, end } : undefined;
}
