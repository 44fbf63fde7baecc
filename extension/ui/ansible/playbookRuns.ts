// One ansible-playbook run as a VS Code Task (type `openstack-ansible`, CustomExecution), so its
// output is in the terminal panel: our clouds.yaml and the secrets kept in VS Code go in (a 0600
// secure.yaml removed when the run ends), failed tasks come out as diagnostics at the task's line
// (cleared when the next run starts), and the Clouds view is refreshed at the end.
import path from 'node:path';
import * as vscode from 'vscode';
import { resolveClouds, type ResolvedConfig } from '../../config/index';
import { toJsonValue } from '../../config/python';
import { missingDependency, playbookCommand, secureYamlText, writeSecureFile, type MissingDependency, type SecureFile } from '../../ansible/playbookCommand';
import { parsePlaybookOutput, taskLineByName, type PlaybookFinding } from '../../ansible/playbookOutput';
import type { CloudsConfigService } from '../cloudsConfigService';
import type { CredentialStore } from '../explorer/credentials';
import type { CloudsTreeProvider } from '../tree/cloudsTreeProvider';
import { UserCancelled } from '../commandRunner';
import type { Log } from '../log';
import { terminalText } from '../../text/terminal';
import { PlaybookTerminal, type PlaybookExit } from './playbookTerminal';
import { readTextWithin } from '../../yaml/sourceText';
import { MAX_DOCUMENT_CHARS } from '../../language/documentKind';

export const TASK_TYPE = 'openstack-ansible';

export interface PlaybookTaskDefinition extends vscode.TaskDefinition {
  /** The playbook; relative to the task's workspace folder. */
  playbook: string;
  /** Only these clouds (the playbook's `clouds` variable). */
  clouds?: string[];
}

/** What a run command resolves to (for automation and the tests). */
export interface PlaybookRunResult {
  exitCode: number | undefined;
  /** Failed tasks (not those with ignore_errors), as shown in the Problems view. */
  failed: PlaybookFinding[];
  missing?: MissingDependency;
  /** Why the run did not start (Restricted Mode, a secret not given, ...). */
  error?: string;
}

export interface PlaybookRunDeps {
  log: Log;
  config: CloudsConfigService;
  credentials: CredentialStore;
  tree: CloudsTreeProvider;
}

export const refusedInRestrictedMode = () => vscode.l10n.t('Restricted Mode: playbooks run only in a trusted workspace (ansible-playbook runs code from the playbook and its folder). Trust the workspace to run it.');

/** A terminal that only says why the run did not start. */
function messageTerminal(text: string): vscode.Pseudoterminal {
  const written = new vscode.EventEmitter<string>();
  const closed = new vscode.EventEmitter<number>();
  return {
    onDidWrite: written.event,
    onDidClose: closed.event,
    open: () => {
      written.fire(`${terminalText(text).replace(/\n/g, '\r\n')}\r\n`);
      closed.fire(1);
    },
    close: () => undefined,
  };
}

export class PlaybookRuns implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection(TASK_TYPE);

  constructor(private readonly deps: PlaybookRunDeps) {}

  dispose(): void {
    this.diagnostics.dispose();
  }

  /** The Task for a definition; `onResult` hears how the run ended. */
  task(definition: PlaybookTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope = vscode.TaskScope.Workspace, onResult?: (r: PlaybookRunResult) => void): vscode.Task {
    const clouds = definition.clouds?.length ? ` (${definition.clouds.join(', ')})` : '';
    const execution = new vscode.CustomExecution(async (resolved) => {
      try {
        return await this.terminal(resolved as PlaybookTaskDefinition, scope, onResult);
      } catch (e) {
        const error = e instanceof UserCancelled ? vscode.l10n.t('Cancelled: the run needs the secret that was asked for.') : e instanceof Error ? e.message : String(e);
        if (!(e instanceof UserCancelled)) this.deps.log.error('ansible-playbook did not start', e);
        onResult?.({ exitCode: undefined, failed: [], error });
        return messageTerminal(this.deps.log.redact(error));
      }
    });
    const task = new vscode.Task(definition, scope, `ansible-playbook ${path.basename(definition.playbook)}${clouds}`, 'openstack', execution, []);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, clear: true };
    return task;
  }

  private async terminal(definition: PlaybookTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, onResult?: (r: PlaybookRunResult) => void): Promise<vscode.Pseudoterminal> {
    if (!vscode.workspace.isTrusted) throw new Error(refusedInRestrictedMode());
    const folder = typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const playbook = path.resolve(folder ?? process.cwd(), definition.playbook);
    const clouds = (definition.clouds ?? []).filter((c) => typeof c === 'string' && c);
    const view = await this.deps.config.getView();
    const loaded = view.resolved.loaded;
    const secrets = await this.secretsFor(view.resolved, clouds);
    const secure = Object.keys(secrets).length ? await writeSecureFile(secureYamlText(toJsonValue(loaded.files.secure?.data), secrets)) : undefined;
    const command = playbookCommand({
      ansiblePlaybook: vscode.workspace.getConfiguration('openstackClouds.ansible').get<string>('playbookPath') || 'ansible-playbook',
      playbook, clouds, cloudsFile: loaded.files.clouds?.path, secureFile: secure?.path, baseEnv: process.env,
    });
    this.diagnostics.clear();
    const heading = `> ${command.command} ${command.args.join(' ')}${command.env.OS_CLIENT_CONFIG_FILE ? `\n  clouds.yaml: ${command.env.OS_CLIENT_CONFIG_FILE}` : ''}`;
    this.deps.log.info(`running ansible-playbook ${playbook}${clouds.length ? ` on ${clouds.join(', ')}` : ''}`);
    return new PlaybookTerminal(command, heading, (t) => this.deps.log.redact(t), (exit) => this.finish(playbook, clouds, exit, secure, onResult));
  }

  /**
   * Secrets no file holds that the clouds need: those the user gave for clouds that cannot resolve
   * without one, and the missing ones of each region. For chosen clouds a missing one is asked for.
   */
  private async secretsFor(resolved: ResolvedConfig, clouds: readonly string[]): Promise<Record<string, Record<string, string>>> {
    const { credentials } = this.deps;
    const out = await credentials.secretsForResolution(resolved.loaded, resolveClouds(resolved.loaded));
    for (const region of resolved.regions) {
      if (clouds.length && !clouds.includes(region.name)) continue;
      for (const key of region.missing_secrets) {
        const value = clouds.length ? await credentials.obtain(region, key) : await credentials.get(region, key);
        if (value === undefined && clouds.length) throw new UserCancelled();
        if (value) (out[region.name] ??= {})[key] = value;
      }
    }
    for (const cloud of Object.keys(out)) if (clouds.length && !clouds.includes(cloud)) delete out[cloud];
    return out;
  }

  private async finish(playbook: string, clouds: readonly string[], exit: PlaybookExit, secure: SecureFile | undefined, onResult?: (r: PlaybookRunResult) => void): Promise<string> {
    await secure?.remove().catch((e) => this.deps.log.error('removing the temporary secure.yaml failed', e));
    const failed = parsePlaybookOutput(exit.output).findings.filter((f) => !f.ignored);
    this.showDiagnostics(playbook, failed);
    const missing = missingDependency(exit.output, exit.spawnError);
    const result: PlaybookRunResult = { exitCode: exit.code, failed, ...(missing ? { missing } : {}) };
    let summary: string;
    if (missing) {
      summary = vscode.l10n.t('{0} is missing. {1}', missing.what, missing.install);
      void vscode.window.showErrorMessage(`OpenStack: ${summary}`);
    } else if (exit.spawnError) {
      summary = vscode.l10n.t('ansible-playbook could not start: {0}', exit.spawnError);
    } else if (exit.stopped) {
      summary = vscode.l10n.t('ansible-playbook was stopped.');
    } else {
      summary = failed.length
        ? vscode.l10n.t('ansible-playbook exited with {0}: {1} failed task result(s), shown in the Problems view.', String(exit.code), failed.length)
        : vscode.l10n.t('ansible-playbook exited with {0}.', String(exit.code));
    }
    this.deps.log.info(`ansible-playbook ${playbook}: ${summary}`);
    this.refreshTree(clouds);
    onResult?.(result);
    return summary;
  }

  /** The clouds the run was on (all when none was chosen) may have changed: load them again. */
  private refreshTree(clouds: readonly string[]): void {
    if (!clouds.length) this.deps.tree.reset();
    else for (const cloud of clouds) void this.deps.tree.refreshCloud(cloud);
  }

  private showDiagnostics(playbook: string, failed: readonly PlaybookFinding[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const texts = new Map<string, string[]>();
    const linesOf = (file: string) => {
      if (!texts.has(file)) {
        // A file ansible named that is not here, or too large to read: line only.
        const read = readTextWithin(file, MAX_DOCUMENT_CHARS);
        texts.set(file, (typeof read === 'object' ? read.text : '').split(/\r?\n/));
      }
      return texts.get(file)!;
    };
    for (const f of failed) {
      const file = f.file ?? playbook;
      const line = f.line ?? taskLineByName(linesOf(file).join('\n'), f.task) ?? 1;
      const text = linesOf(file)[line - 1] ?? '';
      const start = text.length - text.trimStart().length;
      const range = new vscode.Range(line - 1, start, line - 1, Math.max(text.length, start + 1));
      const where = [f.host, f.item].filter(Boolean).join(' ');
      const message = f.task ? `${f.task}${where ? ` [${where}]` : ''}: ${f.message}` : f.message;
      const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
      d.source = 'ansible-playbook';
      if (f.unreachable) d.code = 'unreachable';
      byFile.set(file, [...(byFile.get(file) ?? []), d]);
    }
    for (const [file, list] of byFile) this.diagnostics.set(vscode.Uri.file(file), list);
  }
}
