// The clouds.yaml validator the editor uses (the language service consumes it; it does not
// re-implement these rules): structural checks on the document's nodes, then what resolving the
// clouds as openstacksdk does reveals (missing auth options, template errors, profiles, regions,
// networks), located in this document. Fast: proportional to the file, no file or network access.
import { deref } from '../../yaml/positionedYaml';
import { SEVERITY_ORDER, type Problem } from '../../yaml/problem';
import type { ConfigEnvironment, ConfigFileKind } from '../discovery';
import { buildLoadedConfig, type FileText, type LoadedConfig } from '../load';
import type { RemoteProfileCache } from '../profiles';
import { resolveClouds, sdkStateOf } from '../resolve';
import { parseSourceFile, type SourceFile } from '../sourceFile';
import { isDict } from '../python';
import { checkCloudBody, checkTopLevel, yamlType, type NodeCheckContext } from './nodeChecks';
import { semanticChecks } from './semantic';
import { cloudViewOf, type CloudView } from './cloudView';
import type { CatalogRegions } from './catalogRegions';

export interface ValidationContext {
  /**
   * The other files of the same configuration, as discovery found them (for a clouds.yaml: its
   * secure.yaml and clouds-public.yaml; for a secure.yaml: its clouds.yaml). Without them, a
   * password kept in secure.yaml looks missing.
   */
  files?: readonly FileText[];
  /** The environment (OS_* for V-14/V-15 and the envvars cloud); default: none. */
  environment?: ConfigEnvironment;
  /** Remote profiles fetched so far (the validator never fetches). */
  profiles?: RemoteProfileCache;
  /**
   * Region names of the catalogs tokens brought in this window, by `catalogKey` (the explorer's);
   * region names are checked against them. Absent (the CLI, nothing loaded): no such check.
   */
  catalogRegions?: CatalogRegions;
}

/** Beyond this many clouds the (per-region) semantic checks are skipped to stay fast. */
export const SEMANTIC_CLOUD_LIMIT = 2000;

export function validateCloudsDocument(text: string, file: string, kind: ConfigFileKind, context: ValidationContext = {}): Problem[] {
  const problems: Problem[] = [];
  const source = parseSourceFile(kind, file, text, problems);
  for (const d of source.yaml.duplicateKeys) {
    problems.push({
      file,
      range: source.yaml.lines.range(d.duplicate.start, d.duplicate.end),
      severity: 'warning',
      code: 'duplicate-key',
      message: `duplicate key '${d.key}': this one replaces the earlier one on line ${source.yaml.lines.position(d.first.start).line + 1}`,
      data: { key: d.key, firstRange: source.yaml.lines.range(d.first.start, d.first.end) },
    });
  }
  const root = deref(source.yaml.documents[0]?.root);
  if (source.data === undefined || root?.kind !== 'map') return finish(problems);
  const others = (context.files ?? []).filter((f) => f.kind !== kind);
  const publicFile = others.find((f) => f.kind === 'clouds-public');
  const environment = context.environment ?? { cwd: undefined, env: {}, home: '', platform: process.platform };
  // The rules judge each cloud as openstacksdk merges it from every file, not this file's half of it.
  const loaded = kind === 'clouds-public' ? undefined : buildLoadedConfig([source, ...others], environment);
  const ctx: NodeCheckContext = {
    file: source,
    problems,
    secureExists: others.some((f) => f.kind === 'secure'),
    publicProfiles: publicProfileNames(publicFile),
    ...(loaded ? { cloudView: mergedCloudViews(loaded, context.profiles) } : {}),
  };
  const { clouds } = checkTopLevel(ctx, root);
  for (const cloud of clouds) {
    const value = deref(cloud.value);
    if (value?.kind === 'map') checkCloudBody(ctx, cloud.key, value, kind === 'clouds-public' ? 'profile' : 'cloud');
    else problems.push({ file, range: source.yaml.lines.range(cloud.keyNode.start, cloud.keyNode.end), severity: 'error', code: 'invalid-type', message: `${cloud.key} must be a mapping of settings, not ${yamlType(cloud.value)}` });
  }
  if (!loaded) return finish(problems);
  if (clouds.length > SEMANTIC_CLOUD_LIMIT) {
    problems.push({ file, range: source.yaml.lines.range(0, 0), severity: 'info', code: 'checks-limited', message: `${clouds.length} clouds: only the structure is checked (resolution checks stop at ${SEMANTIC_CLOUD_LIMIT} clouds)` });
    return finish(problems);
  }
  const resolved = resolveClouds(loaded, context.profiles ? { profiles: context.profiles } : {});
  // An unknown auth_type written here is already said on its value, with a "did you mean".
  const saidOnValue = new Set(problems.filter((p) => p.code === 'unknown-auth-type').map((p) => (p.data as { cloud?: string } | undefined)?.cloud));
  for (const p of resolved.problems) {
    if (p.file !== file || p.code === 'remote-profile-not-fetched') continue;
    if (p.code === 'unknown-auth-type' && saidOnValue.has((p.data as { cloud?: string } | undefined)?.cloud)) continue;
    problems.push(p);
  }
  problems.push(...semanticChecks(resolved, context.catalogRegions).filter((p) => p.file === file));
  return finish(problems);
}

function mergedCloudViews(loaded: LoadedConfig, profiles: RemoteProfileCache | undefined): (cloud: string) => CloudView {
  const state = sdkStateOf(loaded, profiles);
  const views = new Map<string, CloudView>();
  return (cloud) => {
    if (!views.has(cloud)) views.set(cloud, cloudViewOf(state, cloud));
    return views.get(cloud);
  };
}

function publicProfileNames(file: FileText | undefined): Set<string> {
  if (!file) return new Set();
  const data = 'data' in file ? (file as SourceFile).data : parseSourceFile('clouds-public', file.path, file.text, []).data;
  const clouds = isDict(data) ? data['public-clouds'] : undefined;
  return new Set(isDict(clouds) ? Object.keys(clouds) : []);
}

/** One problem per (code, place), most severe first within a place, in document order. */
function finish(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.code}|${p.file}|${p.range.start.line}:${p.range.start.character}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
}
