// Generates extension/language/data/openstack-modules.json, the trimmed copy of the shared
// Ansible module spec (shared/spec/ansible-openstack-modules.json) that the extension bundles.
// Kept: what the language service checks, completes and shows on hover. Dropped: provenance
// notes and the 1.10.0-vs-2.5.0 field diffs (only renames and removals matter to us).
//   node scripts/gen-language-data.mjs [path/to/ansible-openstack-modules.json]
import fs from 'node:fs';
import path from 'node:path';

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
  }
  return out;
}

const kw = spec.ansible_keywords;
const data = {
  source: `${spec._meta.collection} ${spec._meta.collection_version} (${spec._meta.collection_commit.slice(0, 12)}); ${kw.source}`,
  common_options: trimOptions(spec.common_options),
  common_options_legacy_only: trimOptions(spec.common_options_legacy_only),
  legacy_aliases: spec.legacy_aliases,
  ansible_core_builtin_redirects: spec.ansible_core_builtin_redirects,
  modules: Object.fromEntries(Object.entries(spec.modules).map(([name, m]) => [name, trimModule(m)])),
  keywords: {
    play: kw.play,
    block: kw.block,
    task: kw.task,
    handler_extra: kw.handler_extra,
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
