// The commented clouds.yaml written by "OpenStack: Create clouds.yaml". Secrets are left out on
// purpose: the extension asks for a missing password and keeps it in VS Code's SecretStorage.
export const CLOUDS_YAML_TEMPLATE = `# clouds.yaml: the OpenStack clouds you use, read by this extension, the openstack CLI,
# openstacksdk and Ansible alike. Reference:
# https://docs.openstack.org/openstacksdk/latest/user/config/configuration.html
clouds:
  # A cloud reached with a user name and password. Leave the password out of this file:
  # put it in secure.yaml next to this file, or let VS Code ask for it and keep it in
  # its secret storage.
  my-cloud:
    auth:
      auth_url: https://keystone.example.com:5000/v3
      username: alice
      project_name: my-project
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: 3
    interface: public

  # A cloud reached with an application credential (made with
  # "openstack application credential create"); it is already scoped to a project.
  # my-other-cloud:
  #   auth_type: v3applicationcredential
  #   auth:
  #     auth_url: https://identity.example.org/v3
  #     application_credential_id: 0123456789abcdef
  #   regions:
  #     - RegionOne
  #     - RegionTwo

  # A public cloud described by a vendor profile (auth URL, regions, image format):
  # my-vendor-cloud:
  #   profile: vexxhost
  #   auth:
  #     username: alice
  #     project_name: my-project
`;
