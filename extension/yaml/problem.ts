// A located problem in a source file: the one shape shared by the config engine, the
// language service, the tree (error nodes) and the CLI. Lines and characters are 0-based
// (as in VS Code's Range); the CLI adds 1 when it prints them.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Problem {
  /** Absolute path of the file the problem is in ('' when it is not in a file, e.g. an OS_* variable). */
  file: string;
  range: Range;
  severity: Severity;
  /** Stable identifier of the rule, e.g. `yaml-syntax`, `V-9`, `unknown-option`. */
  code: string;
  message: string;
  /** Machine-readable details for quick fixes (suggested replacement, key name, ...). */
  data?: Record<string, unknown>;
}

export const ZERO_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** `file:line:column: severity code: message`, 1-based, the format compilers and CI logs use. */
export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}` : '<environment>';
  return `${where}: ${p.severity} ${p.code}: ${p.message}`;
}
