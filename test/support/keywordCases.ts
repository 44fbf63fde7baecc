// Playbooks with removed and deprecated keywords, with what ansible-core does with each (Debian
// 12's 2.14 and Debian 13's 2.19) and what we report. Shared by the differential test against
// 2.14 (test/unit/language/keywords-differential.test.ts, the unit stage's unpacked reference) and
// the one against 2.19 (test/ansible/keywords-current.test.ts, the ansible stage's root). The
// files they name: tasks.yml (a task) and other.yml (a play).
import { LanguageService } from '../../extension/language/languageService';
import { NO_LIVE_RESOURCES } from '../../extension/language/liveResources';

export interface KeywordCase {
  playbook: string;
  /** Whether ansible-core 2.14 (Debian 12) refuses the playbook. */
  ansible214Fails: boolean;
  /** Whether ansible-core 2.19 (Debian 13) refuses it. */
  ansible219Fails: boolean;
  /** `severity code@covered text` of what we report: an error only where every version refuses it. */
  ours: string[];
}

export const KEYWORD_CASES: KeywordCase[] = [
  { playbook: '- include: other.yml\n- hosts: localhost\n  tasks: []\n', ansible214Fails: true, ansible219Fails: true, ours: ['error removed-keyword@include'] },
  { playbook: '- import_playbook: other.yml\n- hosts: localhost\n  tasks: []\n', ansible214Fails: false, ansible219Fails: false, ours: [] },
  { playbook: '- hosts: localhost\n  tasks:\n    - include: tasks.yml\n', ansible214Fails: false, ansible219Fails: true, ours: ['warning removed-keyword@include'] },
  { playbook: '- hosts: localhost\n  handlers:\n    - include: tasks.yml\n', ansible214Fails: false, ansible219Fails: true, ours: ['warning removed-keyword@include'] },
  { playbook: '- hosts: localhost\n  tasks:\n    - include: tasks.yml\n      static: true\n', ansible214Fails: true, ansible219Fails: true, ours: ['warning removed-keyword@include', 'error removed-keyword@static'] },
  { playbook: '- hosts: localhost\n  tasks:\n    - include_tasks: tasks.yml\n    - import_tasks: tasks.yml\n', ansible214Fails: false, ansible219Fails: false, ours: [] },
  { playbook: '- hosts: localhost\n  tasks:\n    - block:\n        - ansible.builtin.debug: msg=hi\n      include: tasks.yml\n', ansible214Fails: true, ansible219Fails: true, ours: ['error removed-keyword@include'] },
  { playbook: '- hosts: localhost\n  tasks:\n    - ansible.builtin.debug: msg=hi\n      sudo: true\n', ansible214Fails: true, ansible219Fails: true, ours: ['error removed-keyword@sudo'] },
  { playbook: '- hosts: localhost\n  tasks:\n    - ansible.builtin.debug: msg=hi\n      always_run: true\n', ansible214Fails: true, ansible219Fails: true, ours: ['error removed-keyword@always_run'] },
  { playbook: '- hosts: localhost\n  sudo: true\n  tasks: []\n', ansible214Fails: true, ansible219Fails: true, ours: ['error removed-keyword@sudo'] },
];

/** The files the cases name, by file name. */
export const KEYWORD_CASE_FILES: Record<string, string> = {
  'tasks.yml': '- ansible.builtin.debug: msg=included\n',
  'other.yml': '- hosts: localhost\n  tasks: []\n',
};

const service = new LanguageService({ cloudNames: () => undefined, live: () => NO_LIVE_RESOURCES, cloudsFile: () => undefined });

/** What we report on a case's playbook, as `severity code@covered text`. */
export function ourKeywordFindings(text: string): string[] {
  const { problems } = service.analyze({ fileName: '/work/site.yml', languageId: 'yaml', version: 1, text });
  const lines = text.split('\n');
  return problems.map((p) => `${p.severity} ${p.code}@${lines[p.range.start.line]!.slice(p.range.start.character, p.range.end.character)}`);
}
