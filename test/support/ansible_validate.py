#!/usr/bin/python3
"""Oracle of the playbook differential test: ansible-core's ArgumentSpecValidator over every
openstack.cloud task of the given files, with the collection's own argument specs (as read by
scripts/ansible_argspecs.py).

stdin: {"specs": {version: specs.json path}, "files": [{"id", "version", "text"}]}
stdout: {id: [{"line", "module", "certain": [key], "possible": [key], "variants"} | {"line", "skipped"}]}

A value Ansible templates first ("{{ x }}") is unknown here: the task is validated once per
combination of the values that can change the outcome (every required_if trigger value, a value
that triggers nothing, and absence when the expression can yield `omit`). "certain" errors occur
in every combination (the ones a checker may call errors), "possible" in at least one.
Keys: unsupported:<path> type:<path> choice:<path> required:<name> required_if:<opt>=<value>
mutually_exclusive:<a|b> required_one_of:<a|b> required_together:<a|b> required_by:<opt>
alias_both:<option>=<alias> (Ansible's warning).
"""
import itertools
import json
import os
import re
import sys

import yaml
import ansible
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

ABSENT = object()
MAX_VARIANTS = 512
TEMPLATE = re.compile(r'\{\{|\{%')
OMIT = re.compile(r'\bomit\b')
TASK_LISTS = ('tasks', 'pre_tasks', 'post_tasks', 'handlers', 'block', 'rescue', 'always')


def builtin_redirects():
    path = os.path.join(os.path.dirname(ansible.__file__), 'config', 'ansible_builtin_runtime.yml')
    with open(path) as f:
        modules = yaml.safe_load(f)['plugin_routing']['modules']
    return {k: v['redirect'] for k, v in modules.items() if isinstance(v, dict) and 'redirect' in v}


REDIRECTS = builtin_redirects()


def resolve(name, specs, collections):
    modules = specs['modules']
    if name in modules:
        return name
    bare = name[len('ansible.builtin.'):] if name.startswith('ansible.builtin.') else name
    if bare in specs['legacy_names']:
        return specs['legacy_names'][bare]
    if name.startswith('openstack.cloud.') and name[len('openstack.cloud.'):] in specs['legacy_names']:
        return specs['legacy_names'][name[len('openstack.cloud.'):]]
    if bare.startswith('os_') and bare in REDIRECTS:
        return REDIRECTS[bare] if REDIRECTS[bare] in modules else None
    if 'openstack.cloud' in collections and 'openstack.cloud.' + name in modules:
        return 'openstack.cloud.' + name
    return None


def is_template(v):
    return isinstance(v, str) and TEMPLATE.search(v) is not None


def placeholder(spec):
    """A valid value of an option as its spec describes it (what a template may well yield)."""
    choices = spec.get('choices')
    kind = spec.get('type', 'str')
    if choices:
        return [choices[0]] if kind == 'list' else choices[0]
    if kind == 'dict' and spec.get('options'):
        return {k: placeholder(s) for k, s in spec['options'].items() if s.get('required')}
    if kind == 'list' and spec.get('options') and spec.get('elements') == 'dict':
        return []
    return {'int': 1, 'float': 1.0, 'bool': True, 'list': [], 'dict': {}}.get(kind, 'x')


def fill(value, spec):
    """Nested templated values replaced by valid placeholders (typed from sub-specs where known)."""
    if is_template(value):
        return placeholder(spec or {})
    options = (spec or {}).get('options')
    if isinstance(value, dict):
        return {k: fill(v, (options or {}).get(k)) for k, v in value.items()}
    if isinstance(value, list):
        element = {'type': spec.get('elements', 'raw'), 'options': options} if spec else None
        return [fill(v, element) for v in value]
    return value


def candidates(name, value, module):
    """The values a templated option may take that matter to the validator."""
    spec = module['argument_spec'].get(name, {})
    triggers = [r[1] for r in module.get('required_if', []) if r[0] == name]
    values = []
    if spec.get('type') == 'bool':
        values += [True, False]
    values += triggers
    neutral = [placeholder(spec)] + [c for c in spec.get('choices') or [] if c not in triggers]
    values += [n for n in neutral if n not in triggers][:1]
    if OMIT.search(value):
        values.append(ABSENT)
    out = []
    for v in values:
        if not any(v is o or (v == o and type(v) is type(o)) for o in out):
            out.append(v)
    return out or [placeholder(spec)]


def canonical_names(module):
    names = {}
    for k, s in module['argument_spec'].items():
        names[k] = k
        for a in s.get('aliases') or []:
            names.setdefault(a, k)
    return names


def errors_of(module, params):
    spec = module['argument_spec']
    keys = set()
    result = ArgumentSpecValidator(spec).validate(dict(params))
    for item in result.unsupported_parameters:
        keys.add('unsupported:' + ('.'.join(item) if isinstance(item, tuple) else item))
    for e in result.errors:
        kind, text = type(e).__name__, str(e)
        where = re.search(r" found in '?([\w.-]+?)'?\.?(?: and | is |$)", text)
        prefix = where.group(1) + '.' if where else ''
        if kind in ('ArgumentTypeError', 'ElementError', 'SubParameterTypeError'):
            m = re.search(r"(?:argument|option) '([^']+)'", text) or re.search(r'^Elements value for option (\S+)', text)
            keys.add('type:' + prefix + (m.group(1) if m else '?'))
        elif kind == 'ArgumentValueError':
            m = re.match(r'value of (\S+) must be', text)
            keys.add('choice:' + prefix + (m.group(1) if m else '?'))
        elif kind in ('RequiredError', 'MissingParameterError'):
            m = re.match(r'missing required arguments: (.*?)(?: found in .*)?$', text)
            keys.update('required:' + prefix + n for n in m.group(1).split(', '))
        elif kind not in ('UnsupportedError', 'MutuallyExclusiveError', 'RequiredIfError', 'RequiredOneOfError',
                          'RequiredTogetherError', 'RequiredByError'):
            keys.add('other:' + kind)
    # One validator per group, because Ansible reports only one failing group of each kind.
    for group in module.get('mutually_exclusive', []):
        if len(ArgumentSpecValidator(spec, mutually_exclusive=[group]).validate(dict(params)).errors.errors) > len(result.errors.errors):
            keys.add('mutually_exclusive:' + '|'.join(group))
    for rule, label in (('required_one_of', 'required_one_of'), ('required_together', 'required_together')):
        for group in module.get(rule, []):
            if len(ArgumentSpecValidator(spec, **{rule: [group]}).validate(dict(params)).errors.errors) > len(result.errors.errors):
                keys.add(label + ':' + '|'.join(group))
    for req in module.get('required_if', []):
        if len(ArgumentSpecValidator(spec, required_if=[req]).validate(dict(params)).errors.errors) > len(result.errors.errors):
            keys.add('required_if:%s=%s' % (req[0], json.dumps(req[1])))
    for key, needs in (module.get('required_by') or {}).items():
        if len(ArgumentSpecValidator(spec, required_by={key: needs}).validate(dict(params)).errors.errors) > len(result.errors.errors):
            keys.add('required_by:' + key)
    for w in result._warnings:
        keys.add('alias_both:%s=%s' % (w['option'], w['alias']))
    return keys


def check_task(module, args):
    spec = module['argument_spec']
    names = canonical_names(module)
    fixed, open_ = {}, []
    for k, v in args.items():
        target = spec.get(names.get(k, ''), None)
        if is_template(v):
            open_.append((k, candidates(names.get(k, k), v, module)))
        else:
            fixed[k] = fill(v, target)
    combos = 1
    for _, values in open_:
        combos *= len(values)
    if combos > MAX_VARIANTS:
        return {'skipped': 'too many template combinations (%d)' % combos}
    certain, possible = None, set()
    for combo in itertools.product(*[values for _, values in open_]):
        params = dict(fixed)
        for (k, _), v in zip(open_, combo):
            if v is not ABSENT:
                params[k] = v
        keys = errors_of(module, params)
        certain = keys if certain is None else certain & keys
        possible |= keys
    return {'certain': sorted(certain), 'possible': sorted(possible - certain), 'variants': combos}


class Walker:
    def __init__(self, loader, specs):
        self.loader, self.specs, self.tasks = loader, specs, []

    def value(self, node):
        return self.loader.construct_object(node, deep=True)

    def items(self, seq, collections, inherited_defaults):
        if not isinstance(seq, yaml.SequenceNode):
            return
        for node in seq.value:
            if isinstance(node, yaml.MappingNode):
                self.mapping(node, collections, inherited_defaults)

    def mapping(self, node, collections, inherited_defaults):
        keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        if 'collections' in keys:
            collections = self.value(keys['collections']) or []
        defaults = inherited_defaults or 'module_defaults' in keys
        if any(k in keys for k in TASK_LISTS):
            for k in TASK_LISTS:
                if k in keys:
                    self.items(keys[k], collections, defaults)
            return
        for key, value_node in node.value:
            fqcn = resolve(key.value, self.specs, collections) if isinstance(key, yaml.ScalarNode) else None
            if fqcn is None:
                continue
            record = {'line': node.start_mark.line + 1, 'module': fqcn}
            value = self.value(value_node)
            args = self.value(keys['args']) if 'args' in keys else None
            if defaults:
                record['skipped'] = 'module_defaults in scope'
            elif not isinstance(value, (dict, type(None))) or (args is not None and not isinstance(args, dict)):
                record['skipped'] = 'free-form or templated arguments'
            else:
                merged = dict(args or {})
                merged.update(value or {})
                record.update(check_task(self.specs['modules'][fqcn], merged))
            self.tasks.append(record)
            return


def check_file(text, specs):
    loader = yaml.SafeLoader(text)
    tasks = []
    try:
        while loader.check_node():
            walker = Walker(loader, specs)
            walker.items(loader.get_node(), [], False)
            tasks += walker.tasks
    finally:
        loader.dispose()
    return tasks


def main():
    request = json.load(sys.stdin)
    specs = {}
    for version, path in request['specs'].items():
        with open(path) as f:
            specs[version] = json.load(f)
    out = {}
    for file in request['files']:
        try:
            out[file['id']] = check_file(file['text'], specs[file['version']])
        except yaml.YAMLError as e:
            out[file['id']] = [{'line': 0, 'skipped': 'YAML: %s' % e}]
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
