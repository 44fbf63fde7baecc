// Debian packages a test needs, installed with apt when this machine lacks them (CI starts from a
// fresh Debian: `npm install && npm test` must do all set-up).
import { spawnSync } from 'node:child_process';

/** Runs `probe`; when it fails, installs `packages` with apt-get (waiting for apt's locks). */
export function ensureAptPackages(probe: string[], packages: string[]): void {
  if (spawnSync(probe[0], probe.slice(1), { stdio: 'ignore' }).status === 0) return;
  const apt = 'apt-get -o DPkg::Lock::Timeout=900 -o Acquire::Lock::Timeout=900';
  const script = `${apt} -q update && DEBIAN_FRONTEND=noninteractive ${apt} install -y -q --no-install-recommends ${packages.join(' ')}`;
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${packages.join('/')} are missing and apt-get could not install them:\n${r.stdout}${r.stderr}`);
}
