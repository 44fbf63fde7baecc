// python-openstackclient (Debian's /usr/bin/openstack) run against one cloud of a given
// clouds.yaml, with no other OS_* configuration leaking in from the environment.
import { execFile } from 'node:child_process';

export interface OscOptions {
  region?: string;
  /** seconds; the CLI's own waits (server create --wait) count against it */
  timeout?: number;
  /** More environment (proxy variables, say); OS_* still come only from the clouds.yaml. */
  env?: Record<string, string>;
}

export class OscError extends Error {
  constructor(readonly args: string[], readonly code: number | null, readonly stdout: string, readonly stderr: string) {
    super(`openstack ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

function cleanEnv(cloudsYaml: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('OS_')) env[k] = v;
  env.OS_CLIENT_CONFIG_FILE = cloudsYaml;
  return env;
}

/** Runs `openstack --os-cloud CLOUD ARGS...`; resolves with stdout, rejects with OscError. */
export function osc(cloudsYaml: string, cloud: string, args: string[], options: OscOptions = {}): Promise<string> {
  const full = ['--os-cloud', cloud, ...(options.region ? ['--os-region-name', options.region] : []), ...args];
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/openstack', full, { env: { ...cleanEnv(cloudsYaml), ...options.env }, timeout: (options.timeout ?? 120) * 1000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new OscError(full, typeof err.code === 'number' ? err.code : null, stdout, stderr));
        else resolve(stdout);
      });
  });
}

/** The same with `-f json`, parsed. */
export async function oscJson<T = Record<string, unknown>>(cloudsYaml: string, cloud: string, args: string[], options: OscOptions = {}): Promise<T> {
  return JSON.parse(await osc(cloudsYaml, cloud, [...args, '-f', 'json'], options)) as T;
}
