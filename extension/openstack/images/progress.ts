// Progress of one upload target, with a smoothed transfer rate, reported at most every 200 ms.

export type UploadPhase = 'checking' | 'hashing' | 'converting' | 'uploading' | 'importing' | 'finishing' | 'done' | 'skipped' | 'failed' | 'retrying';

export interface UploadProgress {
  target: string;
  phase: UploadPhase;
  bytes: number;
  total: number;
  /** Bytes per second over the recent past. */
  rate: number;
  message?: string;
}

export type ProgressListener = (progress: UploadProgress) => void;

export class ProgressMeter {
  private bytes = 0;
  private lastReport = 0;
  private windowStart = Date.now();
  private windowBytes = 0;
  private rate = 0;
  private phase: UploadPhase = 'checking';

  constructor(private readonly target: string, private readonly total: number, private readonly listener?: ProgressListener) {}

  setPhase(phase: UploadPhase, message?: string): void {
    this.phase = phase;
    if (phase === 'uploading' || phase === 'retrying') this.bytes = 0;
    this.emit(true, message);
  }

  add(n: number): void {
    this.bytes += n;
    this.windowBytes += n;
    this.emit(false);
  }

  private emit(force: boolean, message?: string): void {
    if (!this.listener) return;
    const now = Date.now();
    if (!force && now - this.lastReport < 200) return;
    const elapsed = now - this.windowStart;
    if (elapsed >= 500) {
      const current = (this.windowBytes * 1000) / elapsed;
      this.rate = this.rate ? this.rate * 0.5 + current * 0.5 : current;
      this.windowStart = now;
      this.windowBytes = 0;
    }
    this.lastReport = now;
    this.listener({ target: this.target, phase: this.phase, bytes: this.bytes, total: this.total, rate: this.rate, ...(message ? { message } : {}) });
  }
}
