// An esbuild plugin: js-yaml, bundled, reads YAML as Ansible does (PyYAML, libyaml) where YAML 1.2
// and they differ on what is valid. js-yaml refuses a continuation line of a quoted scalar or of
// a flow collection (`[...]`, `{...}`) indented less than the node it belongs to ("deficient
// indentation"); PyYAML and libyaml do not look at indentation inside flow context, so Ansible
// runs such files (the JSON samples of microsoft.iis's module docs, dellemc.openmanage's
// playbooks, openstack.cloud's routers_info EXAMPLES) and we must not call them invalid YAML.
// The two checks are taken out of the bundled copy, in every bundle that has js-yaml (the
// product's, the tests', the benches'); document markers inside them stay errors, as in
// PyYAML. The build fails if js-yaml's code no longer has each check exactly once: a new
// js-yaml needs a look, not a silent no-op. test/unit/yaml-ansible-differential.test.ts compares
// the result with Ansible's own loader.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(import.meta.dirname, '..', 'package.json'));

/** [what js-yaml has, what it becomes] */
const EDITS = [
  [
    'function readFlowScalarBreak(state, nodeIndent) {\n\tskipSeparationSpace(state, false);\n\tif (state.lineIndent < nodeIndent) throwError(state, "deficient indentation");\n}',
    'function readFlowScalarBreak(state, nodeIndent) {\n\tskipSeparationSpace(state, false);\n}',
  ],
  [
    '\tif (state.line > startLine && state.lineIndent < nodeIndent || state.firstTabInLine !== -1 && state.lineIndent < nodeIndent) throwError(state, "deficient indentation");\n',
    '',
  ],
];

/** js-yaml's source as Ansible reads YAML; throws when an edit does not apply exactly once. */
export function jsYamlAsAnsibleReads(source) {
  let out = source;
  for (const [from, to] of EDITS) {
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`js-yaml: expected one "${from.split('\n').find((l) => l.includes('deficient'))?.trim()}", found ${count}: see scripts/jsYamlPlugin.mjs`);
    out = out.replace(from, to);
  }
  return out;
}

export const jsYamlPlugin = {
  name: 'js-yaml-as-ansible-reads',
  setup(build) {
    const file = require.resolve('js-yaml');
    build.onResolve({ filter: /^js-yaml$/ }, () => ({ path: file }));
    build.onLoad({ filter: /[\\/]js-yaml[\\/]dist[\\/]js-yaml\.cjs\.js$/ }, (args) => ({
      contents: jsYamlAsAnsibleReads(fs.readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};
