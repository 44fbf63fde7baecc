// The quick fixes of a problem, whichever engine reported it: the language service's own
// (carried in `data.fixes`), the config engine's "did you mean" and deprecated-key renames,
// and moving a secret from clouds.yaml to secure.yaml (edits in two files).
import path from 'node:path';
import { planMoveSecretToSecureYaml } from '../config/secureMove';
import type { Problem, Range } from '../yaml/problem';
import { problemFixes } from './findings';

export interface FileEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface CodeFix {
  title: string;
  edits: FileEdit[];
  preferred?: boolean;
  /** A file the fix creates (its edit inserts the whole text at 0:0). */
  createsFile?: string;
}

export interface FixContext {
  /** The text of the document the problem is in. */
  text: string;
  /**
   * For moving secrets: where secure.yaml is or would be, and its text (undefined: not there yet);
   * `tooLarge`: it is there but too large to read, so no move is offered (it would be replaced).
   */
  secure?: { file: string; text: string | undefined; tooLarge?: boolean };
}

const SECRET_CODES = new Set(['secret-in-clouds-yaml', 'V-18']);

export function quickFixes(problem: Problem, ctx: FixContext): CodeFix[] {
  const own = problemFixes(problem);
  if (own.length) return own.map((f) => ({ title: f.title, edits: f.edits.map((e) => ({ file: problem.file, range: e.range, newText: e.newText })), ...(f.preferred ? { preferred: true } : {}) }));
  const data = (problem.data ?? {}) as Record<string, unknown>;
  const fixes: CodeFix[] = [];
  if (typeof data.suggestion === 'string') {
    fixes.push({ title: `Change to '${data.suggestion}'`, edits: [{ file: problem.file, range: problem.range, newText: data.suggestion }], preferred: true });
  }
  if (problem.code === 'deprecated-key' && typeof data.replacement === 'string' && /^[a-z_]+$/.test(data.replacement)) {
    fixes.push({ title: `Use '${data.replacement}'`, edits: [{ file: problem.file, range: problem.range, newText: data.replacement }] });
  }
  if (SECRET_CODES.has(problem.code) && typeof data.cloud === 'string' && Array.isArray(data.keyPath) && !ctx.secure?.tooLarge) {
    const secureFile = ctx.secure?.file ?? path.join(path.dirname(problem.file), 'secure.yaml');
    const plan = planMoveSecretToSecureYaml({
      cloudsFile: problem.file,
      cloudsText: ctx.text,
      secureFile,
      secureText: ctx.secure?.text,
      cloud: data.cloud,
      keyPath: data.keyPath as string[],
    });
    if (plan) {
      fixes.push({
        title: `Move ${(data.keyPath as string[]).join('.')} of ${data.cloud} to ${path.basename(secureFile)}`,
        edits: plan.edits,
        preferred: true,
        ...(plan.createsSecureFile ? { createsFile: secureFile } : {}),
      });
    }
  }
  return fixes;
}
