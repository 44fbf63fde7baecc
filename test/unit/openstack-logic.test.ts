// The pure rules of the client core: disk formats, address classification (§5.3), token request
// bodies (§2.2, §2.3), endpoint selection (§2.4), dedup (§3.7), format per target (§3.8), proxies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormatFromBytes } from '../../extension/openstack/images/diskFormat';
import { externalIpv4, externalIpv6, isPrivateIpv4 } from '../../extension/openstack/compute/addresses';
import { v2TokenRequest, v3TokenRequest, needsPassword, needsPasscode } from '../../extension/openstack/identity/authRequest';
import { catalogFromV2, catalogFromV3, selectEndpoint } from '../../extension/openstack/identity/catalog';
import { upToDate } from '../../extension/openstack/images/uploadImage';
import { targetFormat } from '../../extension/openstack/images/fanOutUpload';
import { proxySettings } from '../../extension/openstack/http/proxySettings';
import { safeUrl, faultMessage } from '../../extension/openstack/errors';
import { segmentSizeFor } from '../../extension/openstack/images/swiftUpload';
import type { Server } from '../../extension/openstack/services/compute';

test('disk format from the file header: qcow2 magic, VHD footer, ISO, VMDK, VDI, else raw', () => {
  const head = (s: string, at = 0) => { const b = Buffer.alloc(0x8010); b.write(s, at, 'latin1'); return b; };
  const none = Buffer.alloc(512);
  assert.equal(detectFormatFromBytes(head('QFI\xfb'), none), 'qcow2');
  const footer = Buffer.alloc(512);
  footer.write('conectix', 0, 'latin1');
  assert.equal(detectFormatFromBytes(head(''), footer), 'vhd');
  assert.equal(detectFormatFromBytes(head('CD001', 0x8001), none), 'iso');
  assert.equal(detectFormatFromBytes(head('KDMV'), none), 'vmdk');
  const vdi = head('');
  vdi.writeUInt32LE(0xbeda107f, 0x40);
  assert.equal(detectFormatFromBytes(vdi, none), 'vdi');
  assert.equal(detectFormatFromBytes(head('random bytes'), none), 'raw');
});

test('private IPv4 as Python ipaddress.is_private: TEST-NETs private, CGNAT public', () => {
  for (const a of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '127.0.0.1', '169.254.1.1', '203.0.113.5', '198.51.100.1', '192.0.2.1', '198.18.0.1']) assert.ok(isPrivateIpv4(a), a);
  for (const a of ['8.8.8.8', '100.64.0.1', '1.1.1.1']) assert.ok(!isPrivateIpv4(a), a);
});

const addr = (a: string, tag: 'fixed' | 'floating', version = 4) => ({ addr: a, version, 'OS-EXT-IPS:type': tag });
const server = (addresses: Server['addresses'], extra: Partial<Server> = {}): Server => ({ id: 's', name: 's', status: 'ACTIVE', addresses, ...extra });
const ctx = { externalIpv4Networks: [] as string[], useExternalNetwork: true, forceIpv4: false };

test('IP-1: accessIPv4, then external networks, then floating, then a network named public, then any global address', () => {
  assert.equal(externalIpv4(server({ private: [addr('10.0.0.5', 'fixed')] }, { accessIPv4: '1.2.3.4' }), ctx), '1.2.3.4');
  assert.equal(externalIpv4(server({ ext: [addr('192.0.2.7', 'fixed')], private: [addr('10.0.0.5', 'fixed'), addr('203.0.113.9', 'floating')] }), { ...ctx, externalIpv4Networks: ['ext'] }), '192.0.2.7');
  assert.equal(externalIpv4(server({ private: [addr('10.0.0.5', 'fixed'), addr('203.0.113.9', 'floating')] }), ctx), '203.0.113.9');
  assert.equal(externalIpv4(server({ public: [addr('192.0.2.8', 'fixed')] }), ctx), '192.0.2.8');
  assert.equal(externalIpv4(server({ provider: [addr('100.64.3.3', 'fixed')] }), ctx), '100.64.3.3');
  assert.equal(externalIpv4(server({ private: [addr('10.0.0.5', 'fixed')] }), ctx), undefined);
  assert.equal(externalIpv4(server({ private: [addr('203.0.113.9', 'floating')] }), { ...ctx, useExternalNetwork: false }), undefined);
});

test('IP-2: accessIPv6, else any IPv6; none with force_ipv4', () => {
  const s = server({ private: [addr('10.0.0.5', 'fixed'), addr('2001:db8::5', 'fixed', 6)] });
  assert.equal(externalIpv6(s, ctx), '2001:db8::5');
  assert.equal(externalIpv6(s, { forceIpv4: true }), undefined);
});

test('token requests: v3 password with domains and project scope, application credential without scope, TOTP, v2.0', () => {
  const auth = { username: 'u', password: 'p', project_name: 'proj', user_domain_name: 'Default', project_domain_id: 'default' };
  assert.deepEqual(v3TokenRequest('password', auth, {}), { auth: {
    identity: { methods: ['password'], password: { user: { name: 'u', domain: { name: 'Default' }, password: 'p' } } },
    scope: { project: { name: 'proj', domain: { id: 'default' } } } } });
  assert.deepEqual(v3TokenRequest('v3applicationcredential', { application_credential_id: 'id1', application_credential_secret: 's' }, {}),
    { auth: { identity: { methods: ['application_credential'], application_credential: { id: 'id1', secret: 's' } } } });
  const totp = v3TokenRequest('v3totp', { user_id: 'uid', project_id: 'pid' }, { passcode: '123456' }) as { auth: { identity: unknown; scope: unknown } };
  assert.deepEqual(totp.auth.identity, { methods: ['totp'], totp: { user: { id: 'uid', passcode: '123456' } } });
  assert.ok(needsPasscode('v3totp', {}));
  assert.ok(needsPassword('v3multifactor', { auth_methods: ['v3password', 'v3totp'] }));
  assert.ok(!needsPassword('v3applicationcredential', {}));
  assert.deepEqual(v2TokenRequest('v2password', { username: 'u', password: 'p', tenant_name: 't' }, {}), { auth: { passwordCredentials: { username: 'u', password: 'p' }, tenantName: 't' } });
});

test('endpoint selection by type (then aliases), interface and region; v2 catalogs too', () => {
  const v3 = catalogFromV3([
    { type: 'volumev3', endpoints: [{ interface: 'public', region_id: 'R1', url: 'https://vol.r1' }] },
    { type: 'image', endpoints: [{ interface: 'internal', region_id: 'R1', url: 'http://glance.internal' }, { interface: 'public', region_id: 'R2', url: 'https://glance.r2' }, { interface: 'public', region_id: 'R1', url: 'https://glance.r1' }] },
  ]);
  assert.equal(selectEndpoint(v3, { types: ['image'], interfaces: ['public'], region: 'R1' }), 'https://glance.r1');
  assert.equal(selectEndpoint(v3, { types: ['image'], interfaces: ['internal'], region: 'R1' }), 'http://glance.internal');
  assert.equal(selectEndpoint(v3, { types: ['block-storage', 'volumev3', 'volumev2'], interfaces: ['public'], region: 'R1' }), 'https://vol.r1');
  assert.equal(selectEndpoint(v3, { types: ['image'], interfaces: ['public'], region: 'R3' }), undefined);
  const v2 = catalogFromV2([{ type: 'compute', endpoints: [{ region: 'DFW', publicURL: 'https://dfw', internalURL: 'http://dfw.int' }] }]);
  assert.equal(selectEndpoint(v2, { types: ['compute'], interfaces: ['internal'], region: 'DFW' }), 'http://dfw.int');
});

test('dedup: same name and our stored hashes (or glance md5) match; different content does not', () => {
  const hashes = { md5: 'm', sha256: 's' };
  const img = (props: Record<string, string>) => ({ id: '1', name: 'n', status: 'active', ...props });
  assert.ok(upToDate([img({ 'owner_specified.openstack.sha256': 's', 'owner_specified.openstack.md5': 'm' })], hashes));
  assert.ok(upToDate([img({ 'owner_specified.shade.md5': 'm' })], hashes));
  assert.ok(upToDate([img({ checksum: 'm' })], hashes));
  assert.equal(upToDate([img({ 'owner_specified.openstack.sha256': 's', 'owner_specified.openstack.md5': 'x' })], hashes), undefined);
  assert.equal(upToDate([{ ...img({ checksum: 'm' }), status: 'queued' }], hashes), undefined);
});

test('format per target: convert where the cloud wants another format, never an ISO; --no-convert warns', () => {
  assert.deepEqual(targetFormat('qcow2', 'qcow2', false), { format: 'qcow2', convert: false });
  assert.deepEqual(targetFormat('qcow2', 'raw', false), { format: 'raw', convert: true });
  assert.deepEqual(targetFormat('iso', 'raw', false), { format: 'iso', convert: false });
  assert.match(targetFormat('qcow2', 'vhd', true).warning ?? '', /--no-convert/);
  assert.equal(segmentSizeFor(undefined, { swift: { max_file_size: 5 * 1024 ** 3 }, slo: { min_segment_size: 1 } }), 1024 ** 3);
  assert.equal(segmentSizeFor(10, { slo: { min_segment_size: 1024 * 1024 } }), 1024 * 1024);
});

test('proxy: VS Code http.proxy wins over HTTPS_PROXY; NO_PROXY is kept; none without settings', () => {
  assert.equal(proxySettings({}), undefined);
  assert.deepEqual(proxySettings({ HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'localhost' }), { httpProxy: undefined, httpsProxy: 'http://p:3128', noProxy: 'localhost' });
  assert.equal(proxySettings({ HTTPS_PROXY: 'http://p:3128' }, 'http://vscode:8080')?.httpsProxy, 'http://vscode:8080');
});

test('messages: URLs lose credentials and signatures; service faults are extracted from JSON or HTML', () => {
  assert.equal(safeUrl('http://u:pw@h/v1/o?temp_url_sig=abc&temp_url_expires=1'), 'http://h/v1/o?temp_url_sig=***&temp_url_expires=1');
  assert.equal(faultMessage('{"badRequest": {"message": "Invalid key_name provided.", "code": 400}}'), 'Invalid key_name provided.');
  assert.equal(faultMessage('{"NeutronError": {"type": "X", "message": "Quota exceeded", "detail": ""}}'), 'Quota exceeded');
  assert.equal(faultMessage('<html><head><title>413 Request Entity Too Large</title></head><body><h1>413 Request Entity Too Large</h1>Image exceeds the storage quota</body></html>'), '413 Request Entity Too Large Image exceeds the storage quota');
});
