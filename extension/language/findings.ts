// Findings are problems located by character offsets, the form rules produce and caches keep;
// they become `Problem`s (line/character ranges) only when reported. Quick fixes travel in
// `Problem.data.fixes` so every client (VS Code, the CLI's JSON) sees the same edits.
import type { LineIndex } from '../yaml/lineIndex';
import type { Problem, Range, Severity } from '../yaml/problem';

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

export interface OffsetFix {
  title: string;
  edits: OffsetEdit[];
  /** The fix the editor may apply on its own ("fix all"), e.g. a certain rename. */
  preferred?: boolean;
}

export interface Finding {
  start: number;
  end: number;
  severity: Severity;
  code: string;
  message: string;
  suggestion?: string;
  fixes?: OffsetFix[];
  /** Marks the code as deprecated (VS Code shows it struck through). */
  deprecated?: boolean;
}

export interface TextEditData {
  range: Range;
  newText: string;
}

export interface QuickFixData {
  title: string;
  edits: TextEditData[];
  preferred?: boolean;
}

/** The shape of `Problem.data` for language-service problems. */
export interface LanguageProblemData {
  suggestion?: string;
  fixes?: QuickFixData[];
  deprecated?: boolean;
}

export function shiftFinding(f: Finding, delta: number): Finding {
  if (delta === 0) return f;
  const moved: Finding = { ...f, start: f.start + delta, end: f.end + delta };
  if (f.fixes) moved.fixes = f.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })) }));
  return moved;
}

export function toProblem(f: Finding, file: string, lines: LineIndex): Problem {
  const problem: Problem = { file, range: lines.range(f.start, f.end), severity: f.severity, code: f.code, message: f.message };
  const data: LanguageProblemData = {};
  if (f.suggestion !== undefined) data.suggestion = f.suggestion;
  if (f.deprecated) data.deprecated = true;
  if (f.fixes?.length) {
    data.fixes = f.fixes.map((fix) => ({
      title: fix.title,
      edits: fix.edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })),
      ...(fix.preferred ? { preferred: true } : {}),
    }));
  }
  if (Object.keys(data).length) problem.data = data as Record<string, unknown>;
  return problem;
}

/** The quick fixes carried by a problem (ours or another engine's using the same shape). */
export function problemFixes(problem: Problem): QuickFixData[] {
  const fixes = (problem.data as LanguageProblemData | undefined)?.fixes;
  return Array.isArray(fixes) ? fixes : [];
}
