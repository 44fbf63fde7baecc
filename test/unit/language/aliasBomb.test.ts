// Alias bombs (billion laughs, and the same through merge keys) are answered within a second.
import { assertWithin, timed } from '../../support/timing';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LanguageService } from '../../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../../extension/language/liveResources';

function billionLaughs(): string {
  const lines = ['- hosts: localhost', '  vars:', '    a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`    a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  lines.push('  tasks:', '    - openstack.cloud.server_info:', '        cloud: "{{ item }}"', '      loop: *a9');
  return lines.join('\n') + '\n';
}

function mergeBomb(): string {
  const lines = ['- hosts: localhost', '  vars:', '    m0: &m0 {cloud: devstack, name: x}'];
  for (let i = 1; i <= 12; i++) lines.push(`    m${i}: &m${i} {<<: [${Array(9).fill(`*m${i - 1}`).join(', ')}]}`);
  lines.push('  tasks:', '    - openstack.cloud.server_info:', '        <<: *m12');
  return lines.join('\n') + '\n';
}

const service = new LanguageService({ cloudNames: () => ['devstack'], live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined });

for (const [name, text] of [['billion laughs', billionLaughs()], ['merge-key bomb', mergeBomb()]] as const) {
  test(`${name}: answered within 1 s`, () => {
    const { result: analysis, ...timing } = timed(() => service.analyze({ fileName: `/work/${name}.yml`, languageId: 'yaml', version: 1, text }));
    assert.equal(analysis.kind, 'playbook');
    assertWithin(timing, 1000, name);
  });
}

test('a billion-laughs clouds.yaml is answered within 1 s too', () => {
  const text = billionLaughs().replace('- hosts: localhost\n  vars:\n', 'clouds:\n  x:\n').replace(/^ {2}tasks:[\s\S]*$/m, '');
  assertWithin(timed(() => service.analyze({ fileName: '/work/clouds.yaml', languageId: 'yaml', version: 1, text })), 1000, 'billion-laughs clouds.yaml');
});
