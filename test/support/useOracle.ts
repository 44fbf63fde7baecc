// Ground truth for error-level clouds.yaml findings: whether Debian's openstacksdk 0.101.0 with
// keystoneauth1 fails to use a cloud, up to its first request to a service, with no traffic
// leaving the process (test/support/openstacksdk_use.py says how).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureOpenstacksdk, PYTHON } from './differential';
import { repoRoot } from './paths';

export interface UseCase {
  id: string;
  yaml: string;
  cloud: string;
  /** The service whose first request is made (default compute). */
  service?: string;
}

/** `ok`, or the stage that raised first and its exception. */
export type UseResult = { ok: true } | { stage: 'config' | 'session' | 'auth' | 'keystone' | 'connect' | 'request'; error: string };

export function runUseOracle(cases: readonly UseCase[]): Record<string, UseResult> {
  ensureOpenstacksdk();
  const r = spawnSync(PYTHON, [path.join(repoRoot, 'test', 'support', 'openstacksdk_use.py')], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`the openstacksdk use driver failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, UseResult>;
}
