// `image-matrix --cloud ...`: which image is on which cloud, a row per image (by what it is),
// a column per cloud. `image-matrix sync REF` uploads it to the clouds that lack it,
// `image-matrix prune REF --keep N` lists (and with --yes deletes) old copies (imagePruneCommand.ts).
import type { CellImage, ImageMatrix } from '../images/imageMatrix';
import { matrixOf } from '../images/syncImages';
import { formatBytes, table } from '../text/table';
import { UsageError, parseArgs } from './args';
import { COMMON_OPTIONS, closeAll, targetSessions } from './session';
import { runMatrixSync, runMatrixPrune } from './imageMatrixActions';
import type { CliIo } from './main';

export const MATRIX_USAGE = 'usage: image-matrix --cloud C [...] [--json] | image-matrix sync REF --cloud C [...] [--mirror URL] [--name N] | image-matrix prune REF --keep N [--prefix P] [--yes] --cloud C [...]';

const MARK = { verified: ' ✓', mismatch: ' ✗', 'not-compared': '' } as const;

/** One cell: the newest copy's status, size, age, end-to-end mark and short id; `+N` more copies. */
export function cellText(copies: CellImage[] | undefined): string {
  if (!copies?.length) return '-';
  const c = copies.find((i) => i.status === 'active') ?? copies[0]!;
  const parts = [c.status, c.size !== undefined ? formatBytes(c.size).replace(' ', '') : '', c.ageDays !== undefined ? `${c.ageDays}d` : ''].filter(Boolean);
  return `${parts.join(' ')}${MARK[c.endToEnd]} ${c.id.slice(0, 8)}${copies.length > 1 ? ` +${copies.length - 1}` : ''}`;
}

export function matrixTable(matrix: ImageMatrix): string {
  const rows = matrix.rows.map((r) => [r.label, ...matrix.clouds.map((c) => (matrix.errors[c] !== undefined ? '?' : cellText(r.cells[c])))]);
  return rows.length ? table(['IMAGE', ...matrix.clouds], rows) : '(no images)\n';
}

export const LEGEND = 'cell: status, size, age in days, ✓ the cloud\'s hash of the stored image is the distributor\'s published digest (✗: it is not), image id; +N more copies; - none\n';

export async function runImageMatrix(argv: string[], io: CliIo): Promise<number> {
  const [action] = argv;
  if (action === 'sync') return runMatrixSync(argv.slice(1), io);
  if (action === 'prune') return runMatrixPrune(argv.slice(1), io);
  const args = parseArgs(argv, COMMON_OPTIONS);
  if (args.positionals.length) throw new UsageError(MATRIX_USAGE);
  const sessions = await targetSessions(args, io);
  try {
    const matrix = await matrixOf(sessions);
    if (args.flags.has('json')) io.out(JSON.stringify(matrix, null, 2) + '\n');
    else {
      io.out(matrixTable(matrix));
      io.err(LEGEND);
    }
    for (const [cloud, error] of Object.entries(matrix.errors)) io.err(`${cloud}: ${error}\n`);
    return Object.keys(matrix.errors).length ? 1 : 0;
  } finally {
    await closeAll(sessions);
  }
}
