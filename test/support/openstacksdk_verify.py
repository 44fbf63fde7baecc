#!/usr/bin/python3
"""Differential-test driver: how Debian's openstacksdk (0.101.0) and requests verify TLS for each
cloud of a clouds.yaml. argv[1] is the clouds.yaml; writes {cloud: answer} as JSON, where answer is
  "off"                      requests sends with CERT_NONE
  "system"                   CERT_REQUIRED with requests' default bundle
  "file:<path>"              CERT_REQUIRED with that CA bundle (file or directory)
  "missing:<path>"           requests raises "Could not find a suitable TLS CA certificate bundle"
  "error:<Type: message>"    openstacksdk itself raises for this cloud
No request is sent: the answer is requests' own cert_verify() on a stand-in connection, after
openstacksdk's get_requests_verify_args() and requests' merge_environment_settings().
"""
import json
import sys
import warnings

import requests
from requests.adapters import HTTPAdapter
from requests.utils import DEFAULT_CA_BUNDLE_PATH

import openstack.config.loader as loader


class Connection:
    cert_reqs = None
    ca_certs = None
    ca_cert_dir = None


def answer(cloud_region):
    verify, _cert = cloud_region.get_requests_verify_args()
    merged = requests.Session().merge_environment_settings('https://cloud.invalid/', {}, None, verify, None)['verify']
    conn = Connection()
    try:
        HTTPAdapter().cert_verify(conn, 'https://cloud.invalid/', merged, None)
    except OSError as e:
        return 'missing:' + str(e).split('invalid path: ', 1)[-1]
    if conn.cert_reqs == 'CERT_NONE':
        return 'off'
    location = conn.ca_certs or conn.ca_cert_dir
    return 'system' if location == DEFAULT_CA_BUNDLE_PATH else 'file:' + location


def main():
    config = loader.OpenStackConfig(config_files=[sys.argv[1]], secure_files=[])
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for name in config.get_cloud_names():
            try:
                out[name] = answer(config.get_one(name))
            except Exception as e:
                out[name] = 'error:%s: %s' % (type(e).__name__, e)
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
