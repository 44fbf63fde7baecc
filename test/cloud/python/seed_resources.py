"""Nova and neutron objects, test images and the Swift container of the clouds.
Find-or-create throughout."""
import os
import subprocess
import time

import openstack.resource

import plan

IMAGE_SIZE = '32M'


def wait_for_compute(conn, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(s.binary == 'nova-compute' and s.state == 'up' for s in conn.compute.services()):
            return
        time.sleep(1)
    raise SystemExit(f'nova-compute did not report up within {timeout}s')


def seed_flavors(conn):
    for fid, name, vcpus, ram, disk in plan.FLAVORS:
        if not conn.compute.find_flavor(name):
            conn.compute.create_flavor(id=fid, name=name, vcpus=vcpus, ram=ram, disk=disk)


def seed_external_network(conn):
    net = conn.network
    public = net.find_network(plan.EXTERNAL_NETWORK) or net.create_network(
        name=plan.EXTERNAL_NETWORK, is_router_external=True, is_shared=False,
        provider_network_type='flat', provider_physical_network='public')
    if not net.find_subnet('public-subnet'):
        net.create_subnet(name='public-subnet', network_id=public.id, ip_version=4,
                          cidr=plan.EXTERNAL_CIDR, gateway_ip='203.0.113.1',
                          is_dhcp_enabled=False,
                          allocation_pools=[{'start': '203.0.113.10', 'end': '203.0.113.250'}])
    return public


def seed_project_network(conn, cloud, project, public):
    """private network + subnet + router with its gateway on the external network."""
    net = conn.network
    private = net.find_network('private', project_id=project.id) or net.create_network(
        name='private', project_id=project.id)
    subnet = net.find_subnet('private-subnet', project_id=project.id) or net.create_subnet(
        name='private-subnet', network_id=private.id, project_id=project.id, ip_version=4,
        cidr=cloud.private_cidr, dns_nameservers=[])
    if not net.find_router('router', project_id=project.id):
        router = net.create_router(name='router', project_id=project.id,
                                   external_gateway_info={'network_id': public.id})
        net.add_interface_to_router(router, subnet_id=subnet.id)


def make_image_files(directory):
    """A small disk image made here with qemu-img: 32 MiB virtual, the first MiB
    filled with a fixed pattern (so checksums are stable), as qcow2 and as raw."""
    os.makedirs(directory, exist_ok=True)
    qcow2 = os.path.join(directory, f'{plan.IMAGE_NAME}.qcow2')
    raw = os.path.join(directory, f'{plan.IMAGE_NAME}.raw')
    if not os.path.exists(raw):
        subprocess.run(['qemu-img', 'create', '-q', '-f', 'raw', raw + '.tmp', IMAGE_SIZE], check=True)
        subprocess.run(['qemu-io', '-f', 'raw', '-c', 'write -P 0x5a 0 1M', raw + '.tmp'],
                       check=True, stdout=subprocess.DEVNULL)
        os.rename(raw + '.tmp', raw)
    if not os.path.exists(qcow2):
        subprocess.run(['qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', raw, qcow2 + '.tmp'], check=True)
        os.rename(qcow2 + '.tmp', qcow2)
    return {'qcow2': qcow2, 'raw': raw}


def seed_image(conn, project, disk_format, path):
    """One private image per project, in the format its cloud wants (create + PUT,
    as admin, owned by the project)."""
    existing = [i for i in conn.image.images(owner=project.id, name=plan.IMAGE_NAME)]
    if any(i.status == 'active' for i in existing):
        return
    for image in existing:                  # left over from an interrupted run
        conn.image.delete_image(image)
    image = conn.image.create_image(
        name=plan.IMAGE_NAME, disk_format=disk_format, container_format='bare',
        visibility='private', owner=project.id, allow_duplicates=True, filename=path,
        validate_checksum=False)
    openstack.resource.wait_for_status(conn.image, image, 'active', ['killed'], 0.5, 60)


def seed_container(user_conn):
    """The Swift container the task flow uploads to."""
    user_conn.object_store.create_container(name=plan.TASKS_CONTAINER)
