// Ansible's playbook keywords (play, block, task, handler) and the names that are not keywords
// but are often mistaken for them: `with-items`, `sudo`, a misspelt `regsiter`.
import { didYouMean } from '../../yaml/didYouMean';
import { KEYWORDS } from '../moduleCatalog';

export type Level = 'play' | 'block' | 'task' | 'handler';

const SETS: Record<Level, ReadonlySet<string>> = {
  play: new Set(KEYWORDS.play),
  block: new Set(KEYWORDS.block),
  task: new Set(KEYWORDS.task),
  handler: new Set([...KEYWORDS.task, ...KEYWORDS.handler_extra]),
};

export const LOOP_CONTROL_KEYS: ReadonlySet<string> = new Set(KEYWORDS.loop_control);
const LOOKUPS = new Set(KEYWORDS.with_builtin_lookups);
const WITH = /^with_[a-z0-9_]+$/;

/** Actions that make a list item a play-level import rather than a play. */
export const PLAYBOOK_IMPORTS = new Set(['import_playbook', 'ansible.builtin.import_playbook', 'include_playbook']);

/** Modules of ansible-core people use in the same playbooks, by short name: they are actions, not typos. */
export const COMMON_BUILTIN_MODULES: ReadonlySet<string> = new Set([
  'add_host', 'apt', 'apt_key', 'apt_repository', 'assemble', 'assert', 'async_status', 'blockinfile', 'command', 'copy', 'cron',
  'debconf', 'debug', 'dnf', 'expect', 'fail', 'fetch', 'file', 'find', 'gather_facts', 'get_url', 'getent', 'git', 'group',
  'group_by', 'hostname', 'import_role', 'import_tasks', 'include_role', 'include_tasks', 'include_vars', 'iptables',
  'known_hosts', 'lineinfile', 'meta', 'package', 'package_facts', 'pause', 'ping', 'pip', 'raw', 'reboot', 'replace', 'rpm_key',
  'script', 'service', 'service_facts', 'set_fact', 'set_stats', 'setup', 'shell', 'slurp', 'stat', 'subversion', 'systemd',
  'systemd_service', 'sysvinit', 'tempfile', 'template', 'unarchive', 'uri', 'user', 'validate_argument_spec', 'wait_for',
  'wait_for_connection', 'yum', 'yum_repository', 'authorized_key', 'mount', 'synchronize', 'sysctl', 'include',
]);

/** `with_<lookup>`: a loop keyword of tasks (the prefix test saves the regex for most keys). */
function isWithLoop(key: string): boolean {
  return key.startsWith('with_') && WITH.test(key);
}

export function isKeyword(level: Level, key: string): boolean {
  return SETS[level].has(key) || ((level === 'task' || level === 'handler') && isWithLoop(key));
}

export function keywordsOf(level: Level): ReadonlySet<string> {
  return SETS[level];
}

export function keywordDescription(key: string): string | undefined {
  if (isWithLoop(key)) return `Loop over the results of the '${key.slice(5)}' lookup (the older form of \`loop\`).`;
  return Object.hasOwn(KEYWORDS.descriptions, key) ? KEYWORDS.descriptions[key] : undefined;
}

export interface RemovedKeyword {
  reason: string;
  replacement?: string;
  /**
   * Still runs, deprecated, on the ansible-core releases before this one (a warning, not an
   * error: Debian 12's ansible-core 2.14 runs a task's `include` and says it is deprecated).
   */
  deprecatedUntil?: string;
}

/** Why a removed keyword no longer works (on a play, block or task), and what replaces it. */
export function removedKeyword(key: string, level: Level): RemovedKeyword | undefined {
  if (!Object.hasOwn(KEYWORDS.removed, key)) return undefined;
  // A task's include ran until ansible-core 2.16 (2.14's playbook/helpers.py deprecates it "for
  // 2.16"); a playbook's `- include: other.yml` is refused by 2.14's loader already, which imports
  // only import_playbook entries and reads the rest as plays ("'include' is not a valid attribute
  // for a Play"), and so is a block's.
  if (key === 'include' && level === 'play') return { reason: 'a playbook is imported with import_playbook', replacement: 'import_playbook' };
  if (key === 'include' && level !== 'block') return { reason: 'use include_tasks or import_tasks', deprecatedUntil: '2.16' };
  const reason = KEYWORDS.removed[key]!;
  const replacement = /^removed \(use ([a-z_]+)\)$/.exec(reason)?.[1];
  return replacement ? { reason, replacement } : { reason };
}

/** `with_itmes`: a loop over a lookup that ansible-core does not ship, close to one it does. */
export function misspeltLookup(key: string): string | undefined {
  if (!isWithLoop(key)) return undefined;
  const lookup = key.slice(5);
  if (LOOKUPS.has(lookup)) return undefined;
  const close = didYouMean(lookup, LOOKUPS);
  return close ? `with_${close}` : undefined;
}

/**
 * The keyword a non-keyword key was probably meant to be: the same word with other separators
 * or case (`with-items`, `Register`), or, when `strict`, any close keyword (`regsiter`).
 */
export function intendedKeyword(level: Level, key: string, strict: boolean): string | undefined {
  const normalized = key.toLowerCase().replace(/[-\s]/g, '_');
  if (normalized !== key && isKeyword(level, normalized)) return normalized;
  if (!strict) return undefined;
  return didYouMean(key, SETS[level]);
}
