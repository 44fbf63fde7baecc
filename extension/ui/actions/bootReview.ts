// The boot wizard's last step: one list of what will be created on each chosen cloud (a heading
// per cloud, a row per choice), then "Boot", "Export as Playbook…" and "Back". Nothing is created
// before "Boot"; the export opens the same choices as a playbook and comes back to the review.
import * as vscode from 'vscode';
import { StepBack } from './stepRunner';
import { pickStep, type Step } from './quickSteps';
import { bootTotal, cloudHeading, reviewRows, type BootChoice, type CloudFacts } from './bootReviewText';

type ReviewItem = vscode.QuickPickItem & { action?: 'boot' | 'export' | 'back' };

export async function reviewStep(step: Step, choice: BootChoice, facts: Promise<CloudFacts[]>, exportPlaybook: () => Promise<unknown>): Promise<void> {
  const items = facts.then((all) => {
    const boot: ReviewItem = {
      label: `$(rocket) ${vscode.l10n.t('Boot')}`, action: 'boot',
      description: bootTotal(choice.names.length, all.length),
    };
    const rows: ReviewItem[] = [
      boot,
      { label: `$(file-code) ${vscode.l10n.t('Export as Playbook…')}`, action: 'export', description: vscode.l10n.t('the same with Ansible, in a new editor; nothing is booted') },
      { label: `$(arrow-left) ${vscode.l10n.t('Back')}`, action: 'back', description: vscode.l10n.t('change a choice') },
    ];
    for (const f of all) {
      rows.push({ label: cloudHeading(f, choice), kind: vscode.QuickPickItemKind.Separator });
      for (const r of reviewRows(choice, f)) rows.push({ label: `${r.warning ? '$(warning) ' : ''}${r.label}`, description: r.value });
    }
    return rows;
  });
  for (;;) {
    const [picked] = await pickStep<ReviewItem>({
      ...step, placeholder: vscode.l10n.t('Review: nothing is created before "Boot"'), items, selected: (i) => i.action === 'boot',
    });
    if (picked?.action === 'boot') return;
    if (picked?.action === 'back') throw new StepBack();
    if (picked?.action === 'export') {
      await exportPlaybook().catch((e: unknown) => vscode.window.showErrorMessage(vscode.l10n.t('Not exported: {0}', e instanceof Error ? e.message : String(e))));
    }
    // the export opened, or a row of the review: show the review again
  }
}
