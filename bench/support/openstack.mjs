// Shared by the OpenStack benches: the local test cloud's clouds.yaml, our CLI (dist/cli.js,
// built if missing), python-openstackclient from Debian, timing and cleanup helpers.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
export const cli = path.join(root, 'dist', 'cli.js');
export const OSC = '/usr/bin/openstack';
export const CLOUDS = ['local-password', 'local-appcred', 'local-tasks'];

/** The test cloud's clouds.yaml: OS_CLIENT_CONFIG_FILE if set, else what test/cloud/status prints. */
export function cloudsYaml() {
  if (process.env.OS_CLIENT_CONFIG_FILE) return process.env.OS_CLIENT_CONFIG_FILE;
  const status = spawnSync(path.join(root, 'test/cloud/status'), [], { encoding: 'utf8' });
  if (status.status !== 0) throw new Error('the local test cloud is not up: run test/cloud/up first (as root)');
  return status.stdout.trim().split('\n').pop();
}

export function prepare() {
  if (!fs.existsSync(OSC)) throw new Error(`${OSC} is missing: apt-get install python3-openstackclient`);
  if (!fs.existsSync(cli)) {
    const b = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const env = { ...process.env, OS_CLIENT_CONFIG_FILE: cloudsYaml() };
  delete env.OS_CLOUD;
  return env;
}

/**
 * `env` without NODE_EXTRA_CA_CERTS, and what the variable costs a Node start here. Node 20 reads and
 * parses that file at every start, before any script runs (Debian's bundle: ~40 ms on this VM, a
 * third of a `fetch`'s own start): a cost of the machine's environment, paid by every Node program
 * alike and by no curl. A bench against a plain-http peer runs without it and prints the cost beside
 * its figures (medians of `node -e 0`, alternated), so that a reader who sets it can add it back.
 */
export function withoutNodeExtraCaCerts(env, runs = 9) {
  const rest = { ...env };
  delete rest.NODE_EXTRA_CA_CERTS;
  if (!env.NODE_EXTRA_CA_CERTS) return { env: rest, costMs: undefined };
  const [withVar, without] = [[], []];
  for (let i = 0; i < runs; i++) {
    withVar.push(timed(process.execPath, ['-e', '0'], env).ms);
    without.push(timed(process.execPath, ['-e', '0'], rest).ms);
  }
  return { env: rest, costMs: median(withVar) - median(without) };
}

/** Runs a command, returns its wall time (ms) and output; throws if it fails. */
export function timed(cmd, args, env, options = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024, ...options });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.slice(0, 3).join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(-800)}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

/** Our CLI under the usage preload: wall time plus peak RSS and bytes read. */
export function ours(args, env) {
  const usageFile = path.join(os.tmpdir(), `bench-usage-${process.pid}.json`);
  const r = timed(process.execPath, ['--require', path.join(import.meta.dirname, 'usage.cjs'), cli, ...args], { ...env, BENCH_USAGE_FILE: usageFile });
  const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
  fs.rmSync(usageFile, { force: true });
  return { ...r, ...usage };
}

export function osc(cloud, args, env) {
  return timed(OSC, ['--os-cloud', cloud, ...args], env);
}

/**
 * Flushes dirty pages before a timed upload: glance writes every upload to the disk, and an upload
 * that starts while the previous one's gigabyte is still being written back competes with that
 * writeback (1 GiB PUTs measured 5.2 to 9.0 s in a row without it). Each contender starts from a
 * clean disk; the writeback of its own upload stays in its time, as it would for a user.
 */
export function settleDisk() {
  spawnSync('sync');
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const round = (ms) => Math.round(ms);
export const mib = (bytes) => (bytes / 1024 / 1024).toFixed(1);

/**
 * Writes `gib` GiB of random bytes to `file` (whole once written: through a `.partial` beside it),
 * all of it fresh from /dev/urandom: a repeated block could be deduplicated under us.
 */
function writeRandomFile(file, gib) {
  const r = spawnSync('sh', ['-c', `head -c ${gib * 1024}M /dev/urandom > ${file}.partial && mv ${file}.partial ${file}`], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`could not write ${file}`);
}

/** A random file of `gib` GiB under /var/tmp (not tmpfs), for one run: the bench deletes it. */
export function randomFile(gib) {
  const file = path.join('/var/tmp', `openstack-bench-${gib}g-${process.pid}.img`);
  writeRandomFile(file, gib);
  return file;
}

/**
 * A random file of `gib` GiB kept in /var/tmp/openstack-clouds-bench/ between runs, for the benches
 * that only read it. Writing a fresh gigabyte disturbs this VM for minutes: 30 `curl -o` of 1 GiB
 * from loopback in a row took 0.89-1.37 s; right after a fresh gigabyte was written, and still 90 s
 * after, every few took 2-3 s (and our fetch's writes into the page cache ~7x longer). Keeping
 * the file spares later runs that one disturbance, not the VM's others. `fresh` says the file was
 * just written. Delete the folder to free the disk.
 */
export function keptRandomFile(gib, name) {
  const dir = '/var/tmp/openstack-clouds-bench';
  const file = path.join(dir, `${name}-${gib}g.img`);
  if (fs.existsSync(file) && fs.statSync(file).size === gib * 1024 ** 3) return { file, fresh: false };
  fs.mkdirSync(dir, { recursive: true });
  writeRandomFile(file, gib);
  return { file, fresh: true };
}

export function bench(line) {
  console.log(`BENCH ${JSON.stringify(line)}`);
}

export function deleteImage(id, cloud, env) {
  spawnSync(process.execPath, [cli, 'delete', 'image', id, '--cloud', cloud], { env, encoding: 'utf8' });
}

/**
 * The cloud's image endpoint in `region`, from its catalog: one token request before any clock
 * starts, so the timed floor needs no catalog parser (curl and a shell have none) and no address
 * is written down here. The `interface` of the cloud (public unless it says otherwise).
 */
async function imageEndpoint(c, region) {
  const res = await fetch(`${c.auth.auth_url.replace(/\/$/, '')}/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: tokenRequest(c.auth) });
  if (res.status !== 201) throw new Error(`curl floor: token request for the catalog: HTTP ${res.status}`);
  const { token } = await res.json();
  const iface = (c.interface ?? 'public').replace(/URL$/, '');
  const url = token.catalog?.find((s) => s.type === 'image')?.endpoints.find((e) => e.region === region && e.interface === iface)?.url;
  if (!url) throw new Error(`curl floor: the catalog has no ${iface} image endpoint in ${region}`);
  return url.replace(/\/$/, '');
}

/** The upload targets of `--cloud NAME` in the test clouds.yaml: the cloud's first region (as openstacksdk's get_one), with its auth values and Glance endpoint. */
export async function uploadTargets(clouds) {
  const yaml = await import('js-yaml');
  const doc = yaml.load(fs.readFileSync(cloudsYaml(), 'utf8'));
  return Promise.all(clouds.map(async (cloud) => {
    const c = doc.clouds[cloud];
    const first = c.regions?.[0];
    const region = (typeof first === 'object' ? first?.name : first) ?? c.region_name;
    return { cloud, region, auth: c.auth, glance: await imageEndpoint(c, region) };
  }));
}

function tokenRequest(auth) {
  const identity = auth.application_credential_id
    ? { methods: ['application_credential'], application_credential: { id: auth.application_credential_id, secret: auth.application_credential_secret } }
    : { methods: ['password'], password: { user: { name: auth.username, domain: { name: auth.user_domain_name }, password: auth.password } } };
  const scope = auth.project_name ? { project: { name: auth.project_name, domain: { name: auth.project_domain_name } } } : undefined;
  return JSON.stringify({ auth: { identity, ...(scope && { scope }) } });
}

/**
 * The floor of one upload as a shell script: curl asks a token, creates the image record, PUTs the
 * file, prints the id. The password is in the script's file (the heredoc) and the token in a file
 * of the script's folder (`-H @file`), never on a command line where `ps` would show them.
 */
function curlUploadScript(target, file, name, secrets) {
  const header = path.join(secrets, `${name}.token`);
  return `TOKEN=$(curl -sf -i -X POST '${target.auth.auth_url}/auth/tokens' -H 'Content-Type: application/json' -d @- <<'JSON' | tr -d '\\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}'
${tokenRequest(target.auth)}
JSON
)
printf 'X-Auth-Token: %s\\n' "$TOKEN" > '${header}'
ID=$(curl -sf -X POST ${target.glance}/v2/images -H @'${header}' -H 'Content-Type: application/json' -d '{"name":"${name}","disk_format":"raw","container_format":"bare"}' | grep -o '"id": *"[^"]*"' | head -1 | sed 's/.*"\\([^"]*\\)"$/\\1/')
curl -sf -o /dev/null -T '${file}' -X PUT -H @'${header}' -H 'Content-Type: application/octet-stream' "${target.glance}/v2/images/$ID/file"
echo "${target.cloud}/${target.region} $ID"`;
}

/**
 * The curl floor: every target's token + create + PUT of the same file, all at once (as a fan-out
 * to distinct servers) or one after another (`inTurn`, as ours to one server), timed until the
 * last one is done; the images are deleted only after (deleting one before the next upload would
 * spare the next one the disk's writeback of the first). Returns the time and the created images.
 */
export function curlFloor(targets, file, name, { inTurn = false } = {}) {
  const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-curl-floor-')); // 0700
  const jobs = targets.map((t, i) => `(set -e\n${curlUploadScript(t, file, `${name}-${i}`, secrets)}\n)${inTurn ? ' || exit 1' : ' &'}`).join('\n');
  const script = path.join(secrets, 'floor.sh');
  fs.writeFileSync(script, `umask 077\n${jobs}\nfor job in $(jobs -p); do wait $job || exit 1; done\n`, { mode: 0o600 });
  let r;
  try {
    r = timed('bash', [script], process.env);
  } finally {
    fs.rmSync(secrets, { recursive: true, force: true });
  }
  const images = r.stdout.trim().split('\n').map((line) => { const [cloud, id] = line.split(' '); return { cloud: cloud.split('/')[0], id }; });
  if (images.length !== targets.length || images.some((i) => !i.id)) throw new Error(`curl floor: ${targets.length} uploads, got ${r.stdout}`);
  return { ms: r.ms, images };
}
