// The status bar words for the Results: the newest action, running, done, or how many failed.
// No `vscode` here (unit-tested).
import type { ActionCard } from '../../../webview/results/protocol';

export interface ResultsStatusText {
  text: string;
  tooltip: string;
}

/** The status bar words for the newest action: running, all done, or how many failed. */
export function statusOf(card: ActionCard | undefined): ResultsStatusText | undefined {
  if (!card) return undefined;
  const n = card.rows.length;
  const failed = card.rows.filter((r) => r.state === 'failed').length;
  const running = card.rows.some((r) => r.state === 'running');
  const icon = running ? '$(sync~spin)' : failed === n && n ? '$(error)' : failed ? '$(warning)' : '$(check)';
  const state = running ? `${n - card.rows.filter((r) => r.state === 'running').length}/${n}` : failed ? `${failed} of ${n} failed` : `${n}/${n}`;
  const title = card.title.length > 40 ? `${card.title.slice(0, 39)}…` : card.title;
  return { text: `${icon} ${title}: ${state}`, tooltip: `${card.summary ?? `${card.title}: running`}\nClick to show the OpenStack Results view` };
}
