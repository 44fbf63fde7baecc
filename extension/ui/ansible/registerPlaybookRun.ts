// "Run Playbook" and "Run Playbook on Clouds…" (the playbook of the active editor, on its own
// clouds or on clouds picked from the explorer's list), and the `openstack-ansible` task type
// for tasks.json. Both commands resolve, for automation and the tests, when the run has ended.
import path from 'node:path';
import * as vscode from 'vscode';
import { registerCommand, UserCancelled } from '../commandRunner';
import { PlaybookRuns, refusedInRestrictedMode, TASK_TYPE, type PlaybookRunDeps, type PlaybookRunResult, type PlaybookTaskDefinition } from './playbookRuns';

/** A YAML document whose top level is a list of plays (`- hosts:` or `- import_playbook:`). */
function looksLikePlaybook(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && ['yaml', 'ansible'].includes(doc.languageId) && /^\s*(?:-\s+)?(?:hosts|import_playbook|ansible\.builtin\.import_playbook):/m.test(doc.getText(new vscode.Range(0, 0, 200, 0)));
}

/** The playbook to run: the one given, else the active editor's (saved first). */
async function playbookUri(given: unknown): Promise<vscode.Uri> {
  const uri = given instanceof vscode.Uri ? given : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') throw new Error(vscode.l10n.t('Open a playbook (a YAML file on disk) to run it.'));
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty && !(await open.save())) throw new Error(vscode.l10n.t('The playbook could not be saved, so it was not run.'));
  return uri;
}

async function pickClouds(deps: PlaybookRunDeps): Promise<string[]> {
  const view = await deps.config.getView();
  // Only the clouds the Clouds view shows: a cloud hidden with Filter Clouds… is not logged in to.
  const items = deps.tree.shownClouds(view.resolved.clouds).map((c) => ({ label: c.name, description: c.status === 'error' ? vscode.l10n.t('has errors') : undefined }));
  if (!items.length) throw new Error(view.resolved.clouds.length ? vscode.l10n.t('Every cloud is hidden by the Clouds view\'s filter: Clear Cloud Filter in the view\'s title shows them.') : vscode.l10n.t('No cloud in clouds.yaml to run the playbook on.'));
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Run the playbook on which clouds?'),
    placeHolder: vscode.l10n.t('The playbook gets them as its `clouds` variable'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!picked?.length) throw new UserCancelled();
  return picked.map((p) => p.label);
}

/** Restricted Mode: said once, and returned so that automation sees why nothing ran. */
function refuse(): PlaybookRunResult {
  const error = refusedInRestrictedMode();
  void vscode.window.showErrorMessage(`OpenStack: ${error}`);
  return { exitCode: undefined, failed: [], error };
}

export function registerPlaybookRun(context: vscode.ExtensionContext, deps: PlaybookRunDeps): void {
  const runs = new PlaybookRuns(deps);

  const run = async (given: unknown, clouds: string[] | undefined): Promise<PlaybookRunResult> => {
    if (!vscode.workspace.isTrusted) return refuse();
    const uri = await playbookUri(given);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const definition: PlaybookTaskDefinition = { type: TASK_TYPE, playbook: folder ? path.relative(folder.uri.fsPath, uri.fsPath) : uri.fsPath, ...(clouds?.length ? { clouds } : {}) };
    let done: (r: PlaybookRunResult) => void = () => undefined;
    const result = new Promise<PlaybookRunResult>((resolve) => (done = resolve));
    const execution = await vscode.tasks.executeTask(runs.task(definition, folder ?? vscode.TaskScope.Workspace, done));
    // Ended without a result (the task was stopped before it started): resolve all the same.
    const ended = vscode.tasks.onDidEndTask((e) => {
      if (e.execution === execution) setTimeout(() => done({ exitCode: undefined, failed: [], error: 'the task ended before the run did' }), 1000);
    });
    return result.finally(() => ended.dispose());
  };

  const provider: vscode.TaskProvider = {
    provideTasks: () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || !looksLikePlaybook(doc)) return [];
      const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
      return [runs.task({ type: TASK_TYPE, playbook: folder ? path.relative(folder.uri.fsPath, doc.uri.fsPath) : doc.uri.fsPath }, folder ?? vscode.TaskScope.Workspace)];
    },
    resolveTask: (task) => {
      const d = task.definition as PlaybookTaskDefinition;
      if (typeof d.playbook !== 'string' || !d.playbook) return undefined;
      const clouds = Array.isArray(d.clouds) ? d.clouds.filter((c): c is string => typeof c === 'string') : undefined;
      return runs.task({ ...d, type: TASK_TYPE, playbook: d.playbook, ...(clouds ? { clouds } : {}) }, task.scope ?? vscode.TaskScope.Workspace);
    },
  };

  context.subscriptions.push(
    runs,
    vscode.tasks.registerTaskProvider(TASK_TYPE, provider),
    registerCommand(deps.log, 'openstack.runPlaybook', (uri?: unknown) => run(uri, undefined)),
    registerCommand(deps.log, 'openstack.runPlaybookOnClouds', async (uri?: unknown, clouds?: unknown) => {
      if (!vscode.workspace.isTrusted) return refuse();
      const chosen = Array.isArray(clouds) && clouds.every((c) => typeof c === 'string') ? clouds as string[] : await pickClouds(deps);
      return run(uri, chosen);
    }),
  );
}
