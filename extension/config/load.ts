// Reads the clouds files that discovery finds: the first clouds file that exists wins (no
// merging across folders, CFG-DISC-3), and likewise for secure.yaml and clouds-public.yaml.
import fs from 'node:fs/promises';
import { candidatePaths, type ConfigEnvironment, type ConfigFileKind } from './discovery';
import { parseYaml, deref, mapEntries, type ParsedYaml, type YamlNode } from '../yaml/positionedYaml';
import type { Problem, Range } from '../yaml/problem';

export interface SourceFile {
  kind: ConfigFileKind;
  path: string;
  text: string;
  yaml: ParsedYaml;
}

export interface CloudDefinition {
  name: string;
  file: string;
  /** Range of the cloud's name (its key under `clouds:`). */
  range: Range;
  node: YamlNode;
}

export interface LoadedConfig {
  files: Partial<Record<ConfigFileKind, SourceFile>>;
  /** Every path that was looked at, existing or not: watch them all, a new file can change the result. */
  consulted: string[];
  clouds: CloudDefinition[];
  problems: Problem[];
}

export interface LoadOptions {
  environment: ConfigEnvironment;
  /** Path from the `openstack.cloudsFile` setting; replaces discovery of the clouds file. */
  cloudsFile?: string;
  readFile?: (path: string) => Promise<string>;
}

/** Files larger than this are not parsed (a clouds.yaml is a few KiB; this guards the editor). */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

const defaultRead = (p: string) => fs.readFile(p, 'utf8');

export async function loadCloudsConfig(options: LoadOptions): Promise<LoadedConfig> {
  const read = options.readFile ?? defaultRead;
  const result: LoadedConfig = { files: {}, consulted: [], clouds: [], problems: [] };
  for (const kind of ['clouds', 'secure', 'clouds-public'] as const) {
    const candidates = candidatePaths(kind, options.environment, kind === 'clouds' ? options.cloudsFile : undefined);
    for (const candidate of candidates) {
      result.consulted.push(candidate);
      const text = await readIfPresent(candidate, read, result.problems);
      if (text === undefined) continue;
      result.files[kind] = { kind, path: candidate, text, yaml: parseYaml(text) };
      break;
    }
  }
  const clouds = result.files.clouds;
  if (clouds) {
    result.problems.push(...syntaxProblems(clouds));
    result.clouds = cloudDefinitions(clouds);
  }
  return result;
}

async function readIfPresent(file: string, read: (p: string) => Promise<string>, problems: Problem[]): Promise<string | undefined> {
  try {
    const text = await read(file);
    if (text.length > MAX_CONFIG_BYTES) {
      problems.push(fileProblem(file, 'file-too-large', `${file} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB and was not read`));
      return undefined;
    }
    return text;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Missing files are the normal case; unreadable ones are skipped as openstacksdk does (EACCES).
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EACCES' || code === 'EPERM') {
      problems.push(fileProblem(file, 'file-unreadable', `${file} exists but cannot be read (${code}); it was skipped`, 'warning'));
      return undefined;
    }
    if (code === 'EISDIR') return undefined;
    problems.push(fileProblem(file, 'file-unreadable', `${file} cannot be read: ${(e as Error).message}`, 'warning'));
    return undefined;
  }
}

function fileProblem(file: string, code: string, message: string, severity: Problem['severity'] = 'error'): Problem {
  return { file, code, message, severity, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

function syntaxProblems(file: SourceFile): Problem[] {
  const err = file.yaml.error;
  if (!err) return [];
  return [{ file: file.path, range: err.range, severity: 'error', code: 'yaml-syntax', message: `invalid YAML: ${err.message}` }];
}

/** The clouds named under `clouds:`, in file order, with the range of each name. */
export function cloudDefinitions(file: SourceFile): CloudDefinition[] {
  const root = deref(file.yaml.documents[0]?.root);
  if (root?.kind !== 'map') return [];
  const clouds = mapEntries(root).find((e) => e.key === 'clouds');
  const cloudsMap = deref(clouds?.value);
  if (cloudsMap?.kind !== 'map') return [];
  return mapEntries(cloudsMap).map((entry) => ({
    name: entry.key,
    file: file.path,
    range: file.yaml.lines.range(entry.keyNode.start, entry.keyNode.end),
    node: entry.value,
  }));
}
