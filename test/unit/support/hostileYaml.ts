// Hostile YAML documents, shared by the targeted tests (yaml-hostile.test.ts) and the property
// fuzz of the language service and the config engine.
import type { seededRandom } from '../../support/random';

type Random = ReturnType<typeof seededRandom>;

/** A mapping that merges `fan` copies of the previous level, `levels` deep: fan^levels merged maps if followed naively. */
function mergeBomb(levels: number, fan: number, indent = ''): string {
  const lines = [`${indent}m0: &m0 {auth: {auth_url: "https://k/v3", username: u}, region_name: R}`];
  for (let i = 1; i <= levels; i++) lines.push(`${indent}m${i}: &m${i} {<<: [${Array(fan).fill(`*m${i - 1}`).join(', ')}]}`);
  return lines.join('\n') + '\n';
}

/** `levels` lists, each nesting `depth` levels and holding the previous one at the bottom: written depth stays under 100. */
function deepThroughAliases(levels: number, depth: number): string {
  const lines = [`a0: &a0 ${'['.repeat(depth)}x${']'.repeat(depth)}`];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} ${'['.repeat(depth)}*a${i - 1}${']'.repeat(depth)}`);
  return lines.join('\n') + '\n';
}

function flowPlaybook(size: number): string {
  const head = '- hosts: localhost\n  vars:\n    big: [';
  const item = '{a: [1, 2, {b: c}], d: "{{ x }}"}';
  const count = Math.floor((size - head.length - 2) / (item.length + 2));
  return head + Array(count).fill(item).join(', ') + ']\n';
}

/** A clouds.yaml of about 4 KiB whose clouds all merge a merge-key bomb. */
function mergeCloudsYaml(): string {
  const clouds = Array.from({ length: 60 }, (_, i) => `  c${i}:\n    <<: *m12\n`).join('');
  return 'clouds:\n' + mergeBomb(12, 9, '  ') + clouds;
}

export const hostile = {
  selfTask: '- &a {block: [*a]}\n',
  selfPlay: '- hosts: localhost\n  tasks:\n    - name: loop\n      block: &t [{rescue: *t}]\n',
  throughRescueAndAlways: '- hosts: localhost\n  tasks:\n    - &o {block: [{debug: {msg: hi}}], rescue: [*o], always: [{block: [*o]}]}\n',
  mergeBomb,
  deepThroughAliases,
  flowPlaybook,
  mergeCloudsYaml,
};

/**
 * A hostile fragment to insert into a document under fuzz: recursive aliases (also through
 * include/block/rescue/always and merge keys), alias and merge bombs, deep nesting, a BOM, the
 * replacement characters and lone surrogates that undecodable bytes and broken editors leave.
 */
export function hostileFragment(random: Random): string {
  switch (random.int(12)) {
    case 0:
      return '- &r {block: [*r]}\n';
    case 1:
      return `- &r${random.int(3)}\n  ${random.pick(['block', 'rescue', 'always', 'include_tasks', 'loop'])}: [*r${random.int(3)}]\n`;
    case 2:
      return `x: &m {<<: *m, y: 1}\n`;
    case 3:
      return mergeBomb(2 + random.int(10), 2 + random.int(8));
    case 4: {
      const lines = ['b0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i <= 2 + random.int(8); i++) lines.push(`b${i}: &b${i} [${Array(9).fill(`*b${i - 1}`).join(',')}]`);
      return lines.join('\n') + '\n';
    }
    case 5:
      return deepThroughAliases(1 + random.int(4), 20 + random.int(80));
    case 6:
      return '['.repeat(50 + random.int(200)) + ']'.repeat(random.int(250));
    case 7:
      return '\uFEFF';
    case 8:
      return '\uFFFD\uFFFD';
    case 9:
      return random.int(2) ? '\uD800' : '\uDC00x';
    case 10:
      return `y: &z ${'{a: '.repeat(40 + random.int(60))}*z${'}'.repeat(40 + random.int(60))}\n`;
    default:
      return `${'  '.repeat(random.int(60))}- ${'k: '.repeat(random.int(60))}*${random.pick(['a', 'r', 'm', 'b0', 'z'])}\n`;
  }
}
