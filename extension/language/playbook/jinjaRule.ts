// Unbalanced Jinja delimiters in any string value of a playbook, located at the delimiter. A
// stray closer (`}}`, `%}`) is text to Jinja, so it counts only in a conditional, which Ansible
// evaluates as an expression (`{% if <value> %}`): there `x }}` fails the task.
import type { YamlNode, YamlScalar } from '../../yaml/positionedYaml';
import type { Finding } from '../findings';
import { findJinjaImbalance } from '../jinja';

/** The keywords whose values Ansible evaluates as bare Jinja expressions (Conditional). */
const CONDITIONALS = new Set(['when', 'changed_when', 'failed_when', 'until']);

/**
 * Checks every scalar value under `node` (keys are names, not templates; aliases are checked
 * where their anchor is). Returns true when the subtree contains an alias, which makes results
 * depend on text elsewhere (so they must not be cached with the subtree).
 */
export function checkJinjaIn(node: YamlNode, text: string, out: Finding[], skipKeys?: ReadonlySet<string>, conditional = false): boolean {
  switch (node.kind) {
    case 'scalar':
      checkScalar(node, text, out, conditional);
      return false;
    case 'alias':
      return true;
    case 'seq': {
      let alias = false;
      for (const item of node.items) alias = checkJinjaIn(item, text, out, undefined, conditional) || alias;
      return alias;
    }
    case 'map': {
      let alias = false;
      for (const pair of node.pairs) {
        if (pair.key.kind === 'alias') alias = true;
        const key = pair.key.kind === 'scalar' ? pair.key.text : undefined;
        if (skipKeys && key !== undefined && skipKeys.has(key)) continue;
        alias = checkJinjaIn(pair.value, text, out, undefined, conditional || (key !== undefined && CONDITIONALS.has(key))) || alias;
      }
      return alias;
    }
  }
}

function checkScalar(node: YamlScalar, text: string, out: Finding[], conditional: boolean): void {
  if (node.tag === '!unsafe' || node.tag === '!vault' || typeof node.value !== 'string') return;
  const value = node.value;
  if (!value.includes('{') && !(conditional && (value.includes('}}') || value.includes('%}')))) return;
  const issue = findJinjaImbalance(value, { strays: conditional });
  if (!issue) return;
  // Exact positions when the source reads as the value (plain, or quoted without escapes).
  const quoted = node.style === 'single' || node.style === 'double';
  const inner = quoted ? node.start + 1 : node.start;
  const exact = text.slice(inner, inner + value.length) === value;
  out.push({
    start: exact ? inner + issue.start : node.start,
    end: exact ? inner + issue.end : node.end,
    severity: 'error',
    code: 'jinja-unbalanced',
    message: issue.message,
    ...(issue.expected && exact && issue.end === value.length
      ? { fixes: [{ title: `Close with '${issue.expected}'`, edits: [{ start: inner + value.length, end: inner + value.length, newText: closing(value, issue.expected) }] }] }
      : {}),
  });
}

/** `{{ item }` needs one more `}`; `{{ item` needs ` }}`. */
function closing(value: string, expected: string): string {
  const half = expected[0]!;
  if (value.endsWith(half) && !value.endsWith(expected)) return expected.slice(1);
  return (value.endsWith(' ') ? '' : ' ') + expected;
}
