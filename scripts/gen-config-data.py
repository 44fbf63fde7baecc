#!/usr/bin/python3
"""Regenerates extension/config/data/*.json from Debian's python3-openstacksdk (0.101.0),
keystoneauth1 (5.0.0) and os-service-types (1.7.0), so the build needs no Python.

    /usr/bin/python3 scripts/gen-config-data.py

- vendors.json: every built-in vendor profile, exactly as openstacksdk loads it
  (`vendors._get_vendor_defaults()`: name -> unnormalised profile body, YAML files first).
- auth-plugins.json: each keystoneauth plugin's options (name, dest, deprecated names,
  required, secret, help) in loader order, plus the extra checks its load_from_options makes.
- service-types.json: official service types and their aliases (config key prefixes).
- defaults.json: openstacksdk's defaults (defaults.json + the Python-level defaults).
"""
import inspect
import json
import os
import sys

from keystoneauth1 import loading
import keystoneauth1
import os_service_types
import openstack
from openstack.config import defaults, vendors

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'extension', 'config', 'data')

# The checks each loader's load_from_options makes beyond "required" (keystoneauth1 5.0.0,
# loading/identity.py and loading/_plugins/identity/v3.py), named so TypeScript can run them.
V3 = ['v3-project-domain']
V3_USER = V3 + ['v3-user-domain']
EXTRA_CHECKS = {
    'v3password': V3_USER,
    'v3token': V3,
    'v3totp': V3_USER,
    'v3applicationcredential': V3_USER + ['appcred-id-or-name', 'appcred-secret'],
    'v3multifactor': V3_USER + ['auth-methods'],
    'v3oidcpassword': V3 + ['oidc-endpoint'],
    'v3oidcclientcredentials': V3 + ['oidc-endpoint'],
    'v3oidcauthcode': V3 + ['oidc-endpoint'],
    'v3oidcaccesstoken': V3,
    'v3samlpassword': V3,
    'v3adfspassword': V3,
    'v3tokenlessauth': ['tokenless-scope'],
}


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.write('\n')
    print('wrote', os.path.relpath(path))


def constructor_kwargs(cls):
    """Keyword arguments the plugin class accepts (following **kwargs up the MRO); others raise TypeError."""
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    names = set()
    if hasattr(cls, '_auth_method_class'):
        names |= set(cls._auth_method_class._method_parameters)
    for klass in cls.__mro__:
        init = klass.__dict__.get('__init__')
        if not init:
            continue
        params = inspect.signature(init).parameters.values()
        names |= {p.name for p in params if p.kind in kinds} - {'self'}
        if not any(p.kind == inspect.Parameter.VAR_KEYWORD for p in params):
            break
    return names


def constructor_required(cls):
    """Parameters without a default of the __init__ that runs: missing ones are a TypeError."""
    for klass in cls.__mro__:
        init = klass.__dict__.get('__init__')
        if init:
            kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
            return [p.name for p in inspect.signature(init).parameters.values()
                    if p.kind in kinds and p.default is inspect.Parameter.empty and p.name != 'self']
    return []


def auth_plugins():
    plugins = {}
    for name in sorted(loading.get_available_plugin_names()):
        loader = loading.get_plugin_loader(name)
        options = []
        for opt in loader.get_options():
            options.append({
                'name': opt.name.replace('-', '_'),
                'dest': opt.dest,
                'deprecated': [d.name.replace('-', '_') for d in opt.deprecated],
                'required': bool(opt.required),
                'secret': bool(opt.secret),
                'help': opt.help or '',
            })
        accepts = sorted(constructor_kwargs(loader.plugin_class) | {o['dest'] for o in options})
        plugins[name] = {'options': options, 'checks': EXTRA_CHECKS.get(name, []), 'accepts': accepts,
                         'constructorRequires': constructor_required(loader.plugin_class)}
    return plugins


def service_types():
    st = os_service_types.ServiceTypes()
    return [{'type': s['service_type'], 'aliases': s.get('aliases', [])} for s in st.services]


def main():
    os.makedirs(OUT, exist_ok=True)
    source = {
        'openstacksdk': openstack.version.__version__,
        'keystoneauth1': keystoneauth1.__version__ if hasattr(keystoneauth1, '__version__') else 'unknown',
        'generator': 'scripts/gen-config-data.py',
    }
    write('vendors.json', {'source': source, 'profiles': vendors._get_vendor_defaults()})
    write('auth-plugins.json', {'source': source, 'plugins': auth_plugins()})
    write('service-types.json', {'source': source, 'services': service_types()})
    write('defaults.json', {'source': source, 'defaults': defaults.get_defaults()})


if __name__ == '__main__':
    sys.exit(main())
