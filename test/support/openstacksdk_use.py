#!/usr/bin/python3
"""Differential-test driver: does Debian's openstacksdk (0.101.0) with keystoneauth1 fail to *use*
a cloud of a clouds.yaml, up to its first request to a service? No traffic leaves the process.

Reads a JSON list of cases on stdin, each {"id", "yaml", "cloud", "service"}; writes
{id: result} to stdout, result = {"ok": true} or {"stage", "error"} where stage is the first that
raised:
  config   OpenStackConfig(config_files=[the yaml]).get_one(cloud, region_name=R) for every
           region R of the cloud (as get_all() does): the merge, the auth plugin loaded from its
           options (keystoneauth's load_from_options and the plugin constructor); the first
           region is used below
  session  cloud_region.get_session() (keystoneauth Session: verify, cert, timeout)
  auth     session.get_token(): identity discovery and the token request
  keystone the token request keystoneauth sends is one Keystone refuses (an application
           credential with a scope: "Application credentials cannot request a scope", 401)
  request  get_session_client(service).get('/'): catalog lookup (interface, region, service
           type), endpoint override, the first request to the service
  connect  that request goes to a host no resolver resolves (emulated: nothing is resolved)
Transport: requests' HTTPAdapter.send is replaced by a stand-in Keystone. It answers identity
version discovery with a v3 document and /v3/auth/tokens with a token whose catalog has the
asked service at every interface of the cloud's region (`RegionOne` without one); the first
request to any other URL ends the case as accepted ("the request would have been sent"). What
requests or keystoneauth raise before a request reaches the transport (a URL without a scheme or
with a bad port, an unknown interface, a wrong type) is a failure of that stage.
"""
import ipaddress
import json
import os
import re
import sys
import tempfile
import urllib.parse
import warnings

import requests
import requests.adapters

import openstack.config.loader as loader
import openstack.connection

SERVICE_HOST = 'service.oracle.invalid'


class Reached(BaseException):
    """A request to a service reached the transport: it would have been sent (not an Exception,
    so no except clause of keystoneauth or openstacksdk swallows it)."""


class Unresolvable(BaseException):
    """A request to a host that cannot be resolved: the connection fails before anything is sent."""


class Refused(BaseException):
    """The token request is one Keystone refuses."""


_region = ['RegionOne']
_service = ['compute']


def _response(request, status, body, headers=None):
    r = requests.Response()
    r.status_code = status
    r._content = json.dumps(body).encode()
    r.headers['Content-Type'] = 'application/json'
    for k, v in (headers or {}).items():
        r.headers[k] = v
    r.url = request.url
    r.request = request
    r.reason = 'OK'
    return r


def _catalog():
    service = _service[0]
    url = 'https://%s/%s' % (SERVICE_HOST, service)
    return [{'type': service, 'name': service, 'id': 'svc', 'endpoints': [
        {'id': i, 'interface': i, 'region': _region[0], 'region_id': _region[0], 'url': url}
        for i in ('public', 'internal', 'admin')]}]


def _token(request):
    body = json.loads(request.body or b'{}')
    auth = body.get('auth', {})
    # Keystone's own rule (Debian keystone, keystone/auth/core.py _validate_and_normalize_scope_data).
    if 'application_credential' in auth.get('identity', {}).get('methods', []) and 'scope' in auth:
        raise Refused('Keystone: Application credentials cannot request a scope (401)')
    token = {'methods': ['password'], 'expires_at': '2999-01-01T00:00:00.000000Z',
             'issued_at': '2000-01-01T00:00:00.000000Z',
             'user': {'id': 'u', 'name': 'u', 'domain': {'id': 'default', 'name': 'Default'}},
             'project': {'id': 'p', 'name': 'p', 'domain': {'id': 'default', 'name': 'Default'}},
             'roles': [{'id': 'r', 'name': 'member'}], 'catalog': _catalog()}
    return _response(request, 201, {'token': token}, {'X-Subject-Token': 'oracle-token'})


def _discovery(request):
    base = request.url.split('?')[0].rstrip('/')
    if base.endswith('/v3'):
        return _response(request, 200, {'version': _v3(base)})
    return _response(request, 300, {'versions': {'values': [_v3(base + '/v3')]}})


def _v3(href):
    return {'id': 'v3.14', 'status': 'stable', 'updated': '2020-04-07T00:00:00Z',
            'links': [{'rel': 'self', 'href': href + '/'}],
            'media-types': [{'base': 'application/json', 'type': 'application/vnd.openstack.identity-v3+json'}]}


# A host name that no resolver resolves: labels of letters, digits, '-' and '_', the last one not
# all digits (so 192.168.1.256 is no name, and no IPv4 address either).
_LABEL = re.compile(r'^[A-Za-z0-9_-]{1,63}$')


def _resolvable(host):
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        labels = host.rstrip('.').split('.')
        return all(_LABEL.match(label) for label in labels) and not labels[-1].isdigit()


def _send(self, request, **kwargs):
    parts = urllib.parse.urlsplit(request.url)
    if not _resolvable(parts.hostname or ''):
        raise Unresolvable('getaddrinfo fails for %r: neither an IP address nor a DNS name' % parts.hostname)
    if parts.hostname == SERVICE_HOST or request.method not in ('GET', 'POST'):
        raise Reached(request.url)
    if request.method == 'POST' and parts.path.rstrip('/').endswith('/v3/auth/tokens'):
        return _token(request)
    if request.method == 'GET':
        return _discovery(request)
    raise Reached(request.url)  # another token endpoint (v2, an identity provider): it is sent


requests.adapters.HTTPAdapter.send = _send


def describe(e):
    return '%s: %s' % (type(e).__name__, e)


def use(case, path):
    stage = 'config'
    try:
        config = loader.OpenStackConfig(config_files=[path], secure_files=[], vendor_files=[])
        # As the differential driver does (openstacksdk_dump.py): every region of the cloud.
        regions = [config.get_one(case['cloud'], region_name=r['name']) for r in config._get_regions(case['cloud'])]
        cloud_region = regions[0] if regions else config.get_one(case['cloud'])
        _region[0] = cloud_region.region_name or 'RegionOne'
        _service[0] = case.get('service') or 'compute'
        stage = 'session'
        session = cloud_region.get_session()
        stage = 'auth'
        session.get_token()
        stage = 'request'
        proxy = getattr(openstack.connection.Connection(config=cloud_region), _service[0].replace('-', '_'))
        proxy.get('/')
    except Reached:
        return {'ok': True}
    except Unresolvable as e:
        return {'stage': 'connect', 'error': str(e)}
    except Refused as e:
        return {'stage': 'keystone', 'error': str(e)}
    except Exception as e:
        return {'stage': stage, 'error': describe(e)}
    return {'ok': True}


def main():
    cases = json.load(sys.stdin)
    out = {}
    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter('ignore')
        os.environ.clear()
        os.environ.update({'HOME': tmp, 'PATH': '/usr/bin:/bin'})
        path = os.path.join(tmp, 'clouds.yaml')
        for case in cases:
            with open(path, 'w') as f:
                f.write(case['yaml'])
            out[case['id']] = use(case, path)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == '__main__':
    main()
