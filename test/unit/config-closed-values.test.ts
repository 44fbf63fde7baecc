// Values with a closed set (auth_type, interface): a misspelt one is underlined on the value with a
// "did you mean" quick fix, and no value openstacksdk accepts is ever flagged. What is accepted is
// asked of Debian's openstacksdk/keystoneauth (`/usr/bin/python3`), not written down here.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { validateCloudsDocument } from '../../extension/config/index';
import { quickFixes } from '../../extension/language/quickFixes';
import type { Problem } from '../../extension/yaml/problem';
import { ensureOpenstacksdk, PYTHON } from '../support/differential';

const FILE = '/work/clouds.yaml';
const OK_AUTH = 'auth: {auth_url: "https://keystone.example.com/v3", username: u, password: p, project_id: x, user_domain_id: default}';

const TYPO_AUTH_TYPES: [string, string][] = [['pasword', 'password'], ['v3applicationcredentail', 'v3applicationcredential'], ['Password', 'password'], ['v3tokn', 'v3token'], ['v3-totp', 'v3totp']];
const TYPO_INTERFACES: [string, string][] = [['publik', 'public'], ['Public', 'public'], ['internl', 'internal'], ['amdin', 'admin'], ['pubilc', 'public']];
/** Spellings around the three interfaces, to find out which keystoneauth accepts. */
const INTERFACE_CANDIDATES = ['', ...['public', 'internal', 'admin'].flatMap((i) => ['', 'URL', 'U', 'UR', 'L', 'RL', 'url', 'Url', '_url', 's'].map((s) => i + s))];

/** Asks openstacksdk (auth loader) and keystoneauth (a v3 catalog lookup) which values they accept. */
function referenceVerdicts(authTypes: string[], interfaces: string[]): { authTypes: Record<string, boolean>; interfaces: Record<string, boolean>; plugins: string[] } {
  const script = `
import json, sys
from keystoneauth1 import loading
from keystoneauth1.access import service_catalog
from openstack.config import loader
args = json.load(sys.stdin)
def loads(v):
    try:
        loader.OpenStackConfig._get_auth_loader(None, {'auth_type': v})
        return True
    except Exception:
        return False
plugins = sorted(loading.get_available_plugin_names())
eps = [{'id': str(i), 'interface': x, 'region_id': 'R', 'url': 'http://127.0.0.1/' + x} for i, x in enumerate(['public', 'internal', 'admin'])]
catalog = service_catalog.ServiceCatalogV3([{'type': 'compute', 'name': 'nova', 'id': 'c', 'endpoints': eps}])
finds = lambda x: bool(catalog.get_endpoints_data(service_type='compute', interface=x).get('compute'))
print(json.dumps({'plugins': plugins,
  'authTypes': {v: loads(v) for v in args['authTypes'] + plugins},
  'interfaces': {x: finds(x) for x in args['interfaces']}}))
`;
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify({ authTypes, interfaces }), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as ReturnType<typeof referenceVerdicts>;
}

function problemsOf(line: string): Problem[] {
  return validateCloudsDocument(`clouds:\n  a:\n    ${OK_AUTH}\n    ${line}\n`, FILE, 'clouds');
}

const yamlString = (v: string) => JSON.stringify(v);
let reference: ReturnType<typeof referenceVerdicts>;

before(() => {
  ensureOpenstacksdk();
  reference = referenceVerdicts(['', 'None', 'token_endpoint', ...TYPO_AUTH_TYPES.map(([t]) => t)], [...INTERFACE_CANDIDATES, ...TYPO_INTERFACES.map(([t]) => t)]);
});

test('closed values: every auth_type openstacksdk loads (each keystoneauth plugin, None, "", token_endpoint) has no finding', () => {
  const accepted = Object.entries(reference.authTypes).filter(([, ok]) => ok).map(([v]) => v);
  assert.ok(accepted.length >= reference.plugins.length + 3, `too few accepted auth types: ${accepted.join(', ')}`);
  for (const v of accepted) {
    const found = problemsOf(`auth_type: ${yamlString(v)}`).filter((p) => p.code === 'unknown-auth-type');
    assert.deepEqual(found.map((p) => p.message), [], `auth_type ${yamlString(v)} is accepted by openstacksdk`);
  }
});

test('closed values: every interface keystoneauth finds endpoints with (publicURL, "", ...) has no finding', () => {
  const accepted = Object.entries(reference.interfaces).filter(([, ok]) => ok).map(([v]) => v);
  assert.ok(accepted.includes('publicURL') && accepted.includes(''), `reference: ${accepted.join(', ')}`);
  for (const v of accepted) {
    for (const key of ['interface', 'compute_interface', 'endpoint_type']) {
      const found = problemsOf(`${key}: ${yamlString(v)}`).filter((p) => p.code === 'V-7' || p.code === 'invalid-value');
      assert.deepEqual(found.map((p) => p.message), [], `${key}: ${yamlString(v)} is accepted by keystoneauth`);
    }
  }
  // ... and whatever it does not accept is flagged (the two agree both ways on these candidates).
  for (const v of INTERFACE_CANDIDATES.filter((c) => !reference.interfaces[c])) {
    assert.ok(problemsOf(`interface: ${yamlString(v)}`).some((p) => p.code === 'V-7'), `interface ${yamlString(v)} finds no endpoint in keystoneauth`);
  }
});

/** The finding on the value (line 4, after the key) and its quick fix's edit. */
function assertTypo(key: string, typo: string, meant: string, code: string): void {
  const line = `${key}: ${typo}`;
  const found = problemsOf(line).filter((p) => p.code === code);
  assert.equal(found.length, 1, `${line}: ${found.map((p) => p.message).join(' | ')}`);
  const p = found[0]!;
  assert.equal(p.severity, 'error', `${line}: openstacksdk fails on it`);
  assert.deepEqual([p.range.start, p.range.end], [{ line: 3, character: 6 + key.length }, { line: 3, character: 6 + key.length + typo.length }], `${line}: on the value`);
  assert.match(p.message, new RegExp(`did you mean '${meant}'`));
  const fixes = quickFixes(p, { text: '' });
  assert.deepEqual(fixes[0]?.edits.map((e) => e.newText), [meant]);
  assert.equal(fixes[0]?.title, `Change to '${meant}'`);
}

test('closed values: a misspelt auth_type is an error on the value with a "did you mean" quick fix, said once', () => {
  for (const [typo, meant] of TYPO_AUTH_TYPES) {
    assert.equal(reference.authTypes[typo], false, `${typo} is really refused by openstacksdk`);
    assertTypo('auth_type', typo, meant, 'unknown-auth-type');
  }
});

test('closed values: a misspelt interface is an error on the value with a "did you mean" quick fix', () => {
  for (const [typo, meant] of TYPO_INTERFACES) {
    assert.equal(reference.interfaces[typo], false, `${typo} really finds no endpoint`);
    assertTypo('interface', typo, meant, 'V-7');
  }
});

test('closed values: in a list of interfaces, a wrong one beside a right one is a warning (keystoneauth still finds endpoints)', () => {
  const [beside] = problemsOf('interface: [public, publik]').filter((p) => p.code === 'V-7');
  assert.equal(beside?.severity, 'warning');
  const [alone] = problemsOf('interface: [publik]').filter((p) => p.code === 'V-7');
  assert.equal(alone?.severity, 'error');
});

test('closed values: an auth_type in a region\'s values and in secure.yaml is checked too', () => {
  const region = validateCloudsDocument(`clouds:\n  a:\n    ${OK_AUTH}\n    regions:\n      - name: R1\n        values:\n          auth_type: v3pasword\n`, FILE, 'clouds');
  assert.ok(region.some((p) => p.code === 'unknown-auth-type' && (p.data as { suggestion?: string }).suggestion === 'v3password'), region.map((p) => p.code).join());
  const secure = validateCloudsDocument('clouds:\n  a:\n    auth_type: pasword\n', '/work/secure.yaml', 'secure', { files: [{ kind: 'clouds', path: FILE, text: `clouds:\n  a:\n    ${OK_AUTH}\n` }] });
  assert.deepEqual(secure.filter((p) => p.code === 'unknown-auth-type').map((p) => p.range.start), [{ line: 2, character: 15 }]);
});
