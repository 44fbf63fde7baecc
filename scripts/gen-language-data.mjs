// Generates extension/language/data/openstack-modules.json, the trimmed copy of the shared
// Ansible module spec (shared/spec/ansible-openstack-modules.json, collection 2.5.0) that the
// extension bundles, and extension/language/data/openstack-modules-1.x.json, the argument specs
// of collection 1.10.0 read from its own module files (Debian 12's `ansible` package, through
// test/support/ansible-reference.sh and scripts/ansible_argspecs.py).
// Kept: what the language service checks, completes and shows on hover. Dropped: provenance
// notes and the 1.10.0-vs-2.5.0 field diffs (only renames and removals matter to us).
//   node scripts/gen-language-data.mjs [path/to/ansible-openstack-modules.json] [path/to/argspecs-1.10.0.json]
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
const candidates = [process.argv[2], path.join(root, '../shared/spec/ansible-openstack-modules.json'), '/work/shared/spec/ansible-openstack-modules.json'].filter(Boolean);
const source = candidates.find((p) => fs.existsSync(p));
if (!source) throw new Error(`ansible-openstack-modules.json not found (tried ${candidates.join(', ')})`);
const spec = JSON.parse(fs.readFileSync(source, 'utf8'));

const OPTION_FIELDS = ['type', 'required', 'default', 'choices', 'aliases', 'elements', 'no_log', 'deprecated', 'description'];

function trimOption(option) {
  const out = {};
  for (const field of OPTION_FIELDS) {
    if (option[field] === undefined || (field === 'required' && !option[field]) || (field === 'no_log' && !option[field])) continue;
    out[field] = option[field];
  }
  if (option.suboptions) out.suboptions = trimOptions(option.suboptions);
  return out;
}

function trimOptions(options) {
  return Object.fromEntries(Object.entries(options).map(([name, o]) => [name, trimOption(o)]));
}

const RENAMED = 'options_renamed_in_2x (old name is now an alias of)';

function trimModule(module) {
  const out = { description: module.description, options: trimOptions(module.options) };
  if (module.uses_common_options === false) out.uses_common_options = false;
  for (const rule of ['mutually_exclusive', 'required_if', 'required_one_of', 'required_together', 'required_by', 'overrides_common_options', 'legacy_names']) {
    if (module[rule] && (!Array.isArray(module[rule]) || module[rule].length)) out[rule] = module[rule];
  }
  const legacy = module.legacy_1_10_0;
  if (legacy) {
    const renamed = legacy[RENAMED] ?? {};
    const removed = Object.keys(legacy.options_removed_in_2x ?? {});
    if (Object.keys(renamed).length) out.renamed_in_2x = renamed;
    if (removed.length) out.removed_in_2x = removed;
    const migrated = Object.fromEntries(removed.flatMap((old) => successors(old).filter((n) => module.options[n]).slice(0, 1).map((n) => [old, n])));
    if (Object.keys(migrated).length) out.migrated_in_2x = migrated;
  }
  return out;
}

/** Names a removed 1.x option was renamed to in 2.x when only its number changed (`policies` → `policy`). */
function successors(old) {
  return [old.replace(/ies$/, 'y'), old.replace(/s$/, ''), `${old}s`].filter((n) => n !== old);
}

const kw = spec.ansible_keywords;
// Keywords ansible-core accepts, from its own playbook classes (Debian's ansible-core): the shared
// spec's list is a 2.19 snapshot of the fields; this adds what they miss, such as a play's `user`.
const core = JSON.parse(execFileSync('/usr/bin/python3', [path.join(root, 'scripts/ansible_keywords.py')], { encoding: 'utf8' }));
const union = (a, b) => [...new Set([...a, ...b])].sort();
const data = {
  source: `${spec._meta.collection} ${spec._meta.collection_version} (${spec._meta.collection_commit.slice(0, 12)}); ${kw.source}`,
  common_options: trimOptions(spec.common_options),
  common_options_legacy_only: trimOptions(spec.common_options_legacy_only),
  legacy_aliases: spec.legacy_aliases,
  ansible_core_builtin_redirects: spec.ansible_core_builtin_redirects,
  modules: Object.fromEntries(Object.entries(spec.modules).map(([name, m]) => [name, trimModule(m)])),
  keywords: {
    play: union(kw.play, core.play),
    block: union(kw.block, core.block),
    task: union(kw.task, core.task),
    handler_extra: union(kw.handler_extra, core.handler_extra),
    role_include: kw.role_include,
    loop_control: kw.loop_control,
    with_builtin_lookups: kw.with_builtin_lookups,
    removed: kw.removed_or_legacy_keywords,
    descriptions: kw.descriptions,
  },
};

const out = path.join(root, 'extension/language/data/openstack-modules.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(data) + '\n');
console.log(`wrote ${path.relative(root, out)} (${(fs.statSync(out).size / 1024).toFixed(1)} KiB) from ${source}`);

// Collection 1.10.0: every module's full argument spec (the common options are in each one).
const argspecsPath = process.argv[3] ?? argspecs110();
const v1 = JSON.parse(fs.readFileSync(argspecsPath, 'utf8'));

function fromArgspec(option) {
  const out = {};
  for (const field of ['type', 'required', 'default', 'choices', 'aliases', 'elements', 'no_log']) {
    if (option[field] === undefined || option[field] === null || option[field] === false || (Array.isArray(option[field]) && !option[field].length)) continue;
    if (field === 'type' && option.type === 'str') continue;
    out[field] = option[field];
  }
  if (option.options) out.suboptions = Object.fromEntries(Object.entries(option.options).map(([k, o]) => [k, fromArgspec(o)]));
  return out;
}

const modules1 = {};
for (const [name, m] of Object.entries(v1.modules)) {
  const out = { description: data.modules[name]?.description ?? '', options: Object.fromEntries(Object.entries(m.argument_spec).map(([k, o]) => [k, fromArgspec(o)])), uses_common_options: false };
  for (const rule of ['mutually_exclusive', 'required_if', 'required_one_of', 'required_together', 'required_by']) if (m[rule] && (!Array.isArray(m[rule]) || m[rule].length)) out[rule] = m[rule];
  modules1[name] = out;
}
const out1 = path.join(root, 'extension/language/data/openstack-modules-1.x.json');
fs.writeFileSync(out1, JSON.stringify({ source: `openstack.cloud ${v1.version} (module files of Debian 12's ansible package)`, version: v1.version, legacy_names: v1.legacy_names, modules: modules1 }) + '\n');
console.log(`wrote ${path.relative(root, out1)} (${(fs.statSync(out1).size / 1024).toFixed(1)} KiB) from ${argspecsPath}`);

/** Reads collection 1.10.0's argument specs from its module files (fetched into the cache once). */
function argspecs110() {
  const vars = Object.fromEntries(execFileSync('sh', [path.join(root, 'test/support/ansible-reference.sh')], { encoding: 'utf8' }).trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const env = { ...process.env, ...(vars.PYTHONPATH ? { PYTHONPATH: vars.PYTHONPATH } : {}) };
  const file = path.join(path.dirname(vars['COLLECTION_1.10.0']), 'argspecs-1.10.0-gen.json');
  fs.writeFileSync(file, execFileSync('/usr/bin/python3', [path.join(root, 'scripts/ansible_argspecs.py'), vars['COLLECTION_1.10.0']], { encoding: 'utf8', env, maxBuffer: 64 << 20 }));
  return file;
}
