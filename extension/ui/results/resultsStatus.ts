// "Show Results" stays reachable once the summary toast has hidden: a status bar item with the
// last action's outcome in a few words (resultsStatusText.ts) that opens the Results view.
import * as vscode from 'vscode';
import type { ActionCard } from '../../../webview/results/protocol';
import { statusOf } from './resultsStatusText';

export class ResultsStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('openstack.results', vscode.StatusBarAlignment.Left, 10);

  constructor(private readonly cards: () => readonly ActionCard[]) {
    this.item.name = 'OpenStack Results';
    this.item.command = 'openstack.showResults';
  }

  /** Draws the newest action (called after every change of the Results). */
  update(): void {
    const status = statusOf(this.cards()[0]);
    if (!status) return this.item.hide();
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
