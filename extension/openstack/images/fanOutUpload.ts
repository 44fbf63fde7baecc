// fanOutUpload: one image file onto many clouds. Targets that want another disk format get a
// copy converted once per format; each format's file is read once, shared by its targets with
// per-target backpressure (sharedRead.ts). A slow or failing target never holds up the others,
// and every target gets its own result.
import type { Session } from '../session';
import { ImageFile, type ImageData } from './imageFile';
import { SharedRead, type SharedReadOptions } from './sharedRead';
import type { ImageStream } from './leaseStream';
import { isConvertible } from './diskFormat';
import { convertImage, removeConverted } from './convertImage';
import { uploadImage, type UploadImageOptions, type UploadResult } from './uploadImage';
import { ProgressMeter, type ProgressListener } from './progress';
import { limiter } from '../limiter';

export interface FanOutOptions extends Omit<UploadImageOptions, 'signal' | 'onProgress' | 'diskFormat'> {
  file: string;
  /** The format every cloud should get; default: each cloud's image_format. */
  diskFormat?: string;
  /** Upload the file as it is even where the cloud wants another format. */
  noConvert?: boolean;
  concurrency?: number;
  tmpDir?: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  sharedRead?: SharedReadOptions;
}

export interface TargetResult {
  target: string;
  /** The disk_format uploaded. */
  format: string;
  convertedFrom?: string;
  warning?: string;
  result?: UploadResult;
  error?: Error;
}

export interface FanOutReport {
  results: TargetResult[];
  /** Bytes read from image files (shared reads + private re-reads), conversions excluded. */
  bytesRead: number;
}

/** The format a target gets, and why, from the file's format and the cloud's wish (§3.8). */
export function targetFormat(fileFormat: string, wanted: string, noConvert: boolean): { format: string; convert: boolean; warning?: string } {
  if (wanted === fileFormat) return { format: fileFormat, convert: false };
  if (fileFormat === 'iso') return { format: 'iso', convert: false };
  if (noConvert) return { format: fileFormat, convert: false, warning: `the cloud wants ${wanted}; uploading ${fileFormat} as is (--no-convert)` };
  if (!isConvertible(fileFormat) || !isConvertible(wanted)) return { format: fileFormat, convert: false, warning: `cannot convert ${fileFormat} to ${wanted}; uploading as is` };
  return { format: wanted, convert: true };
}

class SharedImageData implements ImageData {
  private opened = false;
  private readonly streams: ImageStream[] = [];
  constructor(private readonly file: ImageFile, private readonly feed: SharedRead) {}
  get path() { return this.file.path; }
  get size() { return this.file.size; }
  get format() { return this.file.format; }
  knownHashes() { return this.file.knownHashes(); }
  hashesAfterRead() { return this.file.hashesAfterRead(); }
  hashes(signal?: AbortSignal) { return this.file.hashes(signal); }
  distrustKeptHashes() { return this.file.distrustKeptHashes(); }

  open(onBytes?: (n: number) => void): ImageStream {
    for (const s of this.streams.splice(0)) s.destroy();
    const first = !this.opened;
    this.opened = true;
    const stream = (first && this.feed.tap(onBytes)) || this.countedOwnRead(onBytes);
    this.streams.push(stream);
    return stream;
  }

  private countedOwnRead(onBytes?: (n: number) => void): ImageStream {
    return this.file.open((n) => {
      this.feed.ownBytes += n;
      onBytes?.(n);
    });
  }

  /** The target is done: free its place in the shared read. */
  settle(): void {
    if (!this.opened) {
      this.opened = true;
      this.feed.release();
    }
    for (const s of this.streams.splice(0)) s.destroy();
  }
}

export async function fanOutUpload(sessions: Session[], options: FanOutOptions): Promise<FanOutReport> {
  const source = await ImageFile.open(options.file);
  const plans = sessions.map((session) => ({ session, ...targetFormat(source.format, options.diskFormat ?? session.settings.imageFormat(), !!options.noConvert) }));
  const groups = new Map<string, typeof plans>();
  for (const plan of plans) groups.set(plan.format, [...(groups.get(plan.format) ?? []), plan]);
  const limit = limiter(options.concurrency ?? 6);
  const results = new Map<Session, TargetResult>();
  const feeds: SharedRead[] = [];

  await Promise.all([...groups.entries()].map(async ([format, group]) => {
    const convert = group[0].convert;
    let file = source;
    if (convert) {
      const meters = group.map((p) => new ProgressMeter(p.session.label, 100, options.onProgress));
      meters.forEach((m) => m.setPhase('converting', `converting ${source.format} to ${format}`));
      try {
        let done = 0;
        const onProgress = (percent: number) => {
          meters.forEach((m) => m.add(percent - done));
          done = percent;
        };
        const converted = await convertImage(source.path, source.format, format, { tmpDir: options.tmpDir, signal: options.signal, onProgress });
        file = await ImageFile.open(converted);
      } catch (e) {
        for (const p of group) results.set(p.session, { target: p.session.label, format, convertedFrom: source.format, error: e as Error });
        return;
      }
    }
    const feed = new SharedRead(file, group.length, options.sharedRead);
    feeds.push(feed);
    try {
      await Promise.all(group.map(async (plan) => {
        const data = new SharedImageData(file, feed);
        const base: TargetResult = { target: plan.session.label, format, ...(convert ? { convertedFrom: source.format } : {}), ...(plan.warning ? { warning: plan.warning } : {}) };
        try {
          const result = await limit(() => uploadImage(plan.session, data, {
            ...options,
            diskFormat: format,
            signal: options.signal,
            onProgress: options.onProgress,
          }));
          results.set(plan.session, { ...base, result });
        } catch (e) {
          results.set(plan.session, { ...base, error: e as Error });
        } finally {
          data.settle();
        }
      }));
    } finally {
      if (file !== source) await removeConverted(file.path);
    }
  }));
  return {
    results: sessions.map((s) => results.get(s)!),
    bytesRead: feeds.reduce((sum, f) => sum + f.sharedBytes + f.ownBytes, 0),
  };
}
