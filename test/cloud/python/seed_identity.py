"""Keystone: roles, service users, the catalog of both regions, the projects and
users of the three clouds, and the application credential. Find-or-create, so a
kept state dir is left as it is."""
import plan

DOMAIN = 'default'


def _role(idn, name):
    return idn.find_role(name) or idn.create_role(name=name)


def _project(idn, name, description):
    return (idn.find_project(name, domain_id=DOMAIN) or
            idn.create_project(name=name, domain_id=DOMAIN, description=description))


def _user(idn, name, password, project=None):
    user = idn.find_user(name, domain_id=DOMAIN)
    if user:
        return user
    attrs = {'default_project_id': project.id} if project else {}
    return idn.create_user(name=name, password=password, domain_id=DOMAIN, **attrs)


def _grant(idn, role, user, project):
    if not list(idn.role_assignments(user_id=user.id, scope_project_id=project.id,
                                     role_id=role.id)):
        idn.assign_project_role_to_user(project, user, role)


def _endpoints(idn, service, region, url):
    have = {e.interface for e in idn.endpoints(service_id=service.id, region_id=region)}
    for interface in ('public', 'internal', 'admin'):
        if interface not in have:
            idn.create_endpoint(service_id=service.id, interface=interface, url=url,
                                region_id=region)


def seed_catalog(conn, service_password):
    """Roles, service project and users, and every service in both regions."""
    idn = conn.identity
    for name in ('admin', 'member', 'reader', 'service', 'ResellerAdmin', plan.TASKS_ROLE):
        _role(idn, name)
    if not idn.find_region('RegionTwo'):
        idn.create_region(id='RegionTwo', description='same services, own endpoints')
    service_project = _project(idn, 'service', 'service users')
    keystone = idn.find_service('keystone')
    _endpoints(idn, keystone, 'RegionTwo', plan.AUTH_URL)
    for name, stype, url, port_one, port_two in plan.SERVICES:
        user = _user(idn, name, service_password)
        _grant(idn, _role(idn, 'admin'), user, service_project)
        _grant(idn, _role(idn, 'service'), user, service_project)
        service = idn.find_service(name) or idn.create_service(name=name, type=stype)
        _endpoints(idn, service, 'RegionOne', url.format(h=plan.HOST, p=port_one))
        if port_two:
            _endpoints(idn, service, 'RegionTwo', url.format(h=plan.HOST, p=port_two))


def seed_tenants(conn):
    """The project and user of each cloud; returns {cloud name: project}."""
    idn = conn.identity
    projects = {}
    for cloud in plan.CLOUDS:
        project = _project(idn, cloud.project, f'project of the {cloud.name} test cloud')
        user = _user(idn, cloud.user, cloud.password, project)
        for role in ('member', 'reader') + cloud.extra_roles:
            _grant(idn, _role(idn, role), user, project)
        projects[cloud.name] = project
    return projects


def application_credential(user_conn):
    """The application credential of local-appcred, made by its own user (keystone
    lets only the owner create one). Returns (id, secret)."""
    idn = user_conn.identity
    user_id = user_conn.current_user_id
    cred = idn.find_application_credential(user_id, plan.APPCRED_NAME)
    if not cred:
        cred = idn.create_application_credential(
            user_id, plan.APPCRED_NAME, secret=plan.APPCRED_SECRET,
            description='test cloud local-appcred')
    return cred.id, plan.APPCRED_SECRET
