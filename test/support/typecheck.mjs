// Strict `tsc --noEmit` over extension/, webview/, test/ and bench/, as a stage with a closing line.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', root], { stdio: 'inherit', cwd: root });
console.log(`typecheck: ${r.status === 0 ? 1 : 0} passed, ${r.status === 0 ? 0 : 1} failed`);
process.exit(r.status ?? 1);
