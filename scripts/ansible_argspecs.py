#!/usr/bin/python3
"""Reads the argument specs of every module of an openstack.cloud collection from its own module
files, the way Ansible builds them: each module's main() runs until it constructs AnsibleModule,
whose arguments (argument_spec, mutually_exclusive, required_if, ...) are captured; nothing else
of the module runs. Also returns each module's EXAMPLES and the legacy os_* names.

    /usr/bin/python3 scripts/ansible_argspecs.py COLLECTION_ROOT > specs.json

COLLECTION_ROOT is the directory holding ansible_collections/ (e.g. Debian's dist-packages).
ansible-core's module_utils must be importable (Debian's ansible-core, or PYTHONPATH).
"""
import importlib
import json
import os
import sys

import ansible.module_utils.basic as basic


class Captured(Exception):
    pass


CAPTURED = {}
KWARGS = ['bypass_checks', 'no_log', 'mutually_exclusive', 'required_together', 'required_one_of',
          'add_file_common_args', 'supports_check_mode', 'required_if', 'required_by']


class CapturingModule:
    def __init__(self, argument_spec, *args, **kwargs):
        for name, value in zip(KWARGS, args):
            kwargs[name] = value
        CAPTURED.clear()
        CAPTURED['argument_spec'] = argument_spec
        for key in ('mutually_exclusive', 'required_together', 'required_one_of', 'required_if', 'required_by'):
            if kwargs.get(key):
                CAPTURED[key] = kwargs[key]
        raise Captured()


basic.AnsibleModule = CapturingModule


def plain(value):
    """JSON-safe copy (tuples become lists, a type given as a callable becomes its name)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return getattr(value, '__name__', repr(value))


def capture(package, name):
    module = importlib.import_module('%s.%s' % (package, name))
    try:
        module.main()
    except Captured:
        spec = plain(CAPTURED)
        spec['examples'] = getattr(module, 'EXAMPLES', '') or ''
        return spec
    except SystemExit:
        pass
    raise RuntimeError('%s: main() did not construct AnsibleModule' % name)


def main():
    root = os.path.abspath(sys.argv[1])
    sys.path.insert(0, root)
    collection = os.path.join(root, 'ansible_collections', 'openstack', 'cloud')
    with open(os.path.join(collection, 'MANIFEST.json')) as f:
        version = json.load(f)['collection_info']['version']
    package = 'ansible_collections.openstack.cloud.plugins.modules'
    modules_dir = os.path.join(collection, 'plugins', 'modules')
    modules, legacy, by_file = {}, {}, {}
    for file in sorted(os.listdir(modules_dir)):
        name, ext = os.path.splitext(file)
        if ext != '.py' or name == '__init__':
            continue
        path = os.path.join(modules_dir, file)
        with open(path, 'rb') as f:
            content = f.read()
        # 1.x ships each os_* name as a copy (a symlink upstream) of the module it was renamed to.
        if name.startswith('os_'):
            legacy[name] = content
            continue
        by_file[content] = name
        modules['openstack.cloud.' + name] = capture(package, name)
    legacy_names = {}
    for name, content in legacy.items():
        target = by_file.get(content)
        if target is None:
            modules['openstack.cloud.' + name] = capture(package, name)
            target = name
        legacy_names[name] = 'openstack.cloud.' + target
    json.dump({'collection': 'openstack.cloud', 'version': version, 'modules': modules, 'legacy_names': legacy_names},
              sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
