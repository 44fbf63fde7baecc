// The nova floor of bench/openstack-fleet.mjs: the least a client must send to get N servers per
// cloud ACTIVE with a floating IP, every request a `curl` process (node only starts them and reads
// their JSON). Per cloud, all clouds at once: one token request; the N `POST /servers` at once;
// then `GET /servers/detail?name=^NAME-` until all are ACTIVE (POLL_MS between an answer and the next poll), and for each server
// the moment it is seen ACTIVE, `GET /v2.0/ports?device_id=` and `POST /v2.0/floatingips` with
// that port (neutron answers with the address attached). Not included: looking up the image,
// flavor, network and external network ids (done once before the clock starts), a quota check,
// retries, and reading the server back from nova.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { run } from './fleet.mjs';

export const POLL_MS = 250;

/** The body of a token request for a clouds.yaml entry (password or application credential). */
function authBody(entry) {
  const a = entry.auth;
  if (entry.auth_type === 'v3applicationcredential') {
    return { auth: { identity: { methods: ['application_credential'], application_credential: { id: a.application_credential_id, secret: a.application_credential_secret } } } };
  }
  return { auth: { identity: { methods: ['password'], password: { user: { name: a.username, domain: { name: a.user_domain_name }, password: a.password } } }, scope: { project: { name: a.project_name, domain: { name: a.project_domain_name } } } } };
}

/** One curl request; the answer's status, headers and parsed JSON body. */
async function curl(method, url, { token, json, file } = {}) {
  const args = ['-sS', '-i', '-X', method, url, '-H', 'Accept: application/json'];
  if (token) args.push('-H', `X-Auth-Token: ${token}`);
  if (json !== undefined || file) args.push('-H', 'Content-Type: application/json', '--data-binary', file ? `@${file}` : JSON.stringify(json));
  const r = await run('curl', args, { sampleMs: 60_000 });
  const text = r.stdout.replace(/\r/g, '');
  const split = text.indexOf('\n\n');
  const head = text.slice(0, split);
  const status = Number(/^HTTP\/[\d.]+ (\d+)/.exec(head)?.[1] ?? 0);
  if (r.code !== 0 || status < 200 || status > 299) throw new Error(`curl ${method} ${url}: exit ${r.code}, HTTP ${status}: ${text.slice(split + 2, split + 400)}${r.stderr}`);
  const body = text.slice(split + 2);
  return { status, head, body: body ? JSON.parse(body) : undefined };
}

/**
 * What the floor needs to know before the clock starts, per cloud: the token body (in a 0600
 * file), the keystone, nova and neutron URLs as the proxied catalog gives them, and the ids.
 */
export async function prepareFloor(entry, dir, ids) {
  const file = path.join(dir, `auth-${crypto.randomUUID()}.json`);
  fs.writeFileSync(file, JSON.stringify(authBody(entry)), { mode: 0o600 });
  const keystone = String(entry.auth.auth_url).replace(/\/$/, '');
  const { body } = await curl('POST', `${keystone}/auth/tokens`, { file });
  const url = (type) => {
    const e = body.token.catalog.find((c) => c.type === type)?.endpoints.find((x) => x.interface === 'public' && (x.region_id ?? x.region) === (entry.region_name ?? 'RegionOne'));
    if (!e) throw new Error(`no public ${type} endpoint in the catalog`);
    return e.url.replace(/\/$/, '');
  };
  const network = url('network');
  return { authFile: file, keystone, compute: url('compute'), network: /\/v2\.0$/.test(network) ? network : `${network}/v2.0`, ...ids };
}

/** The floor on one cloud; resolves with the floating IP ids it made (for the cleanup). */
export async function floorCloud(c, prefix, count) {
  const auth = await curl('POST', `${c.keystone}/auth/tokens`, { file: c.authFile });
  const token = /^x-subject-token: (.*)$/im.exec(auth.head)?.[1];
  if (!token) throw new Error('no X-Subject-Token');
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
  const created = await Promise.all(names.map((name) => curl('POST', `${c.compute}/servers`, { token, json: { server: { name, imageRef: c.image, flavorRef: c.flavor, networks: [{ uuid: c.networkId }] } } })));
  const pending = new Set(created.map((r) => r.body.server.id));
  const fips = [];
  const attach = async (serverId) => {
    const { body } = await curl('GET', `${c.network}/ports?device_id=${serverId}`, { token });
    const port = body.ports[0];
    if (!port) throw new Error(`server ${serverId} has no port`);
    const fip = (await curl('POST', `${c.network}/floatingips`, { token, json: { floatingip: { floating_network_id: c.externalNetworkId, port_id: port.id } } })).body.floatingip;
    fips.push(fip.id);
    if (fip.port_id !== port.id) throw new Error(`floating IP ${fip.floating_ip_address} is not on the port`);
  };
  const attaching = [];
  const deadline = Date.now() + 600_000;
  while (pending.size) {
    if (Date.now() > deadline) throw new Error(`${pending.size} servers not ACTIVE after 600 s`);
    const { body } = await curl('GET', `${c.compute}/servers/detail?name=${encodeURIComponent(`^${prefix}-`)}`, { token });
    for (const s of body.servers) {
      if (!pending.has(s.id)) continue;
      if (s.status === 'ERROR') throw new Error(`server ${s.name} went to ERROR: ${s.fault?.message ?? ''}`);
      if (s.status === 'ACTIVE') {
        pending.delete(s.id);
        attaching.push(attach(s.id));
      }
    }
    if (pending.size) await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const results = await Promise.allSettled(attaching);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw Object.assign(failed.reason, { fips });
  return fips;
}
