import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completeClouds, hoverClouds } from '../../../extension/language/cloudsFeatures';
import { quickFixes } from '../../../extension/language/quickFixes';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../../extension/language/liveResources';
import { applyEdits } from '../../../extension/config/secureMove';

function complete(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  return completeClouds(textWithCursor.replace('|', ''), offset).map((c) => c.label);
}

test('clouds.yaml completion by position: top level, cloud keys, auth options of the auth type', () => {
  assert.ok(complete('|').includes('clouds'));
  const cloud = complete('clouds:\n  mine:\n    auth: {}\n    |\n');
  assert.ok(cloud.includes('region_name') && cloud.includes('profile') && !cloud.includes('auth'));
  const auth = complete('clouds:\n  mine:\n    auth_type: v3applicationcredential\n    auth:\n      |\n');
  assert.ok(auth.includes('application_credential_secret') && auth.includes('application_credential_id') && !auth.includes('password'));
  const password = complete('clouds:\n  mine:\n    auth:\n      auth_url: x\n      |\n');
  assert.ok(password.includes('username') && !password.includes('auth_url'));
});

test('clouds.yaml value completion: profiles, auth types, interfaces, regions of the cloud', () => {
  assert.ok(complete('clouds:\n  mine:\n    profile: |\n').length > 3);
  assert.ok(complete('clouds:\n  mine:\n    auth_type: |\n').includes('v3applicationcredential'));
  assert.deepEqual(complete('clouds:\n  mine:\n    interface: |\n'), ['public', 'internal', 'admin']);
  assert.deepEqual(complete('clouds:\n  mine:\n    regions:\n      - east\n      - name: west\n    region_name: |\n'), ['east', 'west']);
});

test('clouds.yaml hover: key docs and auth options', () => {
  const text = 'clouds:\n  mine:\n    interface: public\n    auth:\n      username: me\n';
  assert.match(hoverClouds(text, text.indexOf('interface') + 2)!.markdown, /\*\*interface\*\*[\s\S]*One of: `public`/);
  assert.match(hoverClouds(text, text.indexOf('username') + 2)!.markdown, /password` auth plugin/);
});

test('quick fixes of clouds problems: did-you-mean and moving the password to a new secure.yaml', () => {
  const text = 'clouds:\n  mine:\n    auth:\n      auth_url: https://k.example:5000/v3\n      username: me\n      password: hunter2\n      project_name: p\n      user_domain_name: Default\n      project_domain_name: Default\n    regoin_name: east\n';
  const service = new LanguageService({ cloudNames: () => undefined, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined });
  const problems = service.analyze({ fileName: '/work/cfg/clouds.yaml', languageId: 'yaml', version: 1, text }).problems;
  const typo = problems.find((p) => p.data?.suggestion === 'region_name');
  assert.ok(typo, JSON.stringify(problems.map((p) => p.code)));
  assert.equal(quickFixes(typo, { text })[0]!.edits[0]!.newText, 'region_name');
  const secret = problems.find((p) => p.code === 'secret-in-clouds-yaml');
  assert.ok(secret);
  const [move] = quickFixes(secret, { text, secure: { file: '/work/cfg/secure.yaml', text: undefined } });
  assert.equal(move!.createsFile, '/work/cfg/secure.yaml');
  const cloudsAfter = applyEdits(text, move!.edits.filter((e) => e.file.endsWith('clouds.yaml')).map((e) => ({ ...e })));
  const secureAfter = applyEdits('', move!.edits.filter((e) => e.file.endsWith('secure.yaml')));
  assert.ok(!cloudsAfter.includes('hunter2'));
  assert.match(secureAfter, /clouds:\n {2}mine:\n {4}auth:\n {6}password: "hunter2"/);
});

test('no move to a secure.yaml that is there but too large to read: it would be replaced', () => {
  const text = 'clouds:\n  mine:\n    auth:\n      auth_url: https://k.example:5000/v3\n      username: me\n      password: hunter2\n      project_name: p\n      user_domain_name: Default\n      project_domain_name: Default\n';
  const service = new LanguageService({ cloudNames: () => undefined, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined });
  const secret = service.analyze({ fileName: '/work/cfg/clouds.yaml', languageId: 'yaml', version: 1, text }).problems.find((p) => p.code === 'secret-in-clouds-yaml')!;
  assert.equal(quickFixes(secret, { text, secure: { file: '/work/cfg/secure.yaml', text: undefined } }).length, 1);
  assert.deepEqual(quickFixes(secret, { text, secure: { file: '/work/cfg/secure.yaml', text: undefined, tooLarge: true } }), []);
});

test('image_import_method (our key): completed with its methods, described as ours on hover', () => {
  const keys = completeClouds('clouds:\n  mine:\n    auth: {}\n    image_im\n', 'clouds:\n  mine:\n    auth: {}\n    image_im'.length);
  const entry = keys.find((c) => c.label === 'image_import_method');
  assert.ok(entry, keys.map((c) => c.label).join(', '));
  assert.match(entry.detail ?? '', /OpenStack Clouds/);
  assert.deepEqual(complete('clouds:\n  mine:\n    image_import_method: |\n'), ['glance-direct', 'web-download', 'copy-image']);
  const text = 'clouds:\n  mine:\n    image_import_method: glance-direct\n';
  const hover = hoverClouds(text, text.indexOf('image_import_method') + 3)!.markdown;
  assert.match(hover, /openstacksdk \(which ignores it\)/);
  assert.match(hover, /One of: `glance-direct`, `web-download`, `copy-image`/);
});
