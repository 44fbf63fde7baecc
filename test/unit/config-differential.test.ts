// Differential test: for every fixture case under test/fixtures/config/<case>/, our resolution must
// equal what Debian's openstacksdk 0.101.0 (`/usr/bin/python3`) makes of the same files and
// environment: the same (cloud, region) pairs, the same CloudRegion.config on every key, an error
// wherever openstacksdk raises, the warnings it prints. Deliberate differences are listed in the
// case's env.json (`differences`, each with its reason) and in DELIBERATE below.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type http from 'node:http';
import { loadCloudsConfig } from '../../extension/config/load';
import { httpGetJson, RemoteProfileCache } from '../../extension/config/profiles';
import { fetchRemoteProfilesAndResolve, resolveClouds, type ResolvedConfig } from '../../extension/config/resolve';
import type { Problem } from '../../extension/yaml/problem';
import { caseIds, cleanup, ensureOpenstacksdk, prepareCase, runOpenstacksdk, type PreparedCase, type SdkResult } from '../support/differential';

/**
 * Differences that hold for every case (spec §0.1 and our "never throw" rule):
 * - openstacksdk raises out of OpenStackConfig()/get_all() for the whole file; we report a
 *   located error for the cloud (or file) at fault and still resolve the other clouds.
 */
const DELIBERATE = 'a failure of one cloud region is an exception for the whole get_all() in openstacksdk; we report it and go on';

/** openstacksdk warning text -> the code we report it under. */
const WARNING_CODES: [RegExp, string][] = [
  [/Couldn't find the vendor profile/, 'V-6'],
  [/uses the keyword 'cloud' to reference a known vendor profile/, 'V-6'],
  [/Comma separated lists in region_name are deprecated/, 'V-8'],
  [/(external|internal)_network is deprecated/, 'network-key-deprecated'],
];

/** JSON with sorted keys, so key order (Python's dump sorts) does not count. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

function diffKeys(a: unknown, b: unknown, prefix = ''): string[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => diffKeys(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return canonical(a) === canonical(b) ? [] : [prefix || '(root)'];
}

async function resolveOurs(c: PreparedCase): Promise<{ resolved: ResolvedConfig[]; beforeFetch: ResolvedConfig }> {
  const loaded = await loadCloudsConfig({ environment: { cwd: c.cwd, env: c.env, home: c.home, platform: 'linux' } });
  const profiles = new RemoteProfileCache();
  const rewrite = (url: string) => {
    const u = new URL(url);
    return c.hostMap[u.host] ? c.hostMap[u.host] + u.pathname : url;
  };
  // (the profile servers are on loopback, which only the user's own setting allows)
  const fetchOptions = { profiles, timeoutMs: 5000, allowPrivateAddresses: true, getJson: (url: string, signal: AbortSignal) => httpGetJson(rewrite(url), signal, true) };
  const beforeFetch = resolveClouds(loaded, { profiles });
  const requests = c.spec.requests ?? [undefined];
  const resolved: ResolvedConfig[] = [];
  for (const r of requests) resolved.push(await fetchRemoteProfilesAndResolve(loaded, { ...fetchOptions, ...(r ? { cloud: r.cloud, region: r.region } : {}) }));
  return { resolved, beforeFetch };
}

function errorsOf(problems: Problem[], cloud?: string): Problem[] {
  return problems.filter((p) => p.severity === 'error' && (cloud === undefined || p.data?.cloud === cloud));
}

function compareCase(c: PreparedCase, sdk: SdkResult, ours: ResolvedConfig[]): void {
  assert.ok(!sdk.driver_error, `the openstacksdk driver broke on this case: ${sdk.driver_error}`);
  const problems = ours.flatMap((r) => r.problems);
  for (const p of problems) {
    assert.notEqual(p.code, 'internal-error', p.message);
    assert.ok(p.file !== undefined && p.range && p.range.start.line >= 0, `unlocated problem ${JSON.stringify(p)}`);
  }
  for (const code of c.spec.expect_codes ?? []) assert.ok(problems.some((p) => p.code === code), `expected a problem ${code}; got ${problems.map((p) => p.code).join(', ')}`);
  if (sdk.fatal) {
    assert.ok(errorsOf(problems).length > 0, `openstacksdk fails (${sdk.fatal}) but we report no error (${DELIBERATE})`);
    return;
  }
  const loaded = ours[0]!.loaded;
  if (loaded.clouds.length > 0 || sdk.default_cloud !== 'defaults') {
    // (openstacksdk makes up a cloud named `defaults` when there is none; we do not.)
    assert.equal(loaded.defaultCloud ?? null, sdk.default_cloud ?? null, 'default cloud (CFG-SEL-1..3)');
  }
  const regions = ours.flatMap((r) => r.regions);
  const used = new Set<string>();
  const expected = new Set((c.spec.differences ?? []).map((d) => `${d.cloud ?? '*'}|${d.key}`));
  const seenDifferences = new Set<string>();
  for (const item of sdk.items ?? []) {
    if (item.error !== undefined) {
      const ourErrors = errorsOf(problems, item.cloud);
      assert.ok(ourErrors.length > 0, `openstacksdk: ${item.cloud}/${item.region}: ${item.error}; we report no error for ${item.cloud}`);
      assert.ok(!regions.some((r) => r.name === item.cloud && (item.region === null || r.region_name === item.region)), `${item.cloud}/${item.region} fails in openstacksdk (${item.error}) but we resolved it`);
      continue;
    }
    const key = `${item.name}|${item.region_name}`;
    const mine = regions.find((r) => `${r.name}|${r.region_name}` === key);
    assert.ok(mine, `missing cloud region ${key}; ours: ${regions.map((r) => `${r.name}/${r.region_name}`).join(', ')}; problems: ${problems.map((p) => p.message).join(' | ')}`);
    used.add(key);
    assert.equal(mine.force_ipv4, item.force_ipv4, `${key}: force_ipv4`);
    for (const k of diffKeys(mine.config, item.config)) {
      const id = [`${item.name}|${k}`, `*|${k}`].find((x) => expected.has(x));
      if (id) {
        seenDifferences.add(id);
        continue;
      }
      const get = (o: unknown) => k.split('.').reduce<unknown>((v, part) => (v as Record<string, unknown> | undefined)?.[part], o);
      assert.fail(`${key}: config.${k} differs: ours ${JSON.stringify(get(mine.config))}, openstacksdk ${JSON.stringify(get(item.config))}`);
    }
  }
  for (const r of regions) assert.ok(used.has(`${r.name}|${r.region_name}`), `we resolved ${r.name}/${r.region_name}, openstacksdk does not have it`);
  for (const d of expected) assert.ok(seenDifferences.has(d), `listed deliberate difference ${d} did not occur (remove it from env.json)`);
  for (const w of sdk.warnings ?? []) {
    const mapped = WARNING_CODES.find(([re]) => re.test(w));
    assert.ok(mapped, `openstacksdk warns "${w}": map it to one of our codes`);
    assert.ok(problems.some((p) => p.code === mapped[1] && p.severity !== 'error'), `openstacksdk warns "${w}"; we report no ${mapped[1]} warning`);
  }
}

describe('clouds.yaml resolution equals Debian openstacksdk 0.101.0', () => {
  const ids = caseIds();
  const servers: http.Server[] = [];
  const prepared: PreparedCase[] = [];
  let sdk: Record<string, SdkResult> = {};

  before(async () => {
    ensureOpenstacksdk();
    for (const id of ids) prepared.push(await prepareCase(id, servers));
    sdk = await runOpenstacksdk(prepared);
  });
  after(() => cleanup(prepared, servers));

  test('there are at least 40 fixture cases', () => {
    assert.ok(ids.length >= 40, `only ${ids.length} cases under test/fixtures/config`);
  });

  for (const id of ids) {
    test(id, async () => {
      const c = prepared.find((p) => p.id === id)!;
      const { resolved, beforeFetch } = await resolveOurs(c);
      if (Object.keys(c.spec.remote_profiles ?? {}).length) {
        assert.ok(beforeFetch.clouds.some((cl) => cl.status === 'profile-not-fetched'), 'a remote profile must not be fetched by a plain resolve');
      }
      compareCase(c, sdk[id]!, resolved);
    });
  }
});
