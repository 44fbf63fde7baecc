// Walks a playbook (a list of plays) or a task file (a list of tasks) and runs the rules on
// every play, block and task. Task results are cached by node: after an incremental reparse
// only the edited task (and its ancestors) are new objects, so only they are checked again.
import { deref, entriesByKey, entriesOf, type MapEntry, type YamlMap, type YamlNode } from '../../yaml/positionedYaml';
import type { ParsedYaml } from '../../yaml/positionedYaml';
import { didYouMean } from '../../yaml/didYouMean';
import { shiftFinding, type Finding } from '../findings';
import { checkCrossReferences, type CrossEnvironment, type TaskRecord } from './crossRules';
import { NO_FACTS, type TaskFacts } from './facts';
import { checkJinjaIn } from './jinjaRule';
import { PLAYBOOK_IMPORTS, isKeyword, keywordsOf, removedKeyword, type Level } from './keywords';
import { ROOT_SCOPE, innerScope, scopeKey, type Scope } from './scope';
import type { CollectionMajor } from '../moduleCatalog';
import { checkTask } from './taskRules';
import type { LocalModules } from '../repositoryModules';

export type AnsibleFileKind = 'playbook' | 'tasks' | 'handlers';

const TASK_LISTS: Readonly<Record<string, Level>> = { tasks: 'task', pre_tasks: 'task', post_tasks: 'task', handlers: 'handler' };
const BLOCK_LISTS = ['block', 'rescue', 'always'];
const NO_FINDINGS: readonly Finding[] = [];

function hasMergedEntry(entries: readonly MapEntry[]): boolean {
  for (const e of entries) if (e.merged) return true;
  return false;
}

interface CachedTask {
  key: string;
  /** Offsets relative to the task's start, so the entry survives edits before the task. */
  findings: readonly Finding[];
  /** Facts point at nodes, which move with edits. */
  facts: TaskFacts;
  varsNode: YamlNode | undefined;
}

export class PlaybookValidator {
  private cache = new WeakMap<YamlNode, CachedTask>();

  /** Forgets cached results of nodes whose content changed in place (ancestors of an edit). */
  invalidate(nodes: Iterable<YamlNode>): void {
    for (const n of nodes) this.cache.delete(n);
  }

  /**
   * `roleCollections`: what the file's place puts in scope (the collection it is inside, then the
   * `collections:` of its role's meta/main.yml); `local`: the repository's own modules.
   */
  validate(parsed: ParsedYaml, kind: AnsibleFileKind, env: CrossEnvironment, roleCollections: readonly string[] = [], major: CollectionMajor = 2, local?: LocalModules): Finding[] {
    const out: Finding[] = [];
    const rootScope: Scope = major === ROOT_SCOPE.major && !local ? ROOT_SCOPE : { ...ROOT_SCOPE, major, local };
    const fileScope: Scope = roleCollections.length ? { ...rootScope, collections: roleCollections, located: roleCollections } : rootScope;
    const records: TaskRecord[] = [];
    const walk = new Walk(parsed.text, out, records, this.cache, fileScope);
    for (const doc of parsed.documents) {
      const root = deref(doc.root);
      if (root?.kind !== 'seq') continue;
      if (kind === 'playbook') walk.plays(root.items);
      else walk.tasks(root.items, fileScope, kind === 'handlers' ? 'handler' : 'task', []);
    }
    checkCrossReferences(records, env, parsed.lines, out);
    return out;
  }
}

class Walk {
  constructor(
    private readonly text: string,
    private readonly out: Finding[],
    private readonly records: TaskRecord[],
    private readonly cache: WeakMap<YamlNode, CachedTask>,
    private readonly rootScope: Scope,
  ) {}

  plays(items: readonly YamlNode[]): void {
    for (const item of items) {
      const play = deref(item);
      if (play?.kind !== 'map') continue;
      const entries = entriesOf(play);
      if (entries.some((e) => PLAYBOOK_IMPORTS.has(e.key))) {
        checkJinjaIn(play, this.text, this.out);
        continue;
      }
      this.keywords(entries, 'play');
      const byKey = entriesByKey(play);
      const scope = innerScope(this.rootScope, byKey.get('collections')?.value, byKey.get('module_defaults')?.value);
      const vars = byKey.get('vars')?.value;
      const skip = new Set(Object.keys(TASK_LISTS));
      checkJinjaIn(play, this.text, this.out, skip);
      for (const [key, level] of Object.entries(TASK_LISTS)) {
        const list = deref(byKey.get(key)?.value);
        if (list?.kind === 'seq') this.tasks(list.items, scope, level as 'task' | 'handler', vars ? [vars] : []);
      }
    }
  }

  tasks(items: readonly YamlNode[], scope: Scope, level: 'task' | 'handler', vars: readonly YamlNode[]): void {
    const key = `${level}:${scopeKey(scope)}`;
    let sharedScope: (Scope & { level: 'task' | 'handler' }) | undefined;
    for (const item of items) {
      const task = deref(item);
      if (task?.kind !== 'map') continue;
      // Only plain tasks are cached, so a hit needs no look at the task's keys.
      const cached = item === task ? this.cache.get(task) : undefined;
      if (cached && cached.key === key) {
        for (const f of cached.findings) this.out.push(shiftFinding(f, task.start));
        this.record(cached.facts, cached.varsNode, vars);
        continue;
      }
      const entries = entriesOf(task);
      const byKey = entriesByKey(task);
      if (byKey.has('block')) {
        this.block(task, entries, scope, level, vars);
        continue;
      }
      const findings: Finding[] = [];
      const ownScope = byKey.has('collections') || byKey.has('module_defaults');
      const taskScope = ownScope ? { ...innerScope(scope, byKey.get('collections')?.value, byKey.get('module_defaults')?.value), level } : (sharedScope ??= { ...scope, level });
      const facts = checkTask(entries, byKey, taskScope, this.text, findings);
      const hasAlias = checkJinjaIn(task, this.text, findings);
      const varsNode = byKey.get('vars')?.value;
      for (const f of findings) this.out.push(f);
      this.record(facts, varsNode, vars);
      if (!hasAlias && item === task && !hasMergedEntry(entries)) {
        this.cache.set(task, { key, findings: findings.length ? findings.map((f) => shiftFinding(f, -task.start)) : NO_FINDINGS, facts, varsNode });
      }
    }
  }

  /** Keeps what the cross-task rules need of a task (nothing for one that is not an OpenStack call). */
  private record(facts: TaskFacts, varsNode: YamlNode | undefined, vars: readonly YamlNode[]): void {
    if (facts !== NO_FACTS) this.records.push({ facts, vars: varsNode ? [varsNode, ...vars] : vars });
  }

  private block(block: YamlMap, entries: readonly MapEntry[], scope: Scope, level: 'task' | 'handler', vars: readonly YamlNode[]): void {
    this.keywords(entries, 'block');
    const byKey = entriesByKey(block);
    const inner = innerScope(scope, byKey.get('collections')?.value, byKey.get('module_defaults')?.value);
    const blockVars = byKey.get('vars')?.value;
    checkJinjaIn(block, this.text, this.out, new Set(BLOCK_LISTS));
    for (const list of BLOCK_LISTS) {
      const node = deref(byKey.get(list)?.value);
      if (node?.kind === 'seq') this.tasks(node.items, inner, level, blockVars ? [blockVars, ...vars] : vars);
    }
  }

  /** Keys of a play or block that are not its keywords. */
  private keywords(entries: readonly MapEntry[], level: 'play' | 'block'): void {
    const valid = keywordsOf(level);
    for (const e of entries) {
      if (valid.has(e.key)) continue;
      const removed = removedKeyword(e.key, level);
      const close = removed?.replacement ?? didYouMean(e.key, valid);
      const hint = removed ? `: ${removed.reason}` : isKeyword('task', e.key) && level === 'play' ? ' (it is a task keyword: put it on the tasks)' : '';
      const finding: Finding = {
        start: e.keyNode.start,
        end: e.keyNode.end,
        severity: 'error',
        code: removed ? 'removed-keyword' : 'unknown-keyword',
        message: `'${e.key}' is not a valid ${level} keyword${hint}${close && !removed ? `; did you mean '${close}'?` : ''}`,
      };
      if (close && !e.merged) {
        finding.suggestion = close;
        finding.fixes = [{ title: `Change to '${close}'`, edits: [{ start: e.keyNode.start, end: e.keyNode.end, newText: close }], preferred: true }];
      }
      this.out.push(finding);
    }
  }
}
