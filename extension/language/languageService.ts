// The language service without VS Code: which documents are ours, their problems (cached per
// version, re-parsed incrementally), and the state completion and hover read. The VS Code
// adapter (extension/ui/language/) and the CLI (`openstack-clouds lint`) both sit on this.
import type { ConfigFileKind } from '../config/discovery';
import { EMPTY_YAML, MAX_CONFIG_BYTES } from '../config/sourceFile';
import { validateCloudsDocument, type ValidationContext } from '../config/validate/index';
import { describeCut } from '../yaml/aliasBudget';
import { reparseYaml, type UnchangedEnds } from '../yaml/incrementalYaml';
import { parseYaml, type ParsedYaml } from '../yaml/positionedYaml';
import type { Problem } from '../yaml/problem';
import { MAX_DOCUMENT_CHARS, ansibleKindOf, configKindOf, mayBeAnsible, type DocumentKind } from './documentKind';
import { toProblem } from './findings';
import { NO_LIVE_RESOURCES, type LiveResources } from './liveResources';
import { PlaybookValidator, type AnsibleFileKind } from './playbook/playbookValidator';
import { RoleCollectionsCache, type FileReader } from './roleCollections';
import { CollectionTargetCache } from './collectionVersion';
import { RepositoryModulesCache, type AnsibleEnvironment, type DirectoryReader, type LocalModules } from './repositoryModules';
import type { CollectionMajor } from './moduleCatalog';

export interface LanguageDocument {
  /** Absolute path (or URI path) of the document; used for the file name rules and in problems. */
  fileName: string;
  languageId: string;
  version: number;
  text: string;
}


export interface LanguageEnvironment {
  /** Cloud names of the user's clouds.yaml, or undefined when there is none. */
  cloudNames(): readonly string[] | undefined;
  /** Resources the explorer has loaded; `NO_LIVE_RESOURCES` when live awareness is off. */
  live(): LiveResources;
  /** The `openstack.cloudsFile` setting, so that file counts as a clouds file whatever its name. */
  cloudsFile(): string | undefined;
  /**
   * The rest of the configuration a clouds file belongs to (its secure.yaml, clouds-public.yaml,
   * the OS_* environment), for the config engine's `validateCloudsDocument`.
   */
  cloudsContext?(fileName: string, kind: ConfigFileKind): ValidationContext;
  /** Other files an analysis depends on (a role's meta/main.yml), with a stamp that changes with them. */
  readFile?: FileReader;
  /** The openstack.cloud version the user chose (setting or `--collection-version`), used where no requirements file pins one. */
  collectionVersion?(): string | undefined;
  /** Lists a directory (the repository's library/ folders); without it no module counts as the repository's own. */
  listDirectory?: DirectoryReader;
  /** ANSIBLE_CONFIG, ANSIBLE_LIBRARY and the home folder, where Ansible's configuration is found. */
  ansible?: AnsibleEnvironment;
}

export interface Analysis {
  kind: DocumentKind | undefined;
  parsed: ParsedYaml | undefined;
  problems: Problem[];
  /** How the text was parsed this time (for measurements). */
  parse: 'cached' | 'incremental' | 'full' | 'none';
}

interface DocumentState {
  version: number;
  text: string;
  parsed: ParsedYaml;
  /** The last kind seen while the text parsed, kept through syntax errors while typing. */
  kind: DocumentKind | undefined;
  validator: PlaybookValidator;
  analysis: Analysis;
  /** Inputs of the cross-document rules the analysis used. */
  envStamp: string;
}


export class LanguageService {
  private readonly documents = new Map<string, DocumentState>();
  private readonly roles: RoleCollectionsCache;
  private readonly targets: CollectionTargetCache;
  private readonly modules: RepositoryModulesCache | undefined;

  constructor(private readonly env: LanguageEnvironment) {
    this.roles = new RoleCollectionsCache(env.readFile ?? (() => undefined));
    this.targets = new CollectionTargetCache(env.readFile ?? (() => undefined), () => env.collectionVersion?.());
    this.modules = env.listDirectory ? new RepositoryModulesCache(env.listDirectory, env.readFile ?? (() => undefined), env.ansible) : undefined;
  }

  /**
   * The document's problems; work is proportional to the edit since the last call. `ends`
   * (from the editor's change events since the last analysis) saves comparing the texts.
   */
  analyze(doc: LanguageDocument, ends?: UnchangedEnds): Analysis {
    const state = this.documents.get(doc.fileName);
    const role = this.roles.of(doc.fileName);
    const target = this.targets.of(doc.fileName);
    const local = this.modules?.of(doc.fileName);
    const envStamp = this.envStamp() + role.stamp + target.stamp + (local?.stamp ?? '');
    if (state && state.version === doc.version && state.text === doc.text && state.envStamp === envStamp) {
      return { ...state.analysis, parse: 'cached' };
    }
    const configKind = configKindOf(doc.fileName, this.env.cloudsFile());
    if (!configKind && (doc.text.length > MAX_DOCUMENT_CHARS || (!state?.kind && !mayBeAnsible(doc.text, doc.languageId)))) {
      this.documents.delete(doc.fileName);
      return { kind: undefined, parsed: undefined, problems: [], parse: 'none' };
    }
    let parsed: ParsedYaml;
    let parse: Analysis['parse'] = 'full';
    const validator = state?.validator ?? new PlaybookValidator();
    if (state && state.text !== doc.text && !configKind) {
      const r = reparseYaml(state.parsed, doc.text, ends);
      parsed = r.parsed;
      parse = r.mode;
      if (r.changedAncestors) validator.invalidate(r.changedAncestors);
    } else {
      // A config file over the config engine's limit is not read (it says so, located): nor parsed here.
      const tooLarge = configKind && doc.text.length > MAX_CONFIG_BYTES;
      parsed = state && state.text === doc.text ? state.parsed : tooLarge ? EMPTY_YAML(doc.text) : parseYaml(doc.text);
      if (state && state.text === doc.text) parse = 'cached';
    }
    // A file that reads like a list of plays or tasks but does not parse is reported, never passed over.
    const kind = configKind ?? (parsed.error ? (state?.kind ?? 'tasks') : ansibleKindOf(parsed, doc.fileName, doc.languageId, role.collections));
    const problems = kind ? this.problems(doc, parsed, kind, validator, role.collections, target.major, local) : [];
    const analysis: Analysis = { kind, parsed, problems, parse };
    this.documents.set(doc.fileName, { version: doc.version, text: doc.text, parsed, kind, validator, analysis, envStamp });
    return analysis;
  }

  /** The last analysis of a document, without doing any work (for completion and hover). */
  lastAnalysis(fileName: string): Analysis | undefined {
    return this.documents.get(fileName)?.analysis;
  }

  /** The collections a role's meta/main.yml gives this task or handler file (for completion and hover). */
  roleCollections(fileName: string): readonly string[] {
    return this.roles.of(fileName).collections;
  }

  /** The modules the repository provides to this file (for completion and hover). */
  localModules(fileName: string): LocalModules | undefined {
    return this.modules?.of(fileName);
  }

  close(fileName: string): void {
    this.documents.delete(fileName);
  }

  private envStamp(): string {
    return JSON.stringify([this.env.cloudNames() ?? null, this.env.cloudsFile() ?? '', this.env.live() === NO_LIVE_RESOURCES]) + liveGeneration(this.env.live());
  }

  private problems(doc: LanguageDocument, parsed: ParsedYaml, kind: DocumentKind, validator: PlaybookValidator, roleCollections: readonly string[], major: CollectionMajor, local: LocalModules | undefined): Problem[] {
    if (kind === 'clouds' || kind === 'secure' || kind === 'clouds-public') {
      const live = this.env.live();
      const catalogRegions = live.catalogRegions?.bind(live);
      return validateCloudsDocument(doc.text, doc.fileName, kind, { ...this.env.cloudsContext?.(doc.fileName, kind), ...(catalogRegions ? { catalogRegions } : {}) });
    }
    return playbookProblems(doc.fileName, parsed, kind, validator, this.env, roleCollections, major, local);
  }
}

/** Problems of a playbook, task or handlers file (also used by the CLI); `roleCollections` from the role's meta/main.yml, `local` the repository's own modules. */
export function playbookProblems(file: string, parsed: ParsedYaml, kind: AnsibleFileKind, validator: PlaybookValidator, env: Pick<LanguageEnvironment, 'cloudNames' | 'live'>, roleCollections: readonly string[] = [], major: CollectionMajor = 2, local?: LocalModules): Problem[] {
  if (parsed.error) return [syntaxProblem(file, parsed)];
  const findings = validator.validate(parsed, kind, { cloudNames: env.cloudNames(), live: env.live() }, roleCollections, major, local);
  const problems = findings.map((f) => toProblem(f, file, parsed.lines));
  for (const d of parsed.duplicateKeys) {
    problems.push({ file, range: parsed.lines.range(d.duplicate.start, d.duplicate.end), severity: 'warning', code: 'duplicate-key', message: `duplicate key '${d.key}': the later value replaces the one on line ${parsed.lines.position(d.first.start).line + 1}` });
  }
  for (const a of parsed.unknownAliases) {
    problems.push({ file, range: parsed.lines.range(a.start, a.end), severity: 'error', code: 'unknown-alias', message: `alias '*${a.name}' refers to no anchor '&${a.name}' defined before it` });
  }
  for (const a of parsed.cutAliases) {
    problems.push({ file, range: parsed.lines.range(a.start, a.end), severity: 'error', code: a.cut === 'recursive' ? 'recursive-alias' : 'alias-budget', message: describeCut(a.name, a.cut!) });
  }
  return problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

export function syntaxProblem(file: string, parsed: ParsedYaml): Problem {
  return { file, range: parsed.error!.range, severity: 'error', code: 'yaml-syntax', message: `invalid YAML: ${parsed.error!.message}` };
}

/** Live providers may expose a generation counter that changes when the explorer reloads. */
function liveGeneration(live: LiveResources): string {
  return typeof live.generation === 'number' ? `#${live.generation}` : '';
}
