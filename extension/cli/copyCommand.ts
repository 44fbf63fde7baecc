// `copy image NAME|ID --from CLOUD --cloud C [--cloud C2 ...]`: an image of one cloud onto others,
// read once through its own Glance and streamed to each (core: openstack/images/imageCopy.ts);
// a line per target with its checksum comparison; exit 0 only if every copy is there and matches.
import { copyImage } from '../openstack/images/imageCopy';
import { findImage } from '../openstack/compute/lookups';
import { formatBytes } from '../text/table';
import { UsageError, one, parseArgs } from './args';
import type { CliIo } from './main';
import { ProgressBars } from './progressBars';
import { COMMON_OPTIONS, closeAll, targetSessions } from './session';
import { printStreamed } from './uploadCommand';

export async function runCopy(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, [...COMMON_OPTIONS, 'from', 'name']);
  const [kind, nameOrId, ...rest] = args.positionals;
  if (kind !== 'image' || !nameOrId || rest.length) throw new UsageError('usage: copy image NAME|ID --from CLOUD[/REGION] --cloud C [--cloud C2 ...] [--name N]');
  const from = one(args, 'from');
  if (!from) throw new UsageError('give --from CLOUD[/REGION]: the cloud the image is on');
  const cloudsFile = one(args, 'clouds-file');
  const [source] = await targetSessions(parseArgs(['--cloud', from, ...(cloudsFile ? ['--clouds-file', cloudsFile] : [])], COMMON_OPTIONS), io);
  // The image's own region is no target (a copy onto itself would be a second upload of it).
  const chosen = await targetSessions(args, io);
  const targets = chosen.filter((t) => t.label !== source.label);
  await closeAll(chosen.filter((t) => t.label === source.label));
  if (!targets.length) {
    await source.close();
    throw new UsageError(`give at least one --cloud other than the image's own (${source.label})`);
  }
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  try {
    const image = await findImage(source, nameOrId, abort.signal);
    const name = one(args, 'name') ?? image.name;
    const bars = ProgressBars.forStream(process.stderr, targets.map((s) => s.label));
    const report = await copyImage(source, image.id, targets, { name, signal: abort.signal, onProgress: bars?.update });
    bars?.finish();
    const code = printStreamed(report.results, name, io);
    io.err(`read ${formatBytes(report.bytesRead)} of image ${image.name} from ${source.label}${report.sourceChecksum ? `; against its hash: ${report.sourceChecksum.state}: ${report.sourceChecksum.detail}` : ''}\n`);
    return report.sourceChecksum?.state === 'mismatch' ? 1 : code;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await closeAll([source, ...targets]);
  }
}
