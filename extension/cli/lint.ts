// `openstack-clouds lint [--format text|json|sarif] FILE...`: the editor's diagnostics for CI.
// Exit 0 when no file has an error, 1 when one has, 2 for a usage mistake.
import os from 'node:os';
import path from 'node:path';
import { loadCloudsConfig } from '../config/load';
import { siblingConfigFiles } from '../language/configFiles';
import { LanguageService, syntaxProblem } from '../language/languageService';
import { NO_LIVE_RESOURCES } from '../language/liveResources';
import { diskSnapshot } from '../language/roleCollections';
import { majorOfRequirement } from '../language/collectionVersion';
import { diskDirectory } from '../language/repositoryModules';
import { parseYaml } from '../yaml/positionedYaml';
import { hasErrors, type Problem } from '../yaml/problem';
import { decodeUtf8, invalidUtf8Problem } from '../yaml/sourceText';
import { RegularFileError, readRegularFile } from '../text/regularFile';
import { MAX_DOCUMENT_CHARS } from '../language/documentKind';
import type { CliIo } from './main';

/** Bytes of a file lint reads at most: enough for the longest document the language service analyses. */
const MAX_LINT_BYTES = 4 * MAX_DOCUMENT_CHARS;

export const LINT_HELP = `Usage: openstack-clouds lint [--format text|json|sarif] [--collection-version VERSION] FILE...

Checks clouds.yaml/secure.yaml/clouds-public.yaml files and Ansible playbooks or task files
that use the openstack.cloud modules, as the editor does. cloud: names are checked against the
clouds.yaml that the openstack CLI would read. The openstack.cloud version (1.x or 2.x) comes
from the nearest requirements.yml, collections/requirements.yml or galaxy.yml pin, else from
--collection-version, else the newest 2.x. Exit status: 1 when any error is found.
`;

type Format = 'text' | 'json' | 'sarif';

export interface LintOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export async function runLint(args: string[], io: CliIo, options: LintOptions = {}): Promise<number> {
  let format: Format = 'text';
  let collectionVersion: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--format' || a === '-f') {
      const value = args[++i];
      if (value !== 'text' && value !== 'json' && value !== 'sarif') {
        io.err(`openstack-clouds lint: --format must be text, json or sarif\n\n${LINT_HELP}`);
        return 2;
      }
      format = value;
    } else if (a === '--collection-version' || a.startsWith('--collection-version=')) {
      collectionVersion = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      if (!collectionVersion || majorOfRequirement(collectionVersion) === undefined) {
        io.err(`openstack-clouds lint: --collection-version must name a 1.x or 2.x version (e.g. 1.10.0, 2)\n\n${LINT_HELP}`);
        return 2;
      }
    } else if (a.startsWith('--format=')) {
      return runLint([...args.slice(0, i), '--format', a.slice('--format='.length), ...args.slice(i + 1)], io, options);
    } else if (a === '--help' || a === '-h') {
      io.out(LINT_HELP);
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      io.err(`openstack-clouds lint: unknown option ${a}\n\n${LINT_HELP}`);
      return 2;
    } else files.push(a);
  }
  if (!files.length) {
    io.err(`openstack-clouds lint: no files given\n\n${LINT_HELP}`);
    return 2;
  }
  const cwd = options.cwd ?? process.cwd();
  const cloudNames = await userCloudNames(cwd, options.env ?? process.env);
  const service = new LanguageService({
    cloudNames: () => cloudNames,
    live: () => NO_LIVE_RESOURCES,
    cloudsFile: () => undefined,
    cloudsContext: (fileName) => ({ files: siblingConfigFiles(fileName), environment: { cwd, env: options.env ?? process.env, home: os.homedir(), platform: process.platform } }),
    readFile: diskSnapshot,
    collectionVersion: () => collectionVersion,
    listDirectory: diskDirectory,
    ansible: ansibleEnvironment(options.env ?? process.env, cwd),
  });
  const problems: Problem[] = [];
  const asGiven = new Map<string, string>();
  for (const file of files) {
    const absolute = path.resolve(cwd, file);
    asGiven.set(absolute, file);
    let text: string;
    try {
      // A shell glob over a hostile repository may name a FIFO (the read would wait for ever) or a huge file.
      const decoded = decodeUtf8(await readRegularFile(absolute, MAX_LINT_BYTES));
      text = decoded.text;
      const notUtf8 = invalidUtf8Problem(absolute, decoded);
      if (notUtf8) problems.push(notUtf8);
    } catch (e) {
      const why = e instanceof RegularFileError ? e.reason : (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      problems.push({ file: absolute, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'file-unreadable', message: `cannot read ${file}: ${why}` });
      continue;
    }
    const analysis = service.analyze({ fileName: absolute, languageId: /\.ya?ml$/i.test(file) ? 'yaml' : 'ansible', version: 1, text });
    problems.push(...analysis.problems);
    // A file named on the command line that does not parse is reported even when its kind cannot be told.
    const parsed = analysis.parsed ?? parseYaml(text);
    if (!analysis.kind && parsed.error) problems.push(syntaxProblem(absolute, parsed));
  }
  // Files are shown as the user named them, as compilers do.
  const shown = problems.map((p) => ({ ...p, file: asGiven.get(p.file) ?? p.file }));
  io.out(format === 'json' ? formatJson(shown) : format === 'sarif' ? formatSarif(shown) : formatText(shown, files.length));
  return hasErrors(problems) ? 1 : 0;
}

/** Where ansible-playbook run here would find its configuration and library (ANSIBLE_CONFIG, ANSIBLE_LIBRARY, ~). */
function ansibleEnvironment(env: NodeJS.ProcessEnv, cwd: string) {
  return { ANSIBLE_CONFIG: env.ANSIBLE_CONFIG || undefined, ANSIBLE_LIBRARY: env.ANSIBLE_LIBRARY || undefined, home: env.HOME || os.homedir(), cwd };
}

/** Names of the clouds in the clouds.yaml the openstack CLI would use here; undefined without one. */
async function userCloudNames(cwd: string, env: NodeJS.ProcessEnv): Promise<string[] | undefined> {
  const config = await loadCloudsConfig({ environment: { cwd, env, home: os.homedir(), platform: process.platform } });
  return config.files.clouds ? config.clouds.map((c) => c.name) : undefined;
}

export function formatText(problems: readonly Problem[], fileCount: number): string {
  const lines = problems.map((p) => `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity} [${p.code}] ${p.message}`);
  const count = (s: string) => problems.filter((p) => p.severity === s).length;
  lines.push(`${fileCount} file${fileCount === 1 ? '' : 's'} checked: ${count('error')} errors, ${count('warning')} warnings, ${count('info') + count('hint')} notes`);
  return lines.join('\n') + '\n';
}

/** `[{"file","line","column","endLine","endColumn","severity","code","message"}]`, 1-based. */
export function formatJson(problems: readonly Problem[]): string {
  return (
    JSON.stringify(
      problems.map((p) => ({
        file: p.file,
        line: p.range.start.line + 1,
        column: p.range.start.character + 1,
        endLine: p.range.end.line + 1,
        endColumn: p.range.end.character + 1,
        severity: p.severity,
        code: p.code,
        message: p.message,
      })),
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL: Record<Problem['severity'], string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, as GitHub code scanning and other CI dashboards read it. */
export function formatSarif(problems: readonly Problem[]): string {
  const rules = [...new Set(problems.map((p) => p.code))].sort();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'openstack-clouds', informationUri: 'https://docs.openstack.org/openstacksdk/latest/user/config/configuration.html', rules: rules.map((id) => ({ id })) } },
        results: problems.map((p) => ({
          ruleId: p.code,
          ruleIndex: rules.indexOf(p.code),
          level: SARIF_LEVEL[p.severity],
          message: { text: p.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: p.file.split(path.sep).join('/') },
                region: { startLine: p.range.start.line + 1, startColumn: p.range.start.character + 1, endLine: p.range.end.line + 1, endColumn: p.range.end.character + 1 },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
