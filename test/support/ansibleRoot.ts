// The real ansible-playbook of the `ansible` stage: Debian 13's ansible (openstack.cloud 2.x) and
// openstacksdk in the root that test/ansible/install.sh made, run through chroot. The chroot
// shares the network namespace, so the test cloud on 127.0.0.1 answers; its clouds.yaml is copied
// to the root's /etc/openstack/clouds.yaml, a place openstacksdk searches.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function ansibleRoot(): string {
  const root = process.env.OPENSTACK_TEST_ANSIBLE_ROOT;
  if (!root || !fs.existsSync(path.join(root, 'usr/bin/ansible-playbook'))) {
    throw new Error('OPENSTACK_TEST_ANSIBLE_ROOT does not name a root with ansible-playbook: run `node test/run.mjs ansible` (it runs test/ansible/install.sh)');
  }
  return root;
}

/** Installs `cloudsYaml` as the root's /etc/openstack/clouds.yaml (0600: it holds the test cloud's passwords). */
export function installCloudsYaml(cloudsYaml: string): void {
  const target = path.join(ansibleRoot(), 'etc/openstack/clouds.yaml');
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(cloudsYaml, target);
  fs.chmodSync(target, 0o600);
}

/** A scratch folder inside the root: `{ inRoot, onHost }` name the same folder from both sides. */
export function rootScratch(): { inRoot: string; onHost: string; remove: () => void } {
  const inRoot = `/work/${crypto.randomBytes(6).toString('hex')}`;
  const onHost = path.join(ansibleRoot(), inRoot);
  fs.mkdirSync(onHost, { recursive: true });
  return { inRoot, onHost, remove: () => fs.rmSync(onHost, { recursive: true, force: true }) };
}

export interface PlaybookRun {
  code: number;
  output: string;
  /** PLAY RECAP counts for localhost (ok, changed, failed, ...). */
  recap: Record<string, number>;
  seconds: number;
}

/** `ansible-playbook ARGS` in the root, with a clean environment (nothing of the host's OS_* or PYTHON*). */
export function ansiblePlaybook(args: string[], timeoutSeconds = 600): Promise<PlaybookRun> {
  const env = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8',
    ANSIBLE_NOCOLOR: '1', ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_INVENTORY_UNPARSED_WARNING: 'False', ANSIBLE_RETRY_FILES_ENABLED: 'False',
  };
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile('chroot', [ansibleRoot(), '/usr/bin/ansible-playbook', ...args], { env, timeout: timeoutSeconds * 1000, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const line = /^localhost\s*:\s*(ok=.*)$/m.exec(stdout)?.[1] ?? '';
      const recap = Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output, recap, seconds: (Date.now() - t0) / 1000 });
    });
  });
}
