// The TextMate injection grammar for Jinja in YAML: contributed for yaml and ansible, valid, and
// its patterns find the delimiters (checked with JavaScript regexes, which read these as Oniguruma does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/paths';

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const contribution = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === 'openstack.jinja.injection');
const grammar = JSON.parse(fs.readFileSync(path.join(repoRoot, contribution.path), 'utf8'));

function regexes(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => regexes(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') out.push(v);
      else regexes(v, out);
    }
  }
  return out;
}

test('the grammar is contributed as an injection into YAML and Ansible documents', () => {
  assert.deepEqual(contribution.injectTo, ['source.yaml', 'source.ansible']);
  assert.equal(grammar.scopeName, contribution.scopeName);
  assert.match(grammar.injectionSelector, /L:source\.yaml -comment/);
  assert.match(grammar.injectionSelector, /L:source\.ansible -comment/);
});

test('every pattern compiles, and includes point at repository rules', () => {
  for (const r of regexes(grammar)) assert.doesNotThrow(() => new RegExp(r), r);
  const includes = [...JSON.stringify(grammar).matchAll(/"include":"#(\w+)"/g)].map((m) => m[1]!);
  assert.ok(includes.length >= 4);
  for (const name of includes) assert.ok(grammar.repository[name], name);
});

test('expressions, statements and comments are found where Jinja finds them', () => {
  const { expression, statement, comment } = grammar.repository;
  const line = 'cloud: "{{ item | default(\'x\') }}" {% if a %}b{% endif %} {# note #}';
  assert.equal(new RegExp(expression.begin).exec(line)?.index, line.indexOf('{{'));
  assert.equal(new RegExp(expression.end).exec(line.slice(line.indexOf('{{')))?.[0], '}}');
  assert.deepEqual([...(new RegExp(statement.begin).exec(line) ?? [])].slice(1), ['{%', 'if']);
  assert.equal(new RegExp(comment.begin).exec(line)?.index, line.indexOf('{#'));
  // An unclosed expression ends with its line, not at some later `}}`.
  assert.equal(new RegExp(expression.end, 'm').exec('{{ item }\nnext: "{{ x }}"')?.index, 9);
});
