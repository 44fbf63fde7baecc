// Which openstack.cloud version a playbook is written for: the pin of the repository's
// requirements.yml / collections/requirements.yml / galaxy.yml (the nearest one above the file
// that names openstack.cloud), else the user's setting (`--collection-version` in the CLI), else
// the newest 2.x. Only the major version matters: 1.x (1.10.0) and 2.x differ in names and options.
import path from 'node:path';
import { deref, entriesByKey, parseYaml, type YamlNode } from '../yaml/positionedYaml';
import type { CollectionMajor } from './moduleCatalog';
import type { FileReader } from './roleCollections';

export interface CollectionTarget {
  major: CollectionMajor;
  /** Where the choice comes from (a file, the setting, or the default), for messages. */
  source: string;
  /** Changes whenever the answer may have changed. */
  stamp: string;
}

/** How many folders above a file are searched for a requirements file. */
const MAX_LEVELS = 6;
const FILES = ['requirements.yml', 'requirements.yaml', path.join('collections', 'requirements.yml'), path.join('collections', 'requirements.yaml'), 'galaxy.yml'];
const MAX_FILE_CHARS = 256 * 1024;

/**
 * The major version a version requirement allows (ansible-galaxy syntax: `1.10.0`, `==1.10.0`,
 * `>=1.0.0,<2.0.0`, `<2`, `1.*`, `>=2.0.0`); undefined when it allows both or cannot be read.
 */
export function majorOfRequirement(requirement: string): CollectionMajor | undefined {
  let allows1 = true;
  let allows2 = true;
  for (const raw of requirement.split(',')) {
    const m = /^\s*(==|!=|>=|<=|>|<|=)?\s*v?(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?\S*\s*$/.exec(raw);
    if (!m) {
      if (raw.trim() === '*' || raw.trim() === '') continue;
      return undefined;
    }
    const op = m[1] ?? '==';
    const major = Number(m[2]);
    const rest = [m[3], m[4]].filter((p) => p !== undefined && p !== '*').map(Number);
    const exactlyMajor = rest.every((n) => n === 0); // 2, 2.0, 2.0.0
    if (op === '==' || op === '=') {
      allows1 &&= major === 1;
      allows2 &&= major === 2;
    } else if (op === '<') {
      allows2 &&= major > 2 || (major === 2 && !exactlyMajor);
      allows1 &&= major > 1 || (major === 1 && !exactlyMajor);
    } else if (op === '<=') {
      allows2 &&= major >= 2;
      allows1 &&= major >= 1;
    } else if (op === '>=' || op === '>') {
      allows1 &&= major <= 1;
      allows2 &&= major <= 2;
    }
  }
  if (allows1 && !allows2) return 1;
  if (allows2 && !allows1) return 2;
  return undefined;
}

/** The openstack.cloud requirement a requirements.yml or galaxy.yml states: a version, '' for any, undefined when it names none. */
export function openstackRequirement(text: string): string | undefined {
  const parsed = parseYaml(text.length > MAX_FILE_CHARS ? '' : text);
  const root = deref(parsed.documents[0]?.root);
  if (parsed.error || root?.kind !== 'map') return undefined;
  const byKey = entriesByKey(root);
  const dependencies = deref(byKey.get('dependencies')?.value);
  if (dependencies?.kind === 'map') {
    const v = deref(entriesByKey(dependencies).get('openstack.cloud')?.value);
    return v === undefined ? undefined : scalarText(v) ?? '';
  }
  const collections = deref(byKey.get('collections')?.value);
  if (collections?.kind !== 'seq') return undefined;
  for (const item of collections.items) {
    const n = deref(item);
    if (n?.kind === 'scalar' && n.value === 'openstack.cloud') return '';
    if (n?.kind !== 'map') continue;
    const e = entriesByKey(n);
    const name = deref(e.get('name')?.value);
    if (name?.kind !== 'scalar' || name.value !== 'openstack.cloud') continue;
    const version = deref(e.get('version')?.value);
    return version ? scalarText(version) ?? '' : '';
  }
  return undefined;
}

function scalarText(n: YamlNode): string | undefined {
  return n.kind === 'scalar' && n.value !== null ? String(n.value) : undefined;
}

export class CollectionTargetCache {
  private readonly parsed = new Map<string, { stamp: string; requirement: string | undefined }>();

  constructor(
    private readonly read: FileReader,
    /** The setting (`openstackClouds.ansible.collectionVersion`) or the CLI's `--collection-version`. */
    private readonly configured: () => string | undefined = () => undefined,
  ) {}

  of(fileName: string): CollectionTarget {
    let dir = path.dirname(fileName);
    let stamp = '';
    for (let level = 0; level < MAX_LEVELS; level++) {
      for (const name of FILES) {
        const file = path.join(dir, name);
        const snapshot = this.read(file);
        if (!snapshot) continue;
        let entry = this.parsed.get(file);
        if (entry?.stamp !== snapshot.stamp) {
          entry = { stamp: snapshot.stamp, requirement: openstackRequirement(snapshot.text()) };
          if (this.parsed.size > 200) this.parsed.clear();
          this.parsed.set(file, entry);
        }
        stamp += `${file}@${snapshot.stamp};`;
        const major = entry.requirement ? majorOfRequirement(entry.requirement) : undefined;
        if (major) return { major, source: `${file} (openstack.cloud ${entry.requirement})`, stamp };
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const setting = this.configured();
    const major = setting ? majorOfRequirement(setting) : undefined;
    if (major) return { major, source: `the configured collection version ${setting}`, stamp: `${stamp}setting:${setting}` };
    return { major: 2, source: 'the default (newest 2.x)', stamp: `${stamp}default` };
  }
}
