// The thin VS Code face of extension/language: diagnostics (debounced, incremental), quick
// fixes, completion and hover for clouds files and OpenStack playbooks. Only documents that
// are ours get any work; others cost one look at their first line.
import { untrustedMarkdown } from '../untrustedMarkdown';
import * as vscode from 'vscode';
import path from 'node:path';
import os from 'node:os';
import { foldChange, type UnchangedEnds } from '../../yaml/incrementalYaml';
import type { Problem } from '../../yaml/problem';
import { LanguageService, type LanguageDocument } from '../../language/languageService';
import { completePlaybook, hoverPlaybook, type CompletionEntry, type HoverInfo } from '../../language/editorFeatures';
import { completeClouds, hoverClouds } from '../../language/cloudsFeatures';
import { quickFixes } from '../../language/quickFixes';
import { besideSchemaDiagnostics } from '../../language/schemaOverlap';
import { diskSnapshot, isRoleMetaFile, type FileSnapshot } from '../../language/roleCollections';
import { diskDirectory } from '../../language/repositoryModules';
import { NO_LIVE_RESOURCES, type LiveResources } from '../../language/liveResources';
import type { LoadedConfig } from '../../config/load';
import { MAX_CONFIG_BYTES } from '../../config/sourceFile';
import { readTextWithin } from '../../yaml/sourceText';
import { vscodeConfigEnvironment, type CloudsConfigService } from '../cloudsConfigService';
import type { Log } from '../log';
import { DIAGNOSTIC_SOURCE, toCodeAction, toCompletionItem, toDiagnostic, toRange } from './convert';

export const DEBOUNCE_MS = 200;
const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }, { language: 'ansible' }];
const CONFIG_KINDS = new Set(['clouds', 'secure', 'clouds-public']);

type Features = 'auto' | 'all' | 'validationOnly' | 'off';

export function registerLanguageFeatures(context: vscode.ExtensionContext, log: Log, config: CloudsConfigService, live: LiveResources): LanguageFeatures {
  const features = new LanguageFeatures(log, config, live);
  context.subscriptions.push(features);
  return features;
}

export class LanguageFeatures implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly service: LanguageService;
  private loaded: LoadedConfig | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly pendingEnds = new Map<string, UnchangedEnds>();
  /** Length of each document's text at its last analysis or change event. */
  private readonly lastLength = new Map<string, number>();
  private readonly problemOf = new WeakMap<vscode.Diagnostic, Problem>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: Log, private readonly config: CloudsConfigService, private readonly live: LiveResources) {
    this.service = new LanguageService({
      cloudNames: () => (this.loaded?.files.clouds ? this.loaded.clouds.map((c) => c.name) : undefined),
      live: () => this.liveNow(),
      cloudsFile: () => setting<string>('cloudsFile', '') || undefined,
      cloudsContext: (fileName) => ({
        files: Object.values(this.loaded?.files ?? {}).filter((f) => f.path !== fileName),
        environment: vscodeConfigEnvironment(),
      }),
      readFile: fileSnapshot,
      listDirectory: diskDirectory,
      ansible: { ANSIBLE_CONFIG: process.env.ANSIBLE_CONFIG || undefined, ANSIBLE_LIBRARY: process.env.ANSIBLE_LIBRARY || undefined, home: os.homedir() },
      collectionVersion: configuredCollectionVersion,
    });
    const roleMetaWatcher = vscode.workspace.createFileSystemWatcher('**/roles/*/meta/main*');
    const w = vscode.workspace;
    this.disposables.push(
      this.diagnostics,
      roleMetaWatcher,
      // A role's meta/main.yml gives its tasks their collections: analyses of them may change.
      roleMetaWatcher.onDidChange(() => this.revalidateAll()),
      roleMetaWatcher.onDidCreate(() => this.revalidateAll()),
      roleMetaWatcher.onDidDelete(() => this.revalidateAll()),
      w.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      w.onDidChangeTextDocument((e) => this.changed(e)),
      w.onDidCloseTextDocument((d) => this.forget(d)),
      w.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('openstack') || e.affectsConfiguration('openstackClouds')) this.revalidateAll();
      }),
      vscode.extensions.onDidChange(() => this.revalidateAll()),
      // The explorer loaded (or forgot) names a playbook is checked against.
      live.subscribe?.(() => this.revalidateAll()) ?? { dispose: () => undefined },
      config.onDidChange((loaded) => {
        this.loaded = loaded;
        this.revalidateAll();
      }),
      vscode.languages.registerCodeActionsProvider(SELECTOR, { provideCodeActions: (doc, range, ctx) => this.codeActions(doc, range, ctx) }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.languages.registerCompletionItemProvider(SELECTOR, { provideCompletionItems: (doc, pos) => this.complete(doc, pos) }, '.'),
      vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (doc, pos) => this.hover(doc, pos) }),
    );
    for (const d of w.textDocuments) this.schedule(d, 0);
  }

  /** Loads the clouds configuration the first time a document of ours needs it (not at activation). */
  private needConfig(): void {
    if (this.configRequested) return;
    this.configRequested = true;
    this.config.get().then((loaded) => {
      this.loaded = loaded;
      this.revalidateAll();
    }, (e: unknown) => this.log.warn(`language: clouds configuration not loaded: ${String(e)}`));
  }

  private configRequested = false;

  private features(): Features {
    return setting<Features>('playbooks.features', 'auto');
  }

  private changed(e: vscode.TextDocumentChangeEvent): void {
    if (e.contentChanges.length && isRoleMetaFile(e.document.uri.fsPath)) this.revalidateAll(DEBOUNCE_MS);
    if (!e.contentChanges.length || !isCandidate(e.document)) return;
    const key = e.document.uri.toString();
    // Where the text did not change since the last analysis, so it need not be compared. The
    // changes of one event are all relative to the text before the event.
    const before = this.lastLength.get(key);
    if (before === undefined) this.pendingEnds.delete(key);
    else {
      let ends = this.pendingEnds.get(key) ?? { prefix: Number.MAX_SAFE_INTEGER, suffix: Number.MAX_SAFE_INTEGER };
      for (const c of e.contentChanges) ends = foldChange(ends, before, { offset: c.rangeOffset, length: c.rangeLength, newLength: c.text.length });
      this.pendingEnds.set(key, ends);
    }
    this.lastLength.set(key, e.document.getText().length);
    this.schedule(e.document, DEBOUNCE_MS);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isCandidate(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.validate(doc);
    }, delay));
  }

  private validate(doc: vscode.TextDocument): void {
    if (doc.isClosed) return;
    const key = doc.uri.toString();
    const ends = this.pendingEnds.get(key);
    this.pendingEnds.delete(key);
    const text = doc.getText();
    this.lastLength.set(key, text.length);
    try {
      const analysis = this.service.analyze(languageDocument(doc, text), ends);
      if (analysis.kind) this.needConfig();
      const playbook = analysis.kind !== undefined && !CONFIG_KINDS.has(analysis.kind);
      if (!analysis.kind || (playbook && this.features() === 'off')) {
        this.diagnostics.delete(doc.uri);
        return;
      }
      const problems = !playbook && yamlSchemaValidation() ? besideSchemaDiagnostics(analysis.problems, doc.uri.fsPath) : analysis.problems;
      this.diagnostics.set(doc.uri, problems.map((p) => {
        const d = toDiagnostic(p);
        this.problemOf.set(d, p);
        return d;
      }));
    } catch (e) {
      // A bug in a rule must not cost the user their editor: log it and keep going.
      this.log.error(`language: validating ${doc.uri.fsPath} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }

  private forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.pendingEnds.delete(key);
    this.lastLength.delete(key);
    this.diagnostics.delete(doc.uri);
    this.service.close(doc.uri.fsPath);
  }

  private revalidateAll(delay = 0): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, delay);
  }

  private codeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ctx.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || !diagnostic.range.intersection(range)) continue;
      const problem = this.problemOf.get(diagnostic);
      if (!problem) continue;
      for (const fix of quickFixes(problem, { text: doc.getText(), secure: this.secureFileFor(doc) })) actions.push(toCodeAction(fix, diagnostic));
    }
    return actions;
  }

  /** The secure.yaml that goes with a clouds.yaml: the one discovery found, or one beside it. */
  private secureFileFor(doc: vscode.TextDocument): { file: string; text: string | undefined; tooLarge?: boolean } {
    const found = this.loaded?.files.secure;
    const file = found?.path ?? path.join(path.dirname(doc.uri.fsPath), 'secure.yaml');
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    if (open) return { file, text: open.getText() };
    // Code actions are asked for as the cursor moves: a huge secure.yaml must not be read then.
    const read = readTextWithin(file, MAX_CONFIG_BYTES);
    return read === 'too-large' ? { file, text: undefined, tooLarge: true } : { file, text: read === 'missing' ? undefined : read.text };
  }

  private kindOf(doc: vscode.TextDocument) {
    return (this.service.lastAnalysis(doc.uri.fsPath) ?? this.service.analyze(languageDocument(doc, doc.getText()))).kind;
  }

  /** What the explorer loaded, unless live awareness is switched off. */
  private liveNow(): LiveResources {
    return setting<boolean>('language.liveResources', true) ? this.live : NO_LIVE_RESOURCES;
  }

  /** In `auto`, the Ansible extension's own completion and hover win for playbooks (no duplicates). */
  private playbookAssistance(): boolean {
    const f = this.features();
    if (f === 'off' || f === 'validationOnly') return false;
    return f === 'all' || vscode.extensions.getExtension('redhat.ansible')?.isActive !== true;
  }

  private complete(doc: vscode.TextDocument, pos: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!isCandidate(doc)) return undefined;
    const kind = this.kindOf(doc);
    const offset = doc.offsetAt(pos);
    let entries: CompletionEntry[];
    if (kind && CONFIG_KINDS.has(kind)) entries = completeClouds(doc.getText(), offset, this.liveNow());
    else if (kind && this.playbookAssistance()) entries = completePlaybook(doc.getText(), offset, { fileKind: kind as 'playbook' | 'tasks' | 'handlers', cloudNames: this.loaded?.clouds.map((c) => c.name), roleCollections: this.service.roleCollections(doc.uri.fsPath), live: this.liveNow(), localModules: this.service.localModules(doc.uri.fsPath) });
    else return undefined;
    return entries.map((e) => toCompletionItem(e, doc));
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    if (!isCandidate(doc)) return undefined;
    const kind = this.kindOf(doc);
    const offset = doc.offsetAt(pos);
    let info: HoverInfo | undefined;
    if (kind && CONFIG_KINDS.has(kind)) info = hoverClouds(doc.getText(), offset);
    else if (kind && this.playbookAssistance()) info = hoverPlaybook(doc.getText(), offset, { fileKind: kind as 'playbook' | 'tasks' | 'handlers', cloudNames: undefined, roleCollections: this.service.roleCollections(doc.uri.fsPath), localModules: this.service.localModules(doc.uri.fsPath) });
    if (!info) return undefined;
    return new vscode.Hover(untrustedMarkdown(info.markdown), toRange({ start: doc.positionAt(info.start), end: doc.positionAt(info.end) }));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function setting<T>(name: string, fallback: T): T {
  return vscode.workspace.getConfiguration('openstack').get<T>(name) ?? fallback;
}

/** The YAML extension is active and validating, so it reports what our bundled schema checks. */
function yamlSchemaValidation(): boolean {
  return vscode.extensions.getExtension('redhat.vscode-yaml')?.isActive === true && vscode.workspace.getConfiguration('yaml').get<boolean>('validate', true) !== false;
}

/** The openstack.cloud version the user set, where no requirements file pins one (the export writes for it too). */
export function configuredCollectionVersion(): string | undefined {
  // Named as the issue asked (openstackClouds.*), not under openstack.*: see package.json.
  return vscode.workspace.getConfiguration('openstackClouds').get<string>('ansible.collectionVersion') || undefined;
}

/** A file as the language service reads it: the editor's unsaved text when there is one, else the disk. */
export function fileSnapshot(fileName: string): FileSnapshot | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === fileName);
  if (open?.isDirty) return { stamp: `editor:${open.version}`, text: () => open.getText() };
  return diskSnapshot(fileName);
}

function isCandidate(doc: vscode.TextDocument): boolean {
  return (doc.languageId === 'yaml' || doc.languageId === 'ansible') && (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled');
}

function languageDocument(doc: vscode.TextDocument, text: string): LanguageDocument {
  return { fileName: doc.uri.fsPath, languageId: doc.languageId, version: doc.version, text };
}
