// `npm run demo`: VS Code in your browser with the extension and a demo workspace, on 127.0.0.1.
// Installs the VS Code host if missing, builds and packages the extension, installs the .vsix
// into the demo's own extensions folder, writes the demo workspace (under the cache folder, not
// the repository) and serves code-server until Ctrl-C, then stops everything it started.
// The workspace's clouds.yaml is the local test cloud's (test/cloud/: started if it is not up,
// and stopped again on exit); DEMO_CLOUD=example uses a commented example with two clouds instead.
// env: DEMO_PORT (default 8443, or a free port if that is taken); DEMO_DIR (default
// ~/.cache/openstack-clouds/demo: the demo's HOME, workspace, extensions and logs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, createRunDir, ensureHost, freePort, installVsix, loopbackReport, repoRoot, startCodeServer, tail } from './vscode-host/host.mjs';

const VSIX = path.join(repoRoot, 'dist', 'openstack-clouds.vsix');
const DEMO_DIR = process.env.DEMO_DIR || path.join(cacheDir(), 'demo');

const EXAMPLE_CLOUDS_YAML = `# Demo clouds.yaml: two example clouds (no local test cloud was running; start one with
# test/cloud/up and run the demo again to explore a real OpenStack on 127.0.0.1).
clouds:
  # A cloud reached with user name and password (keep the password in secure.yaml or let
  # VS Code ask for it).
  home-lab:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: demo
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: 3
  # A cloud reached with an application credential, in two regions.
  edge-cloud:
    auth_type: v3applicationcredential
    auth:
      auth_url: http://127.0.0.2:5000/v3
      application_credential_id: 0123456789abcdef
    regions:
      - RegionOne
      - RegionTwo
`;

function playbook(cloud) {
  return `# A sample playbook with the OpenStack modules: upload an image, boot a server that is
# on the internet, and print its address. Cloud names come from clouds.yaml.
- name: Boot a server on ${cloud}
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Upload the image
      openstack.cloud.image:
        cloud: ${cloud}
        name: debian-12
        filename: debian-12-genericcloud-amd64.qcow2
        disk_format: qcow2
        container_format: bare

    - name: Boot the server, with a floating IP if it needs one
      openstack.cloud.server:
        cloud: ${cloud}
        name: web-1
        image: debian-12
        flavor: m1.small
        network: private
        key_name: demo-key
        auto_ip: true
        wait: true
      register: web

    - name: Show its public IPv4
      ansible.builtin.debug:
        msg: "{{ web.server.access_ipv4 }}"
`;
}

/** The path on the last line of `test/cloud/status` when it says the local cloud is up. */
function cloudStatus() {
  const r = spawnSync('bash', [path.join(repoRoot, 'test', 'cloud', 'status')], { cwd: repoRoot, encoding: 'utf8', timeout: 60000 });
  const last = (r.stdout ?? '').trim().split('\n').pop()?.trim();
  return r.status === 0 && last && path.isAbsolute(last) && fs.existsSync(last) ? last : undefined;
}

/**
 * The local test cloud's clouds.yaml: the running one, or one started now with test/cloud/up
 * (then `startedCloud` is set and the demo stops it on exit). DEMO_CLOUD=example skips the
 * cloud and uses an example clouds.yaml instead.
 */
let startedCloud = false;
function localCloudsYaml() {
  if (process.env.DEMO_CLOUD === 'example') return undefined;
  const running = cloudStatus();
  if (running) return running;
  console.log("demo: starting the local OpenStack on 127.0.0.1 (test/cloud/up: about 2 minutes, 5 on a fresh machine where it first installs Debian's OpenStack packages)");
  const up = spawnSync('bash', [path.join(repoRoot, 'test', 'cloud', 'up')], { cwd: repoRoot, stdio: 'inherit' });
  const started = up.status === 0 ? cloudStatus() : undefined;
  if (started) {
    startedCloud = true;
    return started;
  }
  console.log('demo: the local OpenStack could not start (see above); using an example clouds.yaml instead.');
  return undefined;
}

function stopCloudIfStarted() {
  if (!startedCloud) return;
  console.log('demo: stopping the local OpenStack it started (test/cloud/down)');
  spawnSync('bash', [path.join(repoRoot, 'test', 'cloud', 'down')], { cwd: repoRoot, stdio: 'inherit' });
}

// SSH in Terminal runs this instead of ssh: the local cloud's servers are not real machines,
// and their public addresses (203.0.113.0/24, TEST-NET-3) must never be dialled from here.
const SSH_STAND_IN = `#!/bin/sh
# The OpenStack Clouds demo's stand-in for ssh (openstack.ssh.path in the demo workspace).
echo "demo: SSH in Terminal would now run: ssh $*"
echo "demo: it does not: the demo cloud's servers are not real machines, and their addresses"
echo "      (documentation ranges such as 203.0.113.0/24) must never be dialled from this machine."
echo "      With a real cloud, SSH in Terminal runs ssh (the default of openstack.ssh.path)."
printf 'Press Enter to close this terminal. '
read -r _ || true
`;

/** The demo workspace's settings: SSH in Terminal runs the stand-in above. */
function writeSshStandIn(run, workspace) {
  const standIn = path.join(run.root, 'ssh-stand-in.sh');
  fs.writeFileSync(standIn, SSH_STAND_IN, { mode: 0o755 });
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'openstack.ssh.path': standIn }, null, 2)}\n`);
  console.log(`demo: SSH in Terminal runs ${standIn}, which prints the ssh command instead of running it: the demo`);
  console.log('      cloud\'s servers are not real machines, and their documentation-range addresses must never be dialled from here.');
}

/** Writes the demo workspace: clouds.yaml (+ secure.yaml beside the local cloud's), a playbook, the SSH stand-in. */
function writeWorkspace(run) {
  const workspace = run.workspace('openstack-demo');
  for (const f of ['clouds.yaml', 'secure.yaml', 'site.yml']) fs.rmSync(path.join(workspace, f), { force: true });
  writeSshStandIn(run, workspace);
  const local = localCloudsYaml();
  if (local) {
    for (const f of ['clouds.yaml', 'secure.yaml', 'clouds-public.yaml']) {
      const from = path.join(path.dirname(local), f);
      if (fs.existsSync(from)) fs.copyFileSync(from, path.join(workspace, f));
    }
    console.log(`demo: clouds.yaml of the local test cloud: ${local}`);
  } else {
    fs.writeFileSync(path.join(workspace, 'clouds.yaml'), EXAMPLE_CLOUDS_YAML);
  }
  const text = fs.readFileSync(path.join(workspace, 'clouds.yaml'), 'utf8');
  const firstCloud = /^clouds:\s*\n(?:\s*#.*\n)*\s+([\w.-]+):/m.exec(text)?.[1] ?? 'my-cloud';
  fs.writeFileSync(path.join(workspace, 'site.yml'), playbook(firstCloud));
  return workspace;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

async function main() {
  const cs = ensureHost();
  run('npm', ['run', 'package']);
  const demo = createRunDir('demo', { root: DEMO_DIR });
  fs.rmSync(demo.extensions, { recursive: true, force: true });
  fs.mkdirSync(demo.extensions, { recursive: true });
  console.log(`demo: installed ${installVsix(cs, demo, VSIX)}`);
  const workspace = writeWorkspace(demo);
  const port = await freePort(Number(process.env.DEMO_PORT) || 8443);
  const server = await startCodeServer(cs, demo, port, workspace);
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    stopCloudIfStarted();
    const { violations } = loopbackReport(demo);
    if (violations.length) console.log(`demo: requests refused because they would have left 127.0.0.1:\n  ${violations.join('\n  ')}`);
    console.log('demo: stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.exited.then((code) => {
    if (stopping) return;
    console.error(`demo: code-server exited (${code}):\n${tail(server.logFile)}`);
    void stop(1);
  });
  console.log(`\nOpenStack Clouds demo: open http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
  console.log(`  code-server listens on 127.0.0.1:${port} only (loopback): other machines cannot reach it, which matters because it asks for no password.`);
  console.log(`  workspace ${workspace}; log ${server.logFile}`);
  console.log('  Ctrl-C stops it.');
}

main().catch((e) => {
  console.error(`demo: ${e.message}`);
  stopCloudIfStarted();
  process.exit(1);
});
