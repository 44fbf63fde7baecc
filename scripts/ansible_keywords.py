#!/usr/bin/python3
"""The playbook keywords ansible-core accepts, read from its own playbook classes: every
FieldAttribute of Play, Block, Task and Handler (and their aliases), plus the old spellings a
class's preprocess_data still rewrites (`user` for a play's `remote_user`).

    /usr/bin/python3 scripts/ansible_keywords.py > keywords.json
"""
import inspect
import json
import re
import sys

from ansible.playbook.block import Block
from ansible.playbook.handler import Handler
from ansible.playbook.play import Play
from ansible.playbook.task import Task


def keywords(cls):
    names = set()
    for name, attribute in cls.fattributes.items():
        if name.startswith('_') or name in ('async_val', 'loop_with'):  # internal names of `async` and `with_*`
            continue
        names.add(name)
        if getattr(attribute, 'alias', None):
            names.add(attribute.alias)
    # Keys preprocess_data renames before validation (`if 'user' in ds: ds['remote_user'] = ...`).
    source = inspect.getsource(cls.preprocess_data) if 'preprocess_data' in cls.__dict__ else ''
    names.update(re.findall(r"if '(\w+)' in ds", source))
    return names


task = keywords(Task) | {'async'}
json.dump({
    'play': sorted(keywords(Play)),
    'block': sorted(keywords(Block)),
    'task': sorted(task),
    'handler_extra': sorted(keywords(Handler) - task),
}, sys.stdout, indent=1)
sys.stdout.write('\n')
