"""Throwaway projects on the local test OpenStack, for a test whose pictures must show only what
it made (test/ui/tests/readmeScreens.mjs, the README's screenshots): each a project, a user with a
random password (role member), a private network with a router to the external network (as
seed_resources makes for the seeded projects) and an SSH key pair. Uses the operator's clouds.yaml.

  scratch_projects.py create ADMIN_CLOUDS_YAML PREFIX KEY NAME...
      prints a clouds.yaml with one cloud NAME per project PREFIX-NAME (user PREFIX-NAME)
  scratch_projects.py delete ADMIN_CLOUDS_YAML PREFIX NAME...
      deletes the projects and everything in them (servers, floating IPs, images, router,
      network, key pairs, the user) but neutron's "default" security group (see delete_project);
      what is already gone is skipped
"""
import secrets
import sys
import time

import openstack
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

import plan

DOMAIN = 'default'


def admin_connection(clouds_yaml):
    config = openstack.config.OpenStackConfig(config_files=[clouds_yaml])
    return openstack.connection.Connection(config=config.get_one('local-admin'))


def public_key():
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def create(conn, prefix, key_name, names):
    idn, net = conn.identity, conn.network
    public = net.find_network(plan.EXTERNAL_NETWORK)
    member = idn.find_role('member')
    auth_url = conn.config.config['auth']['auth_url']
    lines = ['# Throwaway projects of test/cloud/python/scratch_projects.py', 'clouds:']
    for i, name in enumerate(names):
        full = f'{prefix}-{name}'
        password = secrets.token_hex(16)
        project = idn.create_project(name=full, domain_id=DOMAIN, description='scratch project of a test run')
        user = idn.create_user(name=full, password=password, domain_id=DOMAIN, default_project_id=project.id)
        idn.assign_project_role_to_user(project, user, member)
        private = net.create_network(name='private', project_id=project.id)
        cidr = f'10.{200 + i}.{secrets.randbelow(250)}.0/24'
        subnet = net.create_subnet(name='private-subnet', network_id=private.id, project_id=project.id,
                                   ip_version=4, cidr=cidr, dns_nameservers=[])
        router = net.create_router(name='router', project_id=project.id,
                                   external_gateway_info={'network_id': public.id})
        net.add_interface_to_router(router, subnet_id=subnet.id)
        cloud = {'auth_url': auth_url, 'username': full, 'password': password, 'project_name': full,
                 'user_domain_name': 'Default', 'project_domain_name': 'Default'}
        user_conn = openstack.connection.Connection(auth=cloud, region_name='RegionOne', interface='public', identity_api_version='3')
        user_conn.compute.create_keypair(name=key_name, public_key=public_key())
        lines += [f'  {name}:', '    auth:'] + [f'      {k}: {v}' for k, v in cloud.items()]
        lines += ['    region_name: RegionOne', '    identity_api_version: 3', '    interface: public']
    print('\n'.join(lines))


def wait_gone(find, timeout=180):
    deadline = time.monotonic() + timeout
    while find() and time.monotonic() < deadline:
        time.sleep(2)


def delete_project(conn, full):
    """Deletes one project and what it holds; returns the errors (each step goes on after one)."""
    idn, net, compute = conn.identity, conn.network, conn.compute
    errors = []

    def attempt(what, fn, *args, **kwargs):
        try:
            fn(*args, **kwargs)
        except openstack.exceptions.SDKException as e:
            errors.append(f'{full}: {what}: {e}')

    project = idn.find_project(full, domain_id=DOMAIN)
    user = idn.find_user(full, domain_id=DOMAIN)
    if project:
        pid = project.id
        for server in compute.servers(all_projects=True, project_id=pid):
            attempt(f'server {server.name}', compute.delete_server, server, ignore_missing=True)
        wait_gone(lambda: list(compute.servers(all_projects=True, project_id=pid)))
        for ip in net.ips(project_id=pid):
            attempt(f'floating IP {ip.floating_ip_address}', net.delete_ip, ip, ignore_missing=True)
        for image in conn.image.images(owner=pid):
            attempt(f'image {image.name}', conn.image.delete_image, image, ignore_missing=True)
        for router in net.routers(project_id=pid):
            for port in net.ports(device_id=router.id, device_owner='network:router_interface'):
                attempt('router interface', net.remove_interface_from_router, router, port_id=port.id)
            attempt('router', net.delete_router, router, ignore_missing=True)
        for network in net.networks(project_id=pid):
            attempt(f'network {network.name}', net.delete_network, network, ignore_missing=True)
        # Neutron's own "default" security group stays: deleting it locks this test cloud's
        # SQLite database for 30 s at a time (every other neutron write fails meanwhile). It
        # holds no port once the servers are gone.
    if user:
        for keypair in compute.keypairs(user_id=user.id):
            attempt(f'key pair {keypair.name}', compute.delete_keypair, keypair.name, user_id=user.id, ignore_missing=True)
    if not errors:
        if user:
            attempt('user', idn.delete_user, user, ignore_missing=True)
        if project:
            attempt('project', idn.delete_project, project, ignore_missing=True)
    return errors


def delete(conn, prefix, names):
    # A step the cloud refused (seen: neutron's 500 while its SQLite database was locked) is
    # tried again a little later; what is still left is named, with exit status 1.
    for pause in (0, 5, 15):
        time.sleep(pause)
        errors = [e for name in names for e in delete_project(conn, f'{prefix}-{name}')]
        if not errors:
            return
    raise SystemExit('left on the cloud:\n' + '\n'.join(errors))


def main(argv):
    if len(argv) < 4 or argv[0] not in ('create', 'delete'):
        raise SystemExit(__doc__)
    conn = admin_connection(argv[1])
    if argv[0] == 'create':
        create(conn, argv[2], argv[3], argv[4:])
    else:
        delete(conn, argv[2], argv[3:])


if __name__ == '__main__':
    main(sys.argv[1:])
