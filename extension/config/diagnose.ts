// Every problem of a loaded configuration, for the CLI and the tree: the validator's (per file,
// with suggestions) and the resolution's (per cloud), one per (code, place); and the ones that
// concern one cloud.
import { deref, getEntry } from '../yaml/positionedYaml';
import { SEVERITY_ORDER, type Problem } from '../yaml/problem';
import type { LoadedConfig } from './load';
import type { ResolvedConfig } from './resolve';
import { validateCloudsDocument } from './validate/index';

/** Problems of the whole configuration: resolution (per cloud) and the validator (per file). */
export function diagnoseConfig(resolved: ResolvedConfig): Problem[] {
  const loaded = resolved.loaded;
  const files = Object.values(loaded.files);
  const problems: Problem[] = [];
  for (const f of files) {
    const others = files.filter((o) => o !== f).map((o) => ({ kind: o.kind, path: o.path, text: o.text }));
    problems.push(...validateCloudsDocument(f.text, f.path, f.kind, { files: others, environment: loaded.environment }));
  }
  problems.push(...resolved.problems); // after the validator's: on the same spot its problem has the suggestion
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.code}|${p.file}|${p.range.start.line}:${p.range.start.character}`;
      return !seen.has(key) && !!seen.add(key);
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.range.start.line - b.range.start.line || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** The lines [start, end] a node spans in a file, for "is this problem inside that entry". */
type Span = { file: string; start: number; end: number };

function spanOf(loaded: LoadedConfig, path: string[]): Span[] {
  return Object.values(loaded.files).flatMap((f) => {
    let entry = getEntry(f.yaml.documents[0]?.root ?? undefined, path[0]!);
    for (const step of path.slice(1)) entry = entry ? getEntry(deref(entry.value), step) : undefined;
    return entry ? [{ file: f.path, start: f.yaml.lines.position(entry.keyNode.start).line, end: f.yaml.lines.position(entry.value.end).line }] : [];
  });
}

/** The problems of one cloud (tagged with it, or inside its entry in either file), and unless told otherwise the file-level ones. */
export function problemsOfCloud(loaded: LoadedConfig, cloud: string, problems: Problem[], withFileLevel = true): Problem[] {
  const inside = (p: Problem, spans: Span[]) => spans.some((s) => s.file === p.file && p.range.start.line >= s.start && p.range.start.line <= s.end);
  const own = spanOf(loaded, ['clouds', cloud]);
  const allClouds = spanOf(loaded, ['clouds']);
  return problems.filter((p) => (typeof p.data?.cloud === 'string' ? p.data.cloud === cloud : inside(p, own) || (withFileLevel && !inside(p, allClouds))));
}
