// Build instead of download (issue 12): the workspace's image recipes (diskimage-builder YAML
// definitions, Packer templates; extension/baseImages/buildRecipes.ts says which files are) as
// tasks of type `openstack-image-build`, run in the terminal like any task. When a build ends
// well, the images it left are offered for upload ("Upload to Clouds…", or later the command
// "Upload Built Image…"); when the tool is missing, the terminal and a message say how to install
// it. VS Code runs no task in Restricted Mode, and none is offered there.
import * as vscode from 'vscode';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildCommands, installAdvice, recipeOf, type BuildCommand, type BuildRecipe } from '../../baseImages/buildRecipes';
import { parsePackerLine } from '../../baseImages/packerOutput';
import { LineSplitter } from '../../text/lineSplitter';
import { readRegularFile } from '../../text/regularFile';
import { terminalText } from '../../text/terminal';
import { registerCommand } from '../commandRunner';
import type { Log } from '../log';

export const BUILD_TASK_TYPE = 'openstack-image-build';
/** Files looked at for recipes, and the size above which a file is not a hand-written recipe. */
const MAX_FILES = 500;
const MAX_RECIPE_BYTES = 256 * 1024;

interface BuildTaskDefinition extends vscode.TaskDefinition {
  /** The recipe file, relative to its workspace folder. */
  file: string;
}

/** Images the last successful builds left, newest first (what "Upload Built Image…" offers). */
const built: string[] = [];

export function registerBuildTasks(context: vscode.ExtensionContext, log: Log): void {
  context.subscriptions.push(
    vscode.tasks.registerTaskProvider(BUILD_TASK_TYPE, {
      provideTasks: () => recipeTasks(log),
      resolveTask: async (task) => {
        const def = task.definition as BuildTaskDefinition;
        const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
        if (typeof def.file !== 'string' || !folder) return undefined;
        const file = path.resolve(folder.uri.fsPath, def.file);
        const text = await readRecipe(file);
        const recipe = text === undefined ? undefined : recipeOf(file, text);
        return recipe ? taskFor(recipe, folder, log, def) : undefined;
      },
    }),
    registerCommand(log, 'openstack.uploadBuiltImage', (args?: unknown) => uploadBuilt(args)),
  );
}

async function recipeTasks(log: Log): Promise<vscode.Task[]> {
  if (!vscode.workspace.isTrusted) return [];
  const files = await vscode.workspace.findFiles('**/*.{yaml,yml,json,hcl}', '**/{node_modules,.git,.venv}/**', MAX_FILES);
  // Read without blocking the extension host (up to MAX_FILES files when Run Task opens).
  const found = await Promise.all(files.map(async (uri) => {
    const text = await readRecipe(uri.fsPath);
    const recipe = text === undefined ? undefined : recipeOf(uri.fsPath, text);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return recipe && folder ? [taskFor(recipe, folder, log)] : [];
  }));
  return found.flat();
}

async function readRecipe(file: string): Promise<string | undefined> {
  try {
    return (await readRegularFile(file, MAX_RECIPE_BYTES)).toString('utf8');
  } catch {
    return undefined;
  }
}

function taskFor(recipe: BuildRecipe, folder: vscode.WorkspaceFolder, log: Log, given?: BuildTaskDefinition): vscode.Task {
  const relative = path.relative(folder.uri.fsPath, recipe.file);
  const definition: BuildTaskDefinition = given ?? { type: BUILD_TASK_TYPE, file: relative };
  const name = vscode.l10n.t('build {0} ({1}: {2})', recipe.images.join(', '), recipe.tool, relative);
  const task = new vscode.Task(definition, folder, name, 'openstack', new vscode.CustomExecution(async () => new BuildTerminal(recipe, log)));
  task.group = vscode.TaskGroup.Build;
  return task;
}

/** Runs a recipe's commands one after the other in the recipe's folder, showing what a person reads. */
class BuildTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private child: ChildProcess | undefined;
  private stopped = false;

  constructor(private readonly recipe: BuildRecipe, private readonly log: Log) {}

  open(): void {
    void this.run().then((code) => this.closer.fire(code));
  }

  close(): void {
    this.stopped = true;
    this.child?.kill('SIGTERM');
  }

  private line(text: string): void {
    this.writer.fire(`${text.replace(/\n/g, '\r\n')}\r\n`);
  }

  private async run(): Promise<number> {
    const text = await readRecipe(this.recipe.file);
    if (text === undefined) {
      this.line(vscode.l10n.t('cannot read {0}', this.recipe.file));
      return 1;
    }
    const outputs: string[] = [];
    for (const command of buildCommands(this.recipe, text)) {
      if (this.stopped) return 130;
      const code = await this.runOne(command, outputs);
      if (code !== 0) return code;
      outputs.push(...command.outputs.map((o) => path.resolve(path.dirname(this.recipe.file), o)));
    }
    const images = outputs.filter((f) => fs.existsSync(f));
    built.unshift(...images.filter((f) => !built.includes(f)));
    this.line(images.length ? vscode.l10n.t('Built: {0}', images.join(', ')) : vscode.l10n.t('The build left no disk image to upload.'));
    if (images.length) void offerUpload(images);
    return 0;
  }

  private runOne(command: BuildCommand, outputs: string[]): Promise<number> {
    const [program, ...args] = command.argv;
    this.line(terminalText(`$ ${command.argv.join(' ')}`));
    this.log.info(`image build: ${command.argv.join(' ')} (in ${path.dirname(this.recipe.file)})`);
    return new Promise((resolve) => {
      const cwd = path.dirname(this.recipe.file);
      const child = spawn(program, args, { cwd, env: { ...process.env, ...command.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      this.child = child;
      const packer = this.recipe.tool === 'packer';
      const show = new LineSplitter((raw) => {
        const parsed = packer ? parsePackerLine(raw) : { text: terminalText(raw) };
        if (parsed.text !== undefined) this.line(parsed.error ? `\x1b[31m${parsed.text}\x1b[0m` : parsed.text);
        if (parsed.error && parsed.text) this.log.warn(`image build: ${parsed.text}`);
        if ('artifactFile' in parsed && parsed.artifactFile) outputs.push(path.resolve(cwd, parsed.artifactFile));
      });
      child.stdout.setEncoding('utf8').on('data', (c: string) => show.push(c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => show.push(c));
      child.on('error', (e: NodeJS.ErrnoException) => {
        const advice = e.code === 'ENOENT' ? installAdvice(this.recipe.tool) : e.message;
        this.line(`\x1b[31m${terminalText(advice)}\x1b[0m`);
        void vscode.window.showErrorMessage(advice);
        resolve(127);
      });
      child.on('close', (code, signal) => {
        show.end();
        this.log.info(`image build: ${program} ended with ${signal ?? `exit code ${code}`}`);
        resolve(code ?? (signal ? 130 : 1));
      });
    });
  }
}

async function offerUpload(images: string[]): Promise<void> {
  const label = images.length === 1 ? path.basename(images[0]) : vscode.l10n.t('{0} images', images.length);
  const upload = vscode.l10n.t('Upload to Clouds…');
  if (await vscode.window.showInformationMessage(vscode.l10n.t('Built {0}', label), upload) === upload) {
    await vscode.commands.executeCommand('openstack.uploadBuiltImage');
  }
}

/** Uploads an image a build left: the one named by `args.file`, the only one, or the one picked. */
async function uploadBuilt(args?: unknown): Promise<unknown> {
  const options = args && typeof args === 'object' ? args as { file?: unknown; targets?: unknown; name?: unknown } : {};
  const present = built.filter((f) => fs.existsSync(f));
  let file = typeof options.file === 'string' ? options.file : present.length === 1 ? present[0] : undefined;
  if (!file) {
    if (!present.length) throw new Error(vscode.l10n.t('No image was built in this window yet: run a build task (Tasks: Run Build Task) first.'));
    const pick = await vscode.window.showQuickPick(present.map((f) => ({ label: path.basename(f), description: vscode.workspace.asRelativePath(f), file: f })), { title: vscode.l10n.t('Upload a built image') });
    if (!pick) return undefined;
    file = pick.file;
  }
  const rest = options.targets !== undefined ? { targets: options.targets, ...(options.name !== undefined ? { name: options.name } : {}) } : undefined;
  return vscode.commands.executeCommand('openstack.uploadImage', vscode.Uri.file(file), rest);
}
