// What a file's place puts in scope for short module names: the collection it is inside, when it
// is in an installed collection (`ansible_collections/<ns>/<name>/…`: Ansible's default
// collection, searched first for its playbooks and roles), and the `collections:` of a role's
// meta/main.yml for that role's tasks and handlers (a play's `collections:` does not reach into
// its roles). The meta file is read through the environment (the editor's open document, or the
// disk) and parsed again only when its version or modification time changes.
import fs from 'node:fs';
import path from 'node:path';
import { deref, entriesByKey, parseYaml } from '../yaml/positionedYaml';
import { ROOT_SCOPE, innerScope } from './playbook/scope';
import { MAX_DOCUMENT_CHARS } from './documentKind';
import { readTextWithin } from '../yaml/sourceText';

/** A file as the environment sees it: a stamp that changes with its content, and the text on demand. */
export interface FileSnapshot {
  stamp: string;
  text(): string;
}

export type FileReader = (fileName: string) => FileSnapshot | undefined;

export interface RoleCollections {
  /** The collections the role's meta/main.yml lists (possibly none). */
  collections: readonly string[];
  /** Changes whenever the answer may have changed (the meta file's stamp). */
  stamp: string;
}

const NONE: RoleCollections = { collections: [], stamp: '' };
const ROLE_CONTENT = /^(.*[\\/])?roles[\\/]([^\\/]+)[\\/](?:tasks|handlers)[\\/]/;
/** In Ansible's order of lookup (find_vars_files: no extension, .yml, .yaml, .json). */
const META_NAMES = ['main', 'main.yml', 'main.yaml', 'main.json'];

/** A role's meta/main.yml (or main.yaml, main, main.json): editing it changes its tasks' analysis. */
export function isRoleMetaFile(fileName: string): boolean {
  return /(^|[\\/])roles[\\/][^\\/]+[\\/]meta[\\/]main(\.ya?ml|\.json)?$/.test(fileName);
}

/** The text when asked, read as every file a workspace names is: only if still a regular file within the bound. */
function textWithin(fileName: string): string {
  const read = readTextWithin(fileName, MAX_DOCUMENT_CHARS);
  return typeof read === 'object' ? read.text : '';
}

/**
 * A file on disk, stamped with its modification time and size (the lint CLI; the editor's closed
 * files); none when it is larger than a document we analyse (a role's meta/main.yml or a
 * requirements file of gigabytes is not read on the editor's thread).
 */
export function diskSnapshot(fileName: string): FileSnapshot | undefined {
  try {
    const stat = fs.statSync(fileName);
    if (!stat.isFile() || stat.size > MAX_DOCUMENT_CHARS) return undefined;
    return { stamp: `${stat.mtimeMs}:${stat.size}`, text: () => textWithin(fileName) };
  } catch {
    return undefined;
  }
}

/** The role folder of a task or handler file (`…/roles/<name>/`), or undefined for any other file. */
export function roleFolderOf(fileName: string): string | undefined {
  const m = ROLE_CONTENT.exec(fileName);
  return m ? path.join(m[1] ?? '', 'roles', m[2]!) : undefined;
}

/**
 * The collection a file or role folder inside an installed collection belongs to
 * (`ansible_collections/<ns>/<name>/…`, as ansible-core's _get_collection_name_from_path reads it).
 */
function ownCollection(location: string): string[] {
  const m = /(?:^|[\\/])ansible_collections[\\/]([a-z0-9_]+)[\\/]([a-z0-9_]+)[\\/]/.exec(`${location}/`);
  return m ? [`${m[1]}.${m[2]}`] : [];
}

export function collectionsOfMeta(text: string): string[] {
  const parsed = parseYaml(text);
  const root = deref(parsed.documents[0]?.root);
  if (parsed.error || root?.kind !== 'map') return [];
  return [...innerScope(ROOT_SCOPE, entriesByKey(root).get('collections')?.value, undefined).collections];
}

export class RoleCollectionsCache {
  private readonly parsed = new Map<string, { stamp: string; collections: readonly string[] }>();

  constructor(private readonly read: FileReader) {}

  /** The collections a document's place puts in scope: its collection's, then its role's. */
  of(fileName: string): RoleCollections {
    const folder = roleFolderOf(fileName);
    if (!folder) {
      const own = ownCollection(path.dirname(fileName));
      return own.length ? { collections: own, stamp: own[0]! } : NONE;
    }
    const own = ownCollection(folder);
    for (const name of META_NAMES) {
      const meta = path.join(folder, 'meta', name);
      const snapshot = this.read(meta);
      if (!snapshot) continue;
      let entry = this.parsed.get(meta);
      if (entry?.stamp !== snapshot.stamp) {
        entry = { stamp: snapshot.stamp, collections: collectionsOfMeta(snapshot.text()) };
        this.parsed.set(meta, entry);
      }
      return { collections: [...own, ...entry.collections], stamp: `${meta}@${snapshot.stamp}` };
    }
    return own.length ? { collections: own, stamp: folder } : NONE;
  }
}
