"""Seeds the test cloud through the real APIs with openstacksdk: one Python process
per step instead of dozens of `openstack` CLI calls (about 1 s of start-up each).

    /usr/bin/python3 seed.py STATE_DIR catalog|compute|clouds|smoke
"""
import logging
import os
import sys

import openstack
import openstack.config

import clouds_file
import plan
import seed_identity
import seed_resources

logging.basicConfig(level=logging.ERROR)   # keystoneauth's discovery warnings are noise here
ADMIN_PASSWORD = os.environ.get('ADMIN_PASSWORD', 'admin-secret')
SERVICE_PASSWORD = os.environ.get('SERVICE_PASSWORD', 'service-secret')


def from_file(path, name, region=None):
    """A connection to cloud NAME of exactly this clouds.yaml (no other discovery)."""
    config = openstack.config.OpenStackConfig(config_files=[path], load_envvars=False)
    return openstack.connection.Connection(config=config.get_one(cloud=name, region_name=region))


def admin(state):
    return from_file(os.path.join(state, 'admin', 'clouds.yaml'), 'local-admin')


def as_cloud(state, name, region=None):
    return from_file(os.path.join(state, 'clouds.yaml'), name, region)


def user_connection(cloud):
    """The cloud's own user with its password (also for the appcred cloud's user)."""
    return openstack.connect(auth_url=plan.AUTH_URL, username=cloud.user, password=cloud.password,
                             project_name=cloud.project, user_domain_name='Default',
                             project_domain_name='Default', region_name='RegionOne',
                             load_envvars=False, load_yaml_config=False)


def catalog(state):
    clouds_file.write_admin_clouds(state, ADMIN_PASSWORD)
    seed_identity.seed_catalog(admin(state), SERVICE_PASSWORD)


def clouds(state):
    conn = admin(state)
    projects = seed_identity.seed_tenants(conn)
    seed_resources.seed_flavors(conn)
    public = seed_resources.seed_external_network(conn)
    images = seed_resources.make_image_files(os.path.join(state, 'images'))
    appcred = None
    for cloud in plan.CLOUDS:
        project = projects[cloud.name]
        seed_resources.seed_project_network(conn, cloud, project, public)
        seed_resources.seed_image(conn, project, cloud.image_format, images[cloud.image_format])
        if cloud.auth_type == 'v3applicationcredential':
            appcred = seed_identity.application_credential(user_connection(cloud))
        if cloud.settings.get('image_api_use_tasks'):
            seed_resources.seed_container(user_connection(cloud))
    print(clouds_file.write_clouds(state, appcred, images, projects))


def smoke(state):
    """Every cloud and region answers an authenticated call on each service."""
    for cloud in plan.CLOUDS:
        for region in cloud.regions:
            c = as_cloud(state, cloud.name, region)
            images = [i.name for i in c.image.images()]
            networks = sorted(n.name for n in c.network.networks())
            servers = len(list(c.compute.servers()))
            containers = len(list(c.object_store.containers()))
            print(f'{cloud.name:15} {region:9} images={images} networks={networks} '
                  f'servers={servers} containers={containers}')


STEPS = {'catalog': catalog, 'compute': lambda s: seed_resources.wait_for_compute(admin(s)),
         'clouds': clouds, 'smoke': smoke}

if __name__ == '__main__':
    if len(sys.argv) != 3 or sys.argv[2] not in STEPS:
        sys.exit(f'usage: seed.py STATE_DIR {"|".join(STEPS)}')
    STEPS[sys.argv[2]](sys.argv[1])
