#!/usr/bin/python3
"""Differential-test driver: what Debian's openstacksdk (0.101.0) makes of a clouds.yaml layout.

Reads a JSON list of cases on stdin; each case is
  {"id", "cwd", "env": {...complete environment...}, "requests": [{"cloud", "region"}] | null,
   "host_map": {"vexxhost.com": "http://127.0.0.1:PORT"}}
and writes a JSON object {id: result} to stdout, where result is
  {"fatal": "Type: message"}  when OpenStackConfig() itself raises, else
  {"items": [{"name", "region_name", "config", "force_ipv4"} | {"cloud", "region", "error"}],
   "warnings": [...]}.
With no requests the items are get_all()'s, computed cloud by cloud and region by region so that
one failing cloud region is recorded (get_all() itself stops at the first exception).

Discovery is openstacksdk's own: the environment and the current directory are set, then
openstack.config.loader is reloaded (its search path is computed at import time).
HTTP: remote profiles may only be fetched from loopback; a host of the case's host_map (such as
vexxhost.com, which the built-in vexxhost profile points at) is answered by the loopback server
mapped to it; any other host is refused, so nothing leaves the machine.
"""
import importlib
import json
import os
import sys
import urllib.parse
import warnings

import requests

import openstack.config.loader as loader
from openstack.config import vendors

_real_get = requests.get
_host_map = {}


def _guarded_get(url, *args, **kwargs):
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ('127.0.0.1', 'localhost', '::1'):
        if parts.netloc not in _host_map:
            raise RuntimeError('refusing to send traffic off the machine: ' + url)
        url = _host_map[parts.netloc] + parts.path
    kwargs.setdefault('timeout', 10)
    return _real_get(url, *args, **kwargs)


requests.get = _guarded_get


def describe(e):
    return '%s: %s' % (type(e).__name__, e)


def region_result(c, name, region):
    cr = c.get_one(name, region_name=region)
    return {'name': cr.name, 'region_name': cr.config.get('region_name'),
            'config': cr.config, 'force_ipv4': cr.force_ipv4}


def run_case(case):
    global _host_map
    global loader
    os.environ.clear()
    os.environ.update(case['env'])
    os.chdir(case['cwd'])
    _host_map = case.get('host_map') or {}
    loader = importlib.reload(loader)
    vendors._VENDOR_DEFAULTS = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            c = loader.OpenStackConfig()
        except Exception as e:
            return {'fatal': describe(e)}
        items = []
        requests_ = case.get('requests')
        if requests_:
            for r in requests_:
                try:
                    items.append(region_result(c, r['cloud'], r.get('region')))
                except Exception as e:
                    items.append({'cloud': r['cloud'], 'region': r.get('region'), 'error': describe(e)})
        else:
            for name in c.get_cloud_names():
                try:
                    regions = c._get_regions(name)
                except Exception as e:
                    items.append({'cloud': name, 'region': None, 'error': describe(e)})
                    continue
                for region in regions:
                    try:
                        items.append(region_result(c, name, region['name']))
                    except Exception as e:
                        items.append({'cloud': name, 'region': region['name'], 'error': describe(e)})
        return {'items': items, 'default_cloud': c.default_cloud,
                'warnings': sorted(set(str(w.message) for w in caught))}


def main():
    cases = json.load(sys.stdin)
    out = {}
    for case in cases:
        try:
            out[case['id']] = run_case(case)
        except Exception as e:  # a broken case must not hide the others
            out[case['id']] = {'driver_error': describe(e)}
    json.dump(out, sys.stdout, default=str, indent=1, sort_keys=True)


if __name__ == '__main__':
    main()
