import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { checkTlsFiles, diagnoseConfig, loadCloudsConfig, pendingRemoteProfiles, resolveClouds, type ConfigEnvironment, type LoadedConfig, type ResolvedConfig, type WithheldSecrets } from '../config/index';
import type { Problem } from '../yaml/problem';
import type { Log } from './log';
import { sameConfigFiles } from './actions/retryTargets';
import { fetchProfilesAndResolve } from '../openstack/remoteProfiles';
import { editorProxy } from './editorProxy';

const NO_CLOUDS_FILE_CONTEXT = 'openstack.noCloudsFile';

/** The environment openstacksdk would see, with the first workspace folder as current directory. */
export function vscodeConfigEnvironment(): ConfigEnvironment {
  return {
    cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    env: process.env,
    home: os.homedir(),
    platform: process.platform,
  };
}

function expandHome(p: string): string {
  return p.startsWith('~') ? path.join(os.homedir(), p.slice(1)) : p;
}

/** Secrets the files lack but the user gave (kept in SecretStorage or for the session), per cloud and key. */
export type SecretsSource = (loaded: LoadedConfig, resolved: ResolvedConfig) => Promise<Record<string, Record<string, string>>>;

/** The clouds as openstacksdk resolves them, with every problem found (validator and resolution). */
export interface CloudsView {
  resolved: ResolvedConfig;
  problems: Problem[];
}

/**
 * Holds the loaded clouds configuration. Loads lazily (on first use, never during activation),
 * watches every file that discovery consulted, and reloads when any of them, or the
 * `openstack.cloudsFile` setting, changes.
 */
export class CloudsConfigService implements vscode.Disposable {
  private current: Promise<LoadedConfig> | undefined;
  private view: Promise<CloudsView> | undefined;
  private watchers: vscode.Disposable[] = [];
  private watchedPaths = '';
  private readonly changed = new vscode.EventEmitter<LoadedConfig>();
  readonly onDidChange = this.changed.event;
  private readonly settingListener: vscode.Disposable;
  private secretsSource: SecretsSource | undefined;
  /** Clouds whose secure.yaml entry the user chose to share with a foreign clouds.yaml (this window). */
  private readonly secureAllowed = new Set<string>();
  private readonly secureOffered = new Set<string>();
  /** The problems logged since the files were last read (a new resolution logs only what is new). */
  private readonly loggedProblems = new Set<string>();

  constructor(private readonly log: Log) {
    this.settingListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('openstack.cloudsFile')) void this.reload();
    });
  }

  get(): Promise<LoadedConfig> {
    this.current ??= this.load();
    return this.current;
  }

  /**
   * Resolved lazily from the loaded files: pure computation, no network (remote profiles wait for
   * fetchRemoteProfiles). Secrets the user gave for clouds that need one to resolve at all (an
   * application credential's secret) go below both files, as openstacksdk's own secrets would.
   */
  getView(): Promise<CloudsView> {
    this.view ??= this.get().then(async (loaded) => {
      let resolved = resolveClouds(loaded);
      const secrets = (await this.secretsSource?.(loaded, resolved).catch(() => undefined)) ?? {};
      if (Object.keys(secrets).length) resolved = resolveClouds(loaded, { secrets });
      resolved = checkTlsFiles(resolved);
      const problems = diagnoseConfig(resolved);
      this.logProblems(problems);
      return { resolved, problems };
    });
    return this.view;
  }

  /** Each error or warning of the files once per load, located, as the README's Troubleshooting says. */
  private logProblems(problems: readonly Problem[]): void {
    for (const p of problems) {
      if (p.severity !== 'error' && p.severity !== 'warning') continue;
      const line = `${p.file || 'OS_* environment'}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`;
      if (this.loggedProblems.has(line)) continue;
      this.loggedProblems.add(line);
      this.log.warn(line);
    }
  }

  setSecretsSource(source: SecretsSource): void {
    this.secretsSource = source;
  }

  /** Resolves again (a secret was entered or forgotten) without reading the files again. */
  async resolveAgain(): Promise<void> {
    const loaded = await this.get();
    this.view = undefined;
    this.changed.fire(loaded);
  }

  /** Fetches the remote vendor profiles the clouds wait for (only when the user asks), then refreshes. */
  async fetchRemoteProfiles(signal?: AbortSignal): Promise<void> {
    if (!vscode.workspace.isTrusted) throw new Error('Restricted Mode: remote vendor profiles are fetched only in a trusted workspace');
    const loaded = await this.get();
    // Only the user's own (machine) setting counts: a workspace must not open the way to the LAN.
    const allowPrivateAddresses = vscode.workspace.getConfiguration('openstack').inspect<boolean>('remoteProfiles.allowPrivateAddresses')?.globalValue === true;
    const before = pendingRemoteProfiles(resolveClouds(loaded));
    this.log.info(`fetching remote vendor profiles: ${before.join(', ')}`);
    const resolved = checkTlsFiles(await fetchProfilesAndResolve(loaded, { signal, allowPrivateAddresses, proxy: editorProxy() }));
    for (const p of resolved.problems.filter((x) => x.code === 'remote-profile-failed')) this.log.warn(p.message);
    this.view = Promise.resolve({ resolved, problems: diagnoseConfig(resolved) });
    this.changed.fire(loaded);
  }

  /**
   * The clouds as the files say now: read again at once (Retry must use what the user just fixed,
   * even before the file watcher reports the save). Fires a change only when a file changed;
   * `changed` says whether it did.
   */
  async viewNow(): Promise<CloudsView & { changed: boolean }> {
    const before = await this.get();
    const now = await this.load();
    const changed = !sameConfigFiles(before, now);
    if (changed) {
      this.current = Promise.resolve(now);
      this.view = undefined;
      this.changed.fire(now);
    }
    return { ...(await this.getView()), changed };
  }

  /**
   * secure.yaml was not merged into a cloud of a foreign clouds.yaml that points it elsewhere
   * (config/secureSharing.ts): the user may share it anyway, for this window, after seeing both URLs.
   */
  private async offerSecureAnyway(w: WithheldSecrets): Promise<void> {
    const key = `${w.cloud}\0${w.ownAuthUrl}\0${w.foreignAuthUrl}`;
    if (this.secureOffered.has(key)) return;
    this.secureOffered.add(key);
    this.log.warn(`${w.cloud}: ${w.secureFile} was not used: ${w.cloudsFile} points it at ${w.foreignAuthUrl || 'no auth_url'}, your own configuration at ${w.ownAuthUrl}`);
    const choice = await vscode.window.showWarningMessage(
      `OpenStack: ${w.cloudsFile} reuses your cloud "${w.cloud}" with another auth_url, so your secure.yaml was not used for it.`,
      { modal: false, detail: `Yours: ${w.ownAuthUrl}\nThis file: ${w.foreignAuthUrl || '(none)'}` },
      'Use Anyway…',
    );
    if (choice !== 'Use Anyway…') return;
    const sure = await vscode.window.showWarningMessage(
      `Send the secrets of "${w.cloud}" from ${w.secureFile} to ${w.foreignAuthUrl || 'the endpoint this file names'}?`,
      { modal: true, detail: `Your own configuration: ${w.ownAuthUrl}\n${w.cloudsFile}: ${w.foreignAuthUrl || '(none)'}\n\nOnly for this window.` },
      'Use Anyway',
    );
    if (sure !== 'Use Anyway') return;
    this.secureAllowed.add(w.cloud);
    await this.reload();
  }

  async reload(): Promise<LoadedConfig> {
    this.view = undefined;
    this.current = this.load();
    const config = await this.current;
    this.changed.fire(config);
    return config;
  }

  private async load(): Promise<LoadedConfig> {
    const setting = vscode.workspace.getConfiguration('openstack').get<string>('cloudsFile')?.trim();
    const config = await loadCloudsConfig({ environment: vscodeConfigEnvironment(), cloudsFile: setting ? expandHome(setting) : undefined, allowSecureFor: [...this.secureAllowed] });
    for (const w of config.withheldSecrets) void this.offerSecureAnyway(w);
    const used = Object.values(config.files).map((f) => `${f.kind}: ${f.path}`);
    this.log.info(used.length ? `clouds configuration read from ${used.join(', ')}` : `no clouds.yaml found (looked at ${config.consulted.length} paths)`);
    this.loggedProblems.clear();
    this.logProblems(config.problems);
    await vscode.commands.executeCommand('setContext', NO_CLOUDS_FILE_CONTEXT, !config.files.clouds);
    this.watch(config.consulted);
    return config;
  }

  /** One watcher per consulted path, including files outside the workspace; re-created only when the set changes. */
  private watch(paths: string[]): void {
    const key = paths.join('\n');
    if (key === this.watchedPaths) return;
    this.watchedPaths = key;
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    let timer: NodeJS.Timeout | undefined;
    const onChange = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void this.reload(), 150); // one reload for a burst of events (save = change + rename)
    };
    for (const p of paths) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(p)), path.basename(p)));
      watcher.onDidCreate(onChange);
      watcher.onDidChange(onChange);
      watcher.onDidDelete(onChange);
      this.watchers.push(watcher);
    }
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
    this.settingListener.dispose();
    this.changed.dispose();
  }
}
