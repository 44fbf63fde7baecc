// The files that make one clouds configuration with a given file: its secure.yaml,
// clouds.yaml and clouds-public.yaml in the same folder (for the CLI and tests; the editor
// uses the configuration discovery found).
import path from 'node:path';
import type { FileText } from '../config/load';
import { MAX_CONFIG_BYTES } from '../config/sourceFile';
import { readTextWithin } from '../yaml/sourceText';

/** secure.yaml, clouds.yaml and clouds-public.yaml beside a linted clouds file: they form one configuration (one too large to read is left out). */
export function siblingConfigFiles(fileName: string): FileText[] {
  const dir = path.dirname(fileName);
  const files: FileText[] = [];
  for (const kind of ['clouds', 'secure', 'clouds-public'] as const) {
    for (const ext of ['.yaml', '.yml']) {
      const candidate = path.join(dir, kind + ext);
      if (candidate === fileName) continue;
      const read = readTextWithin(candidate, MAX_CONFIG_BYTES);
      if (read === 'missing') continue;
      if (read !== 'too-large') files.push({ kind, path: candidate, text: read.text });
      break;
    }
  }
  return files;
}

