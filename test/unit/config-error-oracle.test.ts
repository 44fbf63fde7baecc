// clouds.yaml errors no stricter than keystoneauth (issue 11): every error-level finding of the
// validator must be one that Debian's openstacksdk 0.101.0 with keystoneauth1 really fails on,
// up to the cloud's first request (test/support/openstacksdk_use.py; nothing leaves the process).
// RULES is the table: each error-level rule with the document that triggers it and the oracle's
// verdict; rules that were errors before and that the oracle accepts are warnings or hints now
// (or narrowed), and their rows assert that it accepts. The sweep then puts every key of the
// tables, with wrong values of every kind, through both sides: any error of ours must fail there.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENT_KEYS, CLOUD_KEYS, NETWORK_KEYS, SERVICE_KEY_SUFFIXES, validateCloudsDocument } from '../../extension/config/index';
import type { Problem } from '../../extension/yaml/problem';
import { runUseOracle, type UseCase, type UseResult } from '../support/useOracle';

const AUTH = 'auth: {auth_url: "https://keystone.example.com/v3", username: u, password: p, project_id: x, user_domain_id: d}';
const APPCRED = 'auth_type: v3applicationcredential\n    auth: {auth_url: "https://k.example.com/v3", application_credential_id: i, application_credential_secret: s';
const cloud = (body: string) => `clouds:\n  a:\n    ${body}\n`;
const withAuth = (extra: string) => cloud(`${AUTH}\n    ${extra}`);

type Severity = Problem['severity'] | 'none';

interface OracleRule {
  code: string;
  yaml: string;
  /** Our severity before issue 11 and now ('none': no finding of this code). */
  before: Severity;
  after: Severity;
  /** The service whose first request the oracle makes (default compute). */
  service?: string;
  /** Why the oracle accepts a rule we no longer call an error. */
  why?: string;
}

const RULES: OracleRule[] = [
  // Errors that stay errors: the oracle fails too.
  { code: 'V-1', yaml: 'clouds:\n  a: [\n', before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: 'clouds: [a]\n', before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: 'clouds:\n  a: zzz\n', before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: cloud('auth: zzz'), before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: withAuth('regions:\n      - name: R1\n        values: zzz'), before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: withAuth('api_timeout: [5]'), before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: withAuth('region_name: {R1: 1}'), before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: withAuth('metrics: zzz'), before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: withAuth('cacert: [/ca.pem]'), before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: withAuth('compute_status_code_retries: {a: 1}'), before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: withAuth('image_status_code_retries: [3]'), before: 'error', after: 'error', service: 'image' },
  { code: 'invalid-type', yaml: withAuth('networks:\n      - name: n\n        nat_source: []'), before: 'error', after: 'error' },
  { code: 'invalid-type', yaml: `client:\n  force_ipv4: [x]\n${cloud(AUTH)}`, before: 'error', after: 'error' },
  { code: 'invalid-value', yaml: withAuth('endpoint_type: pubilc'), before: 'error', after: 'error' },
  { code: 'invalid-value', yaml: cloud('auth: {auth_url: 5, username: u, password: p, project_id: x, user_domain_id: d}'), before: 'error', after: 'error' },
  { code: 'V-7', yaml: withAuth('interface: pubilc'), before: 'error', after: 'error' },
  { code: 'V-7', yaml: withAuth('compute_interface: [pubilc]'), before: 'error', after: 'error' },
  { code: 'invalid-url', yaml: cloud('auth: {auth_url: "keystone.example.com:5000/v3", username: u, password: p, project_id: x, user_domain_id: d}'), before: 'error', after: 'error' },
  { code: 'invalid-url', yaml: cloud('auth: {auth_url: "https://192.168.1.256:5000/v3", username: u, password: p, project_id: x, user_domain_id: d}'), before: 'error', after: 'error' },
  { code: 'invalid-url', yaml: withAuth('compute_endpoint_override: compute.example.com/v2.1'), before: 'error', after: 'error' },
  { code: 'V-3', yaml: withAuth('regions:\n      - name: R1\n        valeus: {}'), before: 'error', after: 'error' },
  { code: 'V-3', yaml: withAuth('regions:\n      - values: {}'), before: 'error', after: 'error' },
  { code: 'V-4', yaml: withAuth('networks:\n      - nat_source: true'), before: 'error', after: 'error' },
  { code: 'V-4', yaml: withAuth('networks: [net1]'), before: 'error', after: 'error' },
  { code: 'V-4', yaml: withAuth('networks: net1'), before: 'error', after: 'error' },
  { code: 'V-4', yaml: withAuth('networks:\n      - {name: a, nat_destination: true}\n      - {name: b, nat_destination: true}'), before: 'error', after: 'error' },
  { code: 'V-4', yaml: withAuth('external_network: ext\n    networks: [{name: a}]'), before: 'error', after: 'error' },
  { code: 'V-9', yaml: cloud('auth_type: v3password\n    auth: {auth_url: "https://k.example.com/v3", username: u, password: p}'), before: 'error', after: 'error' },
  { code: 'V-10', yaml: cloud(`${APPCRED}, project_id: p}`), before: 'error', after: 'error' },
  { code: 'V-10', yaml: cloud(`${APPCRED}, domain_name: d}`), before: 'error', after: 'error' },
  { code: 'V-10', yaml: cloud(`${APPCRED}, project_name: p, project_domain_name: d}`), before: 'error', after: 'error' },
  { code: 'V-10', yaml: cloud(`${APPCRED}, system_scope: all}`), before: 'error', after: 'error' },
  { code: 'V-10', yaml: cloud('auth_type: v3applicationcredential\n    auth: {auth_url: "https://k.example.com/v3", application_credential_id: i}'), before: 'error', after: 'error' },
  { code: 'V-13', yaml: cloud('auth_type: v3token\n    auth: {auth_url: "https://k.example.com/v3", token: t, password: p}'), before: 'error', after: 'error' },
  { code: 'V-13', yaml: cloud('auth: {auth_url: "https://k.example.com/v3", pasword: p}'), before: 'error', after: 'error' },
  { code: 'V-14', yaml: `clouds:\n  envvars:\n    ${AUTH}\n`, before: 'error', after: 'error' },
  { code: 'unknown-auth-type', yaml: cloud('auth_type: kerberos\n    auth: {auth_url: "https://k.example.com/v3"}'), before: 'error', after: 'error' },
  { code: 'missing-auth-option', yaml: cloud('auth_type: v3oidcpassword\n    auth: {auth_url: "https://k.example.com/v3", username: u, password: p}'), before: 'error', after: 'error' },
  { code: 'missing-auth-option', yaml: cloud('auth: {username: u, password: p}'), before: 'error', after: 'error' },
  { code: 'auth-methods', yaml: cloud('auth_type: v3multifactor\n    auth: {auth_url: "https://k.example.com/v3", auth_methods: "v3password,v3totp"}'), before: 'error', after: 'error' },
  { code: 'oidc-endpoint', yaml: cloud('auth_type: v3oidcpassword\n    auth: {auth_url: "https://k.example.com/v3", identity_provider: i, protocol: p, client_id: c, client_secret: s, username: u, password: p}'), before: 'error', after: 'error' },
  { code: 'tokenless-scope', yaml: cloud('auth_type: v3tokenlessauth\n    auth: {auth_url: "https://k.example.com/v3"}'), before: 'error', after: 'error' },
  { code: 'template-error', yaml: withAuth("note: 'json {\"a\": 1}'"), before: 'error', after: 'error' },
  { code: 'sdk-failure', yaml: withAuth('insecure: [x]'), before: 'error', after: 'error' },
  // Errors the oracle accepts: now warnings or hints (the message says why), or no finding.
  { code: 'V-10', yaml: cloud(`${APPCRED}, project_domain_name: d}`), before: 'error', after: 'hint', why: 'keystoneauth sends no scope without a project: the domain is ignored' },
  { code: 'V-10', yaml: cloud(`${APPCRED}, project_id: ""}`), before: 'error', after: 'none', why: 'an empty value is no scope to keystoneauth' },
  { code: 'V-10', yaml: cloud(`${APPCRED}, system_scope: project}`), before: 'error', after: 'hint', why: "keystoneauth asks for a system scope only for 'all'" },
  { code: 'unusual-value', yaml: withAuth('floating_ip_source: octavia'), before: 'error', after: 'warning', why: "anything but neutron means nova's floating IPs; nothing fails before that call" },
  { code: 'unusual-value', yaml: withAuth('secgroup_source: octavia'), before: 'error', after: 'warning', why: "anything but neutron means nova's security groups" },
  { code: 'unusual-value', yaml: withAuth('status: retired'), before: 'error', after: 'warning', why: 'only deprecated and shutdown are acted on' },
  { code: 'unusual-value', yaml: withAuth('image_import_method: glance_direct'), before: 'error', after: 'warning', why: 'openstacksdk ignores our key' },
  { code: 'V-7', yaml: withAuth('interface: [public, pubilc]'), before: 'error', after: 'warning', why: 'keystoneauth uses the first interface of the list the catalog has' },
  { code: 'V-7', yaml: withAuth('interface: ""'), before: 'error', after: 'none', why: 'an empty interface is unset: public' },
  { code: 'invalid-url', yaml: withAuth('compute_endpoint_override: ""'), before: 'error', after: 'none', why: 'an empty override is unset: the catalog is used' },
  { code: 'invalid-type', yaml: withAuth('force_ipv4: [x]'), before: 'error', after: 'warning', why: 'read by truthiness' },
  { code: 'invalid-type', yaml: withAuth('image_format: [raw]'), before: 'error', after: 'warning', why: 'read only by an image upload' },
  { code: 'invalid-type', yaml: withAuth('disable_vendor_agent: zzz'), before: 'error', after: 'warning', why: 'read only by an image upload' },
  { code: 'invalid-type', yaml: withAuth('regions: 5'), before: 'error', after: 'warning', why: "normalize_keys makes it '5': one region named 5" },
  { code: 'invalid-type', yaml: withAuth('regions: RegionOne'), before: 'error', after: 'warning', why: 'Python iterates the string: one region per character' },
  { code: 'invalid-type', yaml: withAuth('cacert: []'), before: 'error', after: 'warning', why: 'an empty value is unset' },
  { code: 'invalid-type', yaml: withAuth('regions:\n      - name: R1\n        values:\n          profile: [x]'), before: 'error', after: 'warning', why: 'region values are laid over the cloud after its profile is resolved' },
  { code: 'invalid-type', yaml: withAuth('networks:\n      - name: {a: 1}'), before: 'error', after: 'warning', why: 'a network name is only compared with the names the cloud returns' },
  { code: 'V-3', yaml: withAuth('regions:\n      - [R1]'), before: 'error', after: 'warning', why: "a list is taken as the region's name" },
  { code: 'V-4', yaml: withAuth('networks: {}'), before: 'error', after: 'none', why: 'Python iterates an empty mapping: no network' },
];

const isError = (s: Severity) => s === 'error';

function oursFor(yaml: string): Problem[] {
  return validateCloudsDocument(yaml, '/work/clouds.yaml', 'clouds');
}

function describeProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.code}/${p.severity}: ${p.message}`).join(' | ') || 'none';
}

describe('clouds.yaml errors no stricter than openstacksdk 0.101.0 + keystoneauth1', () => {
  let verdicts: Record<string, UseResult> = {};
  const cases: UseCase[] = RULES.map((r, i) => ({ id: `rule-${i}`, yaml: r.yaml, cloud: r.yaml.includes('envvars:') ? 'envvars' : 'a', ...(r.service ? { service: r.service } : {}) }));

  before(() => {
    verdicts = runUseOracle(cases);
  });

  test('the table covers every error-level code the validator has', () => {
    const codes = new Set(RULES.filter((r) => isError(r.after)).map((r) => r.code));
    console.log(`config-error-oracle: ${RULES.length} rules checked against openstacksdk (${RULES.filter((r) => isError(r.after)).length} errors in ${codes.size} codes, ${RULES.filter((r) => !isError(r.after)).length} downgraded)`);
    for (const code of ['V-1', 'V-3', 'V-4', 'V-7', 'V-9', 'V-10', 'V-13', 'V-14', 'invalid-type', 'invalid-value', 'invalid-url', 'unknown-auth-type', 'missing-auth-option', 'auth-methods', 'oidc-endpoint', 'tokenless-scope', 'template-error', 'sdk-failure']) {
      assert.ok(codes.has(code), `no row for the error code ${code}`);
    }
  });

  RULES.forEach((rule, i) => {
    const name = `${rule.code} ${isError(rule.after) ? 'error' : `${rule.before} -> ${rule.after}`}: ${rule.yaml.replace(/\n\s*/g, ' ').slice(0, 110)}`;
    test(name, () => {
      const verdict = verdicts[`rule-${i}`]!;
      const problems = oursFor(rule.yaml);
      const mine = problems.filter((p) => p.code === rule.code);
      if (isError(rule.after)) {
        assert.ok(mine.some((p) => p.severity === 'error'), `we report no ${rule.code} error; ours: ${describeProblems(problems)}`);
        assert.ok(!('ok' in verdict), `we report ${rule.code} as an error but openstacksdk uses this cloud`);
        return;
      }
      assert.ok('ok' in verdict, `openstacksdk fails (${JSON.stringify(verdict)}): keep ${rule.code} an error`);
      assert.ok(!problems.some((p) => p.severity === 'error'), `openstacksdk accepts (${rule.why}) but we report an error: ${describeProblems(problems)}`);
      if (rule.after === 'none') assert.equal(mine.length, 0, `unexpected ${rule.code}: ${describeProblems(mine)}`);
      else assert.ok(mine.some((p) => p.severity === rule.after), `no ${rule.code} ${rule.after}; ours: ${describeProblems(problems)}`);
    });
  });
});

const SAMPLES = ['5', '1.5', 'true', 'zzz', '""', '~', '[zzz]', '[]', '{zzz: 1}', '{}', 'pubilc', 'octavia', 'x.example.com/v3', 'ftp://x.example.com', 'https://1.2.3.999/', 'http://x y'];

/** Documents with one key set to one sample, in every place a key of the tables stands. */
function sweepDocuments(): { yaml: string; service?: string }[] {
  const docs: { yaml: string; service?: string }[] = [];
  const services: [string, string][] = [['compute', 'compute'], ['image', 'image'], ['baremetal_introspection', 'baremetal-introspection'], ['baremetal', 'baremetal']];
  const serviceOf = (key: string) => services.find(([prefix]) => key.startsWith(`${prefix}_`))?.[1];
  for (const value of SAMPLES) {
    for (const spec of CLOUD_KEYS.filter((k) => k.name !== 'auth')) {
      const service = serviceOf(spec.name);
      docs.push({ yaml: withAuth(`${spec.name}: ${value}`), ...(service ? { service } : {}) });
      docs.push({ yaml: withAuth(`regions:\n      - name: R1\n        values:\n          ${spec.name}: ${value}`), ...(service ? { service } : {}) });
    }
    for (const suffix of SERVICE_KEY_SUFFIXES) docs.push({ yaml: withAuth(`compute_${suffix.name}: ${value}`) });
    for (const spec of NETWORK_KEYS) docs.push({ yaml: withAuth(`networks:\n      - name: n\n        ${spec.name}: ${value}`) });
    for (const spec of CLIENT_KEYS) docs.push({ yaml: `client:\n  ${spec.name}: ${value}\n${cloud(AUTH)}` });
    docs.push({ yaml: `clouds:\n  a: ${value}\n` }, { yaml: `clouds: ${value}\n` }, { yaml: cloud(`auth: ${value}`) });
    docs.push({ yaml: withAuth(`regions:\n      - ${value}`) }, { yaml: withAuth(`regions:\n      - name: R1\n        values: ${value}`) });
    docs.push({ yaml: cloud(`auth: {auth_url: ${value}, username: u, password: p, project_id: x, user_domain_id: d}`) });
    for (const key of ['project_id', 'project_name', 'project_domain_name', 'domain_id', 'system_scope', 'zzz']) docs.push({ yaml: cloud(`${APPCRED}, ${key}: ${value}}`) });
  }
  return docs;
}

test('sweep: every error of ours on a key of the tables, with any kind of wrong value, fails in openstacksdk too', () => {
  const docs = sweepDocuments();
  const cases: UseCase[] = [];
  const errors = new Map<string, Problem[]>();
  docs.forEach((d, i) => {
    const found = oursFor(d.yaml).filter((p) => p.severity === 'error');
    if (!found.length) return;
    errors.set(String(i), found);
    cases.push({ id: String(i), yaml: d.yaml, cloud: 'a', ...(d.service ? { service: d.service } : {}) });
  });
  const verdicts = runUseOracle(cases);
  const accepted = cases.filter((c) => 'ok' in verdicts[c.id]!).map((c) => `${describeProblems(errors.get(c.id)!)}\n    in ${c.yaml.replace(/\n/g, '\\n')}`);
  const findings = [...errors.values()].reduce((n, e) => n + e.length, 0);
  console.log(`config-error-oracle: sweep of ${docs.length} documents, ${cases.length} with ${findings} error-level findings, each checked against openstacksdk`);
  assert.deepEqual(accepted, [], `openstacksdk uses these clouds, yet we report errors:\n${accepted.join('\n')}`);
  assert.ok(cases.length > 300, `only ${cases.length} documents with an error`);
});
