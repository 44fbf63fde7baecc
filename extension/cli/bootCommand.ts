import type { CliIo } from './main';
export async function runBoot(_args: string[], io: CliIo): Promise<number> { io.err('not yet'); return 2; }
