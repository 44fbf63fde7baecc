"""What the test cloud holds: the three clouds of the generated clouds.yaml and the
objects they share. Names here are a contract: tests and colleagues code against them.
"""
from dataclasses import dataclass, field

HOST = '127.0.0.1'
AUTH_URL = f'http://{HOST}:5000/v3'
REGIONS = ('RegionOne', 'RegionTwo')

# Catalog: service user/name, type, URL per region. RegionTwo is the same service
# reached through the forwarder (python/region_forward.py) on its own port.
SERVICES = (
    ('glance', 'image', 'http://{h}:{p}', 9292, 19292),
    ('swift', 'object-store', 'http://{h}:{p}/v1/AUTH_%(project_id)s', 8080, 18080),
    ('neutron', 'network', 'http://{h}:{p}', 9696, 19696),
    ('nova', 'compute', 'http://{h}:{p}/v2.1', 8774, 18774),
    ('placement', 'placement', 'http://{h}:{p}', 8778, None),
)

EXTERNAL_NETWORK = 'public'
EXTERNAL_CIDR = '203.0.113.0/24'      # TEST-NET-3: nothing is ever routed there
FLAVORS = (('1', 'm1.tiny', 1, 512, 1), ('2', 'm1.small', 1, 2048, 20))
IMAGE_NAME = 'test-image'
TASKS_ROLE = 'image_tasks'            # granted the tasks API by etc/glance/policy.yaml


@dataclass(frozen=True)
class Cloud:
    name: str
    project: str
    user: str
    password: str
    auth_type: str
    regions: tuple
    private_cidr: str
    image_format: str                 # the format of the seeded image of this cloud
    extra_roles: tuple = ()
    settings: dict = field(default_factory=dict)   # extra clouds.yaml keys


CLOUDS = (
    # (a) a plain cloud: password, project scope, one region, Glance create + PUT
    Cloud('local-password', 'proj-password', 'user-password', 'password-secret',
          'password', ('RegionOne',), '10.1.0.0/24', 'qcow2'),
    # (b) application credential, two regions, interoperable import (glance-direct)
    Cloud('local-appcred', 'proj-appcred', 'user-appcred', 'appcred-user-secret',
          'v3applicationcredential', REGIONS, '10.2.0.0/24', 'qcow2',
          settings={'image_import_method': 'glance-direct'}),
    # (c) wants the task flow through Swift and raw images (a Ceph-backed vendor)
    Cloud('local-tasks', 'proj-tasks', 'user-tasks', 'tasks-secret',
          'password', ('RegionOne',), '10.3.0.0/24', 'raw',
          extra_roles=(TASKS_ROLE,),
          settings={'image_api_use_tasks': True, 'image_format': 'raw'}),
)

TASKS_CONTAINER = 'images'
APPCRED_NAME = 'local-appcred'
APPCRED_SECRET = 'appcred-secret'
