// Modules a repository ships itself: `library/` beside a playbook, a role's `library/`, the
// `[defaults] library` paths of ansible.cfg (or ANSIBLE_LIBRARY) and a vendored
// `collections/ansible_collections/openstack/cloud/plugins/modules/`. Ansible finds such files
// before (or instead of) what we know, so they are never "unknown" and never checked against our
// specs. Directories are listed through the environment, each listing cached until its stamp
// (modification time) changes; the answer for a folder is reused while no listed folder changed.
import fs from 'node:fs';
import path from 'node:path';
import { roleFolderOf, type FileReader } from './roleCollections';

/** A directory as the environment sees it: a stamp that changes when an entry is added or removed, and its entry names. */
export interface DirectorySnapshot {
  stamp: string;
  entries(): readonly string[];
}

export type DirectoryReader = (dir: string) => DirectorySnapshot | undefined;

/** Entries read from one directory at most (a library folder with more is not hand-written). */
export const MAX_DIRECTORY_ENTRIES = 2000;
/** Folders above a file's own folder searched for `library/`, `ansible.cfg` and `collections/`. */
const MAX_LEVELS_UP = 4;
/** Sibling roles whose `library/` is read (Ansible adds a role's library for the whole play once the role loads). */
const MAX_SIBLING_ROLES = 30;
/** Characters of an ansible.cfg read for its library setting (a hand-written one is a few KiB). */
const MAX_CONFIG_CHARS = 256 * 1024;
/** ansible-core's MODULE_IGNORE_EXTS (REJECT_EXTS + .yaml, .yml, .ini): files with these endings are never modules. */
const IGNORED_ENDINGS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.yaml', '.yml', '.ini'];

export interface LocalModules {
  /** Names the legacy search (`ansible.legacy`: library folders) finds, with and without extension. */
  library: ReadonlySet<string>;
  /** `openstack.cloud.<name>` of a vendored openstack.cloud collection's module files. */
  collection: ReadonlySet<string>;
  /** Changes whenever the answer may have changed. */
  stamp: string;
}

export const NO_LOCAL_MODULES: LocalModules = { library: new Set(), collection: new Set(), stamp: '' };

/** Where Ansible's configuration comes from besides the files: ANSIBLE_CONFIG, ANSIBLE_LIBRARY and the home folder. */
export interface AnsibleEnvironment {
  ANSIBLE_CONFIG?: string;
  ANSIBLE_LIBRARY?: string;
  home?: string;
  /** The folder relative ANSIBLE_CONFIG and ANSIBLE_LIBRARY paths start from (the process's by default). */
  cwd?: string;
}

/** A directory on disk, stamped with its modification time (the lint CLI; the editor). */
export function diskDirectory(dir: string): DirectorySnapshot | undefined {
  try {
    // Most folders asked about do not exist: no exception for them (a throw costs more than the stat).
    const stat = fs.statSync(dir, { throwIfNoEntry: false });
    if (!stat?.isDirectory()) return undefined;
    return { stamp: String(stat.mtimeMs), entries: () => readEntries(dir) };
  } catch {
    return undefined;
  }
}

function readEntries(dir: string): string[] {
  const names: string[] = [];
  let handle: fs.Dir | undefined;
  try {
    handle = fs.opendirSync(dir);
    for (let e = handle.readSync(); e && names.length < MAX_DIRECTORY_ENTRIES; e = handle.readSync()) names.push(e.name);
  } catch {
    // An unreadable folder provides nothing.
  } finally {
    handle?.closeSync();
  }
  return names;
}

/** The names a module file answers to in Ansible's legacy search (`_find_plugin_legacy`): `os_foo.py` → os_foo, os_foo.py. */
export function moduleNamesOf(fileName: string): string[] {
  if (fileName === '__init__.py' || IGNORED_ENDINGS.some((end) => fileName.endsWith(end))) return [];
  const dot = fileName.lastIndexOf('.');
  // Python's splitext: a leading dot does not start an extension.
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  return base === fileName ? [fileName] : [base, fileName];
}

/** `[defaults] library` of an ansible.cfg (configparser: keys are case-insensitive, `=` or `:`). */
export function libraryOfConfig(text: string): string | undefined {
  let section = '';
  let found: string | undefined;
  for (const line of text.slice(0, MAX_CONFIG_CHARS).split(/\r?\n/)) {
    const header = /^\s*\[([^\]]*)\]/.exec(line);
    if (header) section = header[1]!.trim();
    else if (section === 'defaults') {
      const m = /^\s*library\s*[=:]\s*(.*?)\s*$/i.exec(line);
      if (m) found = m[1];
    }
  }
  return found;
}

interface FolderAnswer {
  modules: LocalModules;
  /** Every directory and file the answer read, with the stamp it had. */
  inputs: readonly (readonly [string, string])[];
}

export class RepositoryModulesCache {
  private readonly listings = new Map<string, { stamp: string; entries: readonly string[] }>();
  private readonly answers = new Map<string, FolderAnswer>();

  constructor(
    private readonly listDirectory: DirectoryReader,
    private readonly readFile: FileReader,
    private readonly ansible: AnsibleEnvironment = {},
  ) {}

  /** The modules the repository provides to a playbook, task or handler file. */
  of(fileName: string): LocalModules {
    const key = `${path.dirname(fileName)}\0${roleFolderOf(fileName) ?? ''}`;
    const cached = this.answers.get(key);
    if (cached && cached.inputs.every(([p, stamp]) => this.stampOf(p) === stamp)) return cached.modules;
    const answer = new Search(this, this.ansible).run(fileName);
    if (this.answers.size >= 1000) this.answers.clear();
    this.answers.set(key, answer);
    return answer.modules;
  }

  stampOf(p: string): string {
    if (p.startsWith('file:')) return this.readFile(p.slice(5))?.stamp ?? '-';
    return this.listDirectory(p)?.stamp ?? '-';
  }

  /** A directory's entries, listed again only when its stamp changed; undefined when it is no directory. */
  list(dir: string): { stamp: string; entries: readonly string[] } | undefined {
    const snapshot = this.listDirectory(dir);
    if (!snapshot) return undefined;
    let listing = this.listings.get(dir);
    if (listing?.stamp !== snapshot.stamp) {
      listing = { stamp: snapshot.stamp, entries: snapshot.entries().slice(0, MAX_DIRECTORY_ENTRIES) };
      if (this.listings.size >= 5000) this.listings.clear();
      this.listings.set(dir, listing);
    }
    return listing;
  }

  read(file: string): string | undefined {
    return this.readFile(file)?.text();
  }
}

/** One computation of a folder's answer, recording what it read. */
class Search {
  private readonly library = new Set<string>();
  private readonly collection = new Set<string>();
  private readonly inputs: [string, string][] = [];

  constructor(
    private readonly cache: RepositoryModulesCache,
    private readonly ansible: AnsibleEnvironment,
  ) {}

  run(fileName: string): FolderAnswer {
    const role = roleFolderOf(fileName);
    if (role) {
      this.addLibrary(path.join(role, 'library'));
      this.siblingRoles(path.dirname(role));
    }
    let config = this.ansible.ANSIBLE_CONFIG ? path.resolve(this.ansible.cwd ?? process.cwd(), this.ansible.ANSIBLE_CONFIG) : undefined;
    // An over-approximation of Ansible's adjacent `library/` (the playbook's folder): the file's folder and a few above it.
    let dir = path.dirname(fileName);
    for (let level = 0; level <= MAX_LEVELS_UP; level++) {
      const entries = this.listed(dir);
      if (entries) {
        if (entries.includes('library')) this.addLibrary(path.join(dir, 'library'));
        if (entries.includes('collections')) this.addCollection(path.join(dir, 'collections', 'ansible_collections', 'openstack', 'cloud', 'plugins', 'modules'));
        if (!config && entries.includes('ansible.cfg')) config = path.join(dir, 'ansible.cfg');
        if (entries.includes('.git')) break;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    if (!config && this.ansible.home) config = [path.join(this.ansible.home, '.ansible.cfg'), '/etc/ansible/ansible.cfg'].find((f) => this.listed(path.dirname(f))?.includes(path.basename(f)));
    this.configuredLibraries(config);
    const stamp = this.inputs.map(([p, s]) => `${p}@${s}`).join('|');
    const modules = this.library.size || this.collection.size ? { library: this.library, collection: this.collection, stamp } : { ...NO_LOCAL_MODULES, stamp };
    return { modules, inputs: this.inputs };
  }

  private listed(dir: string): readonly string[] | undefined {
    const listing = this.cache.list(dir);
    this.inputs.push([dir, listing?.stamp ?? '-']);
    return listing?.entries;
  }

  private addLibrary(dir: string): void {
    for (const entry of this.listed(dir) ?? []) for (const name of moduleNamesOf(entry)) this.library.add(name);
  }

  private addCollection(dir: string): void {
    for (const entry of this.listed(dir) ?? []) for (const name of moduleNamesOf(entry)) this.collection.add(`openstack.cloud.${name}`);
  }

  private siblingRoles(rolesDir: string): void {
    for (const role of (this.listed(rolesDir) ?? []).slice(0, MAX_SIBLING_ROLES)) this.addLibrary(path.join(rolesDir, role, 'library'));
  }

  /** ANSIBLE_LIBRARY, else ansible.cfg's `[defaults] library`: colon-separated, relative to the cfg file, `~` expanded; and one level of subfolders, as the loader globs them. */
  private configuredLibraries(config: string | undefined): void {
    let spec = this.ansible.ANSIBLE_LIBRARY;
    let base = this.ansible.cwd ?? process.cwd();
    if (config) {
      this.inputs.push([`file:${config}`, this.cache.stampOf(`file:${config}`)]);
      base = path.dirname(config);
      if (spec === undefined) spec = libraryOfConfig(this.cache.read(config) ?? '');
    }
    for (const raw of (spec ?? '').split(':').slice(0, 20)) {
      if (!raw.trim()) continue;
      const expanded = raw.trim().replace(/^~(?=$|\/)/, this.ansible.home ?? '~');
      const dir = path.resolve(base, expanded);
      const entries = this.listed(dir) ?? [];
      this.addLibrary(dir);
      // Entries that are files list as nothing.
      for (const sub of entries.slice(0, 50)) this.addLibrary(path.join(dir, sub));
    }
  }
}
