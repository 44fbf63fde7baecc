// Reads the files discovery finds and builds what openstacksdk's OpenStackConfig() holds after its
// constructor: the first clouds file (no merging across folders, CFG-DISC-3) deep-merged with the
// first secure file (CFG-DISC-5), the clouds-public file, the `envvars` cloud from OS_* variables
// (CFG-ENV-1..5), the default cloud (CFG-SEL-1..3) and the IPv4 preference. Never throws on bad input.
import fs from 'node:fs/promises';
import path from 'node:path';
import { candidatePaths, searchDirectories, type ConfigEnvironment, type ConfigFileKind } from './discovery';
import { envvarsCloud, envvarKey, ipv4Preference } from './environment';
import { fileProblem, parseSourceFile, MAX_CONFIG_BYTES, type SourceFile } from './sourceFile';
import { isDict, mergeClouds, type PyDict } from './python';
import { withholdSecure, type SecureSharing, type WithheldSecrets } from './secureSharing';
import { deref, getEntry, mapEntries, type YamlNode } from '../yaml/positionedYaml';
import type { Problem, Range } from '../yaml/problem';
import { decodeUtf8, invalidUtf8Problem } from '../yaml/sourceText';
import { readRegularFile } from '../text/regularFile';

export { MAX_CONFIG_BYTES, type SourceFile };

export interface CloudDefinition {
  name: string;
  /** The file that defines it; '' for the envvars cloud built from OS_* variables. */
  file: string;
  /** Range of the cloud's name (its key under `clouds:`); the start of nothing for envvars. */
  range: Range;
  node?: YamlNode;
  source: 'clouds' | 'secure' | 'environment';
}

export interface LoadedConfig {
  environment: ConfigEnvironment;
  files: Partial<Record<ConfigFileKind, SourceFile>>;
  /** Every path that was looked at, existing or not: watch them all, a new file can change the result. */
  consulted: string[];
  /** Every cloud, in openstacksdk's order (clouds.yaml, then clouds only in secure.yaml, then envvars). */
  clouds: CloudDefinition[];
  /** File-level problems (unreadable, invalid YAML, wrong shape, envvars clash, OS_CLOUD). */
  problems: Problem[];
  /** `cloud_config['clouds']` as openstacksdk holds it: the merged clouds plus the envvars cloud. */
  cloudsData: PyDict;
  /** The merged top level (`client`, `cache`, `metrics`, ...), `clouds` excluded. */
  extraConfig: PyDict;
  /** Name of the cloud built from OS_* variables (`envvars` or $OS_CLOUD_NAME). */
  envvarKey: string;
  /** The cloud used when none is named (OS_CLOUD, else envvars, else the only one). */
  defaultCloud: string | undefined;
  forceIpv4: boolean;
  /** Clouds of a foreign clouds file that did not get the user's secure.yaml entry (secureSharing.ts). */
  withheldSecrets: WithheldSecrets[];
}

export interface LoadOptions {
  environment: ConfigEnvironment;
  /** Path from the `openstack.cloudsFile` setting; replaces discovery of the clouds file. */
  cloudsFile?: string;
  readFile?: (path: string) => Promise<string>;
  /** Clouds whose secure.yaml entry a foreign clouds file may have: the user saw both auth_urls and agreed. */
  allowSecureFor?: readonly string[];
}

export interface FileText {
  kind: ConfigFileKind;
  path: string;
  text: string;
}

/** Reads a file from disk; a file that is not UTF-8 gets a located error (PyYAML refuses it), and is read with U+FFFD. */
function diskReader(problems: Problem[]): (p: string) => Promise<string> {
  return async (p) => {
    const decoded = decodeUtf8(await readRegularFile(p, MAX_CONFIG_BYTES));
    const notUtf8 = invalidUtf8Problem(p, decoded, 'V-1');
    if (notUtf8) problems.push(notUtf8);
    return decoded.text;
  };
}

export async function loadCloudsConfig(options: LoadOptions): Promise<LoadedConfig> {
  const texts: FileText[] = [];
  const consulted: string[] = [];
  const problems: Problem[] = [];
  const read = options.readFile ?? diskReader(problems);
  for (const kind of ['clouds', 'secure', 'clouds-public'] as const) {
    for (const candidate of candidatePaths(kind, options.environment, kind === 'clouds' ? options.cloudsFile : undefined)) {
      consulted.push(candidate);
      const text = await readIfPresent(candidate, read, problems);
      if (text === undefined) continue;
      texts.push({ kind, path: candidate, text });
      break;
    }
  }
  const sharing = await secureSharing(texts, options, read, consulted);
  const loaded = buildLoadedConfig(texts, options.environment, sharing);
  loaded.consulted = consulted;
  loaded.problems.unshift(...problems);
  return loaded;
}

/**
 * Who owns the files in use: the clouds file is the user's own only in one of their config
 * directories (not the workspace folder, a setting or OS_CLIENT_CONFIG_FILE elsewhere); the secure
 * file is the user's unless it lies in the workspace folder. For a foreign clouds file, the user's
 * own clouds file is read as well, for the auth_urls it gives.
 */
async function secureSharing(texts: FileText[], options: LoadOptions, read: (p: string) => Promise<string>, consulted: string[]): Promise<SecureSharing | undefined> {
  const clouds = texts.find((t) => t.kind === 'clouds');
  const secure = texts.find((t) => t.kind === 'secure');
  if (!clouds || !secure) return undefined;
  const own = { ...options.environment, cwd: undefined, env: { ...options.environment.env, OS_CLIENT_CONFIG_FILE: undefined } };
  const ownDirs = searchDirectories(own);
  const cloudsIsForeign = !ownDirs.includes(path.dirname(clouds.path)) || clouds.path === options.cloudsFile;
  const cwd = options.environment.cwd;
  const secureIsOwn = !(cwd && path.dirname(secure.path) === path.resolve(cwd));
  let ownClouds: SourceFile | undefined;
  if (cloudsIsForeign && secureIsOwn) {
    for (const candidate of candidatePaths('clouds', own)) {
      if (candidate === clouds.path) break;
      if (!consulted.includes(candidate)) consulted.push(candidate);
      const text = await readIfPresent(candidate, read, []);
      if (text === undefined) continue;
      ownClouds = parseSourceFile('clouds', candidate, text, []);
      break;
    }
  }
  return { cloudsIsForeign, secureIsOwn, ownClouds, allow: options.allowSecureFor };
}

async function readIfPresent(file: string, read: (p: string) => Promise<string>, problems: Problem[]): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && stat.size > MAX_CONFIG_BYTES) {
      problems.push(fileProblem(file, 'file-too-large', `${file} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB and was not read`));
      return '';
    }
    return await read(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Missing files are the normal case; unreadable ones are skipped as openstacksdk does (EACCES).
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    if (code === 'ENOTREG' && (await fs.stat(file).then((s) => s.isDirectory(), () => true))) return undefined;
    // A FIFO or a device named clouds.yaml would block the read, or never end (openstacksdk hangs on it).
    const why = code === 'EACCES' || code === 'EPERM' ? `cannot be read (${code})` : code === 'ENOTREG' ? 'is not a regular file (a FIFO or a device)' : `cannot be read: ${(e as Error).message}`;
    problems.push(fileProblem(file, 'file-unreadable', `${file} exists but ${why}; it was skipped`, 'warning'));
    return undefined;
  }
}

/** The pure part of loading: from file texts (or already parsed files) and the environment to openstacksdk's state. */
export function buildLoadedConfig(texts: readonly (FileText | SourceFile)[], environment: ConfigEnvironment, sharing?: SecureSharing): LoadedConfig {
  const problems: Problem[] = [];
  const files: LoadedConfig['files'] = {};
  for (const t of texts) files[t.kind] = 'yaml' in t ? t : parseSourceFile(t.kind, t.path, t.text, problems);
  const cloudsFile = files.clouds;
  const secureFile = files.secure;
  let top: PyDict = isDict(cloudsFile?.data) ? cloudsFile.data : {};
  const shared = secureFile ? withholdSecure(cloudsFile, secureFile, sharing) : { secureData: undefined, withheld: [], problems: [] };
  problems.push(...shared.problems);
  if (isDict(shared.secureData) && Object.keys(shared.secureData).length) top = mergeClouds(top, shared.secureData);
  if (cloudsFile && isDict(cloudsFile.data) && !('clouds' in cloudsFile.data)) {
    problems.push(fileProblem(cloudsFile.path, 'V-2', `${cloudsFile.path} has no 'clouds' key: it defines no cloud`, 'warning'));
  }
  let cloudsData: PyDict = {};
  if ('clouds' in top && !isDict(top.clouds) && top.clouds !== null) {
    problems.push(valueProblem(cloudsFile ?? secureFile, 'invalid-type', "'clouds' must be a mapping of cloud names to settings"));
  } else if (isDict(top.clouds)) {
    cloudsData = { ...top.clouds };
  }
  const { clouds: _omit, ...extraConfig } = top;
  const key = envvarKey(environment.env);
  const clouds = cloudDefinitions(cloudsFile, secureFile, cloudsData);
  const clash = clouds.find((c) => c.name === key);
  if (clash) {
    problems.push({
      file: clash.file,
      range: clash.range,
      severity: 'error',
      code: 'V-14',
      message: `a cloud named "${key}" is also the name of the cloud openstacksdk builds from OS_* variables${key === 'envvars' ? '' : ' (OS_CLOUD_NAME)'}: openstacksdk refuses to load this file; rename the cloud`,
    });
  }
  let defaultCloud = environment.env.OS_CLOUD || undefined;
  const fromEnv = envvarsCloud(environment.env);
  if (fromEnv && !clash) {
    cloudsData[key] = fromEnv;
    clouds.push({ name: key, file: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, source: 'environment' });
    defaultCloud ??= key;
  }
  if (!defaultCloud && clouds.length === 1) defaultCloud = clouds[0]!.name;
  if (environment.env.OS_CLOUD && !Object.hasOwn(cloudsData, environment.env.OS_CLOUD)) {
    problems.push({
      file: cloudsFile?.path ?? '',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 'info',
      code: 'V-15',
      message: `OS_CLOUD is "${environment.env.OS_CLOUD}", which is not a cloud of ${cloudsFile?.path ?? 'any clouds.yaml'}`,
    });
  }
  const forceIpv4 = ipv4Preference(environment.env, extraConfig.client, problems, cloudsFile?.path ?? '');
  return { environment, files, consulted: [], clouds, problems, cloudsData, extraConfig, envvarKey: key, defaultCloud, forceIpv4, withheldSecrets: shared.withheld };
}

function valueProblem(file: SourceFile | undefined, code: string, message: string): Problem {
  const node = file ? deref(getEntry(file.yaml.documents[0]?.root ?? undefined, 'clouds')?.value) : undefined;
  const range = file && node ? file.yaml.lines.range(node.start, node.end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { file: file?.path ?? '', range, severity: 'error', code, message };
}

function cloudEntries(file: SourceFile | undefined) {
  if (!file || !isDict(file.data)) return [];
  const clouds = deref(getEntry(file.yaml.documents[0]?.root ?? undefined, 'clouds')?.value);
  return clouds?.kind === 'map' ? mapEntries(clouds) : [];
}

/** The clouds in openstacksdk's order, each pointing at where it is named (clouds.yaml first). */
function cloudDefinitions(cloudsFile: SourceFile | undefined, secureFile: SourceFile | undefined, cloudsData: PyDict): CloudDefinition[] {
  const where = new Map<string, CloudDefinition>();
  for (const [file, source] of [[secureFile, 'secure'], [cloudsFile, 'clouds']] as const) {
    for (const entry of cloudEntries(file)) {
      where.set(entry.key, { name: entry.key, file: file!.path, range: file!.yaml.lines.range(entry.keyNode.start, entry.keyNode.end), node: entry.value, source });
    }
  }
  return Object.keys(cloudsData).flatMap((name) => {
    const def = where.get(name);
    return def ? [def] : [];
  });
}
