// "Build instead of download" (issue 12): the image recipes a workspace holds, and the command
// that builds each. Two tools, read the way they read their own files:
// - diskimage-builder's YAML image definitions (`diskimage-builder FILE.yaml`): a list of maps
//   whose keys are all DIB's own properties (diskimage_builder/diskimage_builder.py PROPERTIES),
//   entries merged by `imagename` ("image" until one is named), each becoming one
//   `disk-image-create` (or `ramdisk-image-create`) run. The translation is always ours: Debian 12's
//   diskimage-builder 3.13 has no `diskimage-builder` command, and one path is one behaviour.
// - Packer templates (`*.pkr.hcl`, `*.pkr.json`, a JSON template with `builders`), run as
//   `packer build -machine-readable`, whose `artifact,N,file,I,PATH` lines name the output.
// A playbook or any other YAML list is not a DIB definition: one key outside DIB's set (hosts,
// tasks, name...) rules the file out, so no false "recipe" is offered. No `vscode` here.
import path from 'node:path';
import { deref, parseYaml, toPlain } from '../yaml/positionedYaml';

export type RecipeTool = 'diskimage-builder' | 'packer';

export interface BuildRecipe {
  tool: RecipeTool;
  /** The recipe file (absolute). */
  file: string;
  /** Names of the images it builds (DIB: each merged imagename; Packer: the file's name). */
  images: string[];
}

/** What to run for a recipe: argv runs in `cwd` (the recipe's folder), one after the other. */
export interface BuildCommand {
  argv: string[];
  env: Record<string, string>;
  /** Image files this run leaves, relative to cwd, when the tool itself does not say (DIB). */
  outputs: string[];
}

/** DIB's image definition keys, in the order of its PROPERTIES, with the disk-image-create argument each becomes. */
const DIB_ARGS: Record<string, { arg?: string; kind: 'value' | 'flag' | 'list' | 'repeat' | 'dict' | 'env' | 'elements' | 'none' }> = {
  imagename: { arg: '-o', kind: 'value' }, arch: { arg: '-a', kind: 'value' }, types: { arg: '-t', kind: 'list' },
  environment: { kind: 'env' }, ramdisk: { kind: 'none' }, 'debug-trace': { arg: '-x', kind: 'repeat' },
  uncompressed: { arg: '-u', kind: 'flag' }, clear: { arg: '-c', kind: 'flag' }, logfile: { arg: '--logfile', kind: 'value' },
  checksum: { arg: '--checksum', kind: 'flag' }, 'image-size': { arg: '--image-size', kind: 'value' },
  'image-extra-size': { arg: '--image-extra-size', kind: 'value' }, 'image-cache': { arg: '--image-cache', kind: 'value' },
  'max-online-resize': { arg: '--max-online-resize', kind: 'value' }, 'min-tmpfs': { arg: '--min-tmpfs', kind: 'value' },
  'mkfs-journal-size': { arg: '--mkfs-journal-size', kind: 'value' }, 'mkfs-options': { arg: '--mkfs-options', kind: 'value' },
  'no-tmpfs': { arg: '--no-tmpfs', kind: 'flag' }, offline: { arg: '--offline', kind: 'flag' },
  'qemu-img-options': { arg: '--qemu-img-options', kind: 'dict' }, 'root-label': { arg: '--root-label', kind: 'value' },
  'ramdisk-element': { arg: '--ramdisk-element', kind: 'value' }, 'install-type': { arg: '--install-type', kind: 'value' },
  'docker-target': { arg: '--docker-target', kind: 'value' }, packages: { arg: '-p', kind: 'list' },
  'skip-base': { arg: '-n', kind: 'flag' }, elements: { kind: 'elements' },
};

type DibEntry = Record<string, unknown>;

/** The file's DIB image definitions, or undefined when it is not one (see the head comment). */
export function dibDefinitions(text: string): DibEntry[] | undefined {
  if (!/^\s*-?\s*(elements|imagename)\s*:/m.test(text)) return undefined; // cheap: most YAML files are playbooks
  const parsed = parseYaml(text);
  const root = deref(parsed.documents[0]?.root);
  if (parsed.error || parsed.documents.length !== 1 || root?.kind !== 'seq' || !root.items.length) return undefined;
  const entries: DibEntry[] = [];
  for (const item of root.items) {
    const map = deref(item);
    if (map?.kind !== 'map') return undefined;
    const entry: DibEntry = {};
    for (const pair of map.pairs) {
      const key = deref(pair.key);
      // Own keys only: `constructor` or `__proto__` are not DIB properties.
      if (key?.kind !== 'scalar' || typeof key.value !== 'string' || !Object.hasOwn(DIB_ARGS, key.value)) return undefined;
      try {
        entry[key.value] = toPlain(pair.value, 10_000);
      } catch {
        return undefined; // an alias bomb is no hand-written recipe
      }
    }
    entries.push(entry);
  }
  return entries.some((e) => Array.isArray(e.elements)) ? entries : undefined;
}

/** Entries merged by imagename as diskimage-builder merges them (lists appended, maps updated). */
export function mergeDibEntries(entries: readonly DibEntry[]): DibEntry[] {
  const merged = new Map<string, DibEntry>();
  let previous = 'image';
  for (const entry of entries) {
    const name = typeof entry.imagename === 'string' ? entry.imagename : previous;
    previous = name;
    const into = merged.get(name);
    if (!into) {
      merged.set(name, { ...entry });
      continue;
    }
    for (const [k, v] of Object.entries(entry)) {
      if (Array.isArray(v)) into[k] = [...(Array.isArray(into[k]) ? into[k] as unknown[] : []), ...v];
      else if (v && typeof v === 'object') into[k] = { ...(into[k] as object ?? {}), ...v };
      else into[k] = v;
    }
  }
  return [...merged.values()];
}

/** The disk-image-create (or ramdisk-image-create) run of one merged entry, and its outputs. */
export function dibCommand(entry: DibEntry): BuildCommand {
  const argv = [entry.ramdisk === true ? 'ramdisk-image-create' : 'disk-image-create'];
  const env: Record<string, string> = {};
  // In the order of DIB's PROPERTIES (DIB_ARGS keeps it), as Command.__init__ adds them.
  for (const [key, spec] of Object.entries(DIB_ARGS)) {
    const value = entry[key];
    if (value === null || value === undefined || value === '') continue;
    if (spec.kind === 'value') argv.push(spec.arg!, String(value));
    else if (spec.kind === 'flag' && value === true) argv.push(spec.arg!);
    else if (spec.kind === 'repeat' && typeof value === 'number') argv.push(...Array<string>(value).fill(spec.arg!));
    else if (spec.kind === 'list' && Array.isArray(value) && value.length) argv.push(spec.arg!, value.map(String).join(','));
    else if (spec.kind === 'dict' && typeof value === 'object') argv.push(spec.arg!, Object.entries(value as object).map(([k, v]) => `${k}=${String(v)}`).join(','));
    else if (spec.kind === 'env' && typeof value === 'object') for (const [k, v] of Object.entries(value as object)) env[k] = String(v);
  }
  if (Array.isArray(entry.elements)) argv.push(...entry.elements.map(String));
  const name = typeof entry.imagename === 'string' ? entry.imagename : 'image';
  const types = Array.isArray(entry.types) && entry.types.length ? entry.types.map(String) : ['qcow2'];
  // A ramdisk build leaves a kernel and an initramfs, not a disk image to upload.
  const outputs = entry.ramdisk === true ? [] : types.filter((t) => t === 'qcow2' || t === 'raw' || t === 'vhd').map((t) => `${name}.${t}`);
  return { argv, env, outputs };
}

/** Whether a file is a Packer template, by the names Packer itself gives them. */
export function isPackerTemplate(file: string, text: string): boolean {
  const base = path.basename(file);
  if (base.endsWith('.pkr.hcl') || base.endsWith('.pkr.json')) return true;
  if (!base.endsWith('.json') || !text.includes('"builders"')) return false;
  try {
    const json = JSON.parse(text) as unknown;
    return !!json && typeof json === 'object' && Array.isArray((json as { builders?: unknown }).builders);
  } catch {
    return false;
  }
}

/** The recipe a file holds, if any. */
export function recipeOf(file: string, text: string): BuildRecipe | undefined {
  if (isPackerTemplate(file, text)) return { tool: 'packer', file, images: [path.basename(file).replace(/(\.pkr)?\.(hcl|json)$/, '')] };
  if (!/\.ya?ml$/.test(file)) return undefined;
  const definitions = dibDefinitions(text);
  if (!definitions) return undefined;
  return { tool: 'diskimage-builder', file, images: mergeDibEntries(definitions).map((e) => (typeof e.imagename === 'string' ? e.imagename : 'image')) };
}

/** The runs that build a recipe (DIB: one per image, as `diskimage-builder` would start them). */
export function buildCommands(recipe: BuildRecipe, text: string): BuildCommand[] {
  if (recipe.tool === 'packer') return [{ argv: ['packer', 'build', '-machine-readable', path.basename(recipe.file)], env: {}, outputs: [] }];
  return mergeDibEntries(dibDefinitions(text) ?? []).map(dibCommand);
}

/** How to install a missing tool, said plainly (Debian names first: the packages we test with). */
export function installAdvice(tool: RecipeTool): string {
  return tool === 'packer'
    ? 'packer is not installed: `sudo apt install packer` (Debian and Ubuntu), or HashiCorp\'s packages (https://developer.hashicorp.com/packer/install)'
    : 'diskimage-builder is not installed: `sudo apt install python3-diskimage-builder` (Debian and Ubuntu), or `pip install diskimage-builder`';
}
