// Which documents are ours: clouds/secure/clouds-public files by name (or the configured
// clouds file), and Ansible playbooks or task files that a person would call one by content.
import path from 'node:path';
import { deref, entriesOf, type ParsedYaml, type YamlNode } from '../yaml/positionedYaml';
import type { ConfigFileKind } from '../config/discovery';
import { lookupModule } from './moduleCatalog';
import { COMMON_BUILTIN_MODULES, PLAYBOOK_IMPORTS, isKeyword } from './playbook/keywords';
import type { AnsibleFileKind } from './playbook/playbookValidator';

export type DocumentKind = ConfigFileKind | AnsibleFileKind;

/** Documents larger than this are not analysed, nor read from disk (4 MiB of YAML is not a hand-written playbook). */
export const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;

const CONFIG_NAMES: Readonly<Record<string, ConfigFileKind>> = {
  'clouds.yaml': 'clouds',
  'clouds.yml': 'clouds',
  'secure.yaml': 'secure',
  'secure.yml': 'secure',
  'clouds-public.yaml': 'clouds-public',
  'clouds-public.yml': 'clouds-public',
};

/** The config file kind a path names, also when it is the configured `openstack.cloudsFile`. */
export function configKindOf(fileName: string, cloudsFile?: string): ConfigFileKind | undefined {
  if (cloudsFile && path.resolve(fileName) === path.resolve(cloudsFile)) return 'clouds';
  return CONFIG_NAMES[path.basename(fileName).toLowerCase()];
}

/** Cheap test before parsing: the first content line starts a list (plays and tasks are lists). */
export function mayBeAnsible(text: string, languageId: string): boolean {
  if (languageId === 'ansible') return true;
  for (let at = 0; at < text.length; ) {
    const next = text.indexOf('\n', at);
    const t = text.slice(at, next === -1 ? text.length : next).trim();
    at = next === -1 ? text.length : next + 1;
    if (t === '' || t.startsWith('#') || t.startsWith('%') || t === '---' || t.startsWith('--- ')) continue;
    return t === '-' || t.startsWith('- ');
  }
  return false;
}

const FQCN = /^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+$/;

/**
 * A task: a block, a task keyword or a module among its keys. Outside a `tasks/` or `handlers/`
 * folder (`strict`), every key must be one of those: a list of records such as
 * `- {name: alice, shell: /bin/bash, uid: 1001}` has a module's name among its keys and is data,
 * not a task file full of errors.
 */
function looksLikeTask(node: YamlNode | undefined, collections: readonly string[], strict: boolean): boolean {
  const map = deref(node);
  if (map?.kind !== 'map') return false;
  const isModule = (key: string) => FQCN.test(key) || COMMON_BUILTIN_MODULES.has(key) || lookupModule(key, collections).kind !== 'foreign';
  const entries = entriesOf(map);
  const telling = entries.some((e) => e.key === 'block' || (e.key !== 'name' && isKeyword('task', e.key)) || isModule(e.key));
  return telling && (!strict || entries.every((e) => e.key === 'block' || isKeyword('task', e.key) || isModule(e.key)));
}

/** A ruleset of an Event-Driven Ansible rulebook: `hosts` like a play, with `sources` and `rules` (ansible-rulebook's schema). */
function looksLikeRuleset(node: YamlNode | undefined): boolean {
  const map = deref(node);
  if (map?.kind !== 'map') return false;
  const keys = new Set(entriesOf(map).map((e) => e.key));
  return keys.has('sources') && keys.has('rules');
}

function looksLikePlay(node: YamlNode | undefined): boolean {
  const map = deref(node);
  return map?.kind === 'map' && entriesOf(map).some((e) => e.key === 'hosts' || PLAYBOOK_IMPORTS.has(e.key));
}

/**
 * playbook: a list whose items are plays (`hosts:` or `import_playbook:`); tasks: a list of
 * tasks (a module, a task keyword or a block in one of them); handlers: task lists in a
 * `handlers/` folder. Anything else, such as a YAML list of plain records or an Event-Driven
 * Ansible rulebook (whose rulesets have `hosts` too), is not ours. Short module names count under
 * `collections` (a role's meta/main.yml).
 */
export function ansibleKindOf(parsed: ParsedYaml, fileName: string, languageId: string, collections: readonly string[] = []): AnsibleFileKind | undefined {
  for (const doc of parsed.documents) {
    const root = deref(doc.root);
    if (root?.kind !== 'seq') continue;
    if (root.items.some(looksLikeRuleset)) return undefined;
    if (root.items.some(looksLikePlay)) return 'playbook';
    const strict = languageId !== 'ansible' && !/(^|[\\/])(tasks|handlers)[\\/]/.test(fileName);
    if (root.items.some((item) => looksLikeTask(item, collections, strict)) || (languageId === 'ansible' && root.items.length > 0)) {
      return /(^|[\\/])handlers[\\/]/.test(fileName) ? 'handlers' : 'tasks';
    }
  }
  return undefined;
}
