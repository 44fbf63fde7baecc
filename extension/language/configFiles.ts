// The files that make one clouds configuration with a given file: its secure.yaml,
// clouds.yaml and clouds-public.yaml in the same folder (for the CLI and tests; the editor
// uses the configuration discovery found).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FileText } from '../config/load';

/** secure.yaml, clouds.yaml and clouds-public.yaml beside a linted clouds file: they form one configuration. */
export function siblingConfigFiles(fileName: string): FileText[] {
  const dir = path.dirname(fileName);
  const files: FileText[] = [];
  for (const kind of ['clouds', 'secure', 'clouds-public'] as const) {
    for (const ext of ['.yaml', '.yml']) {
      const candidate = path.join(dir, kind + ext);
      if (candidate === fileName || !existsSync(candidate)) continue;
      files.push({ kind, path: candidate, text: readFileSync(candidate, 'utf8') });
      break;
    }
  }
  return files;
}

