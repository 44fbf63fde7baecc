// A realistic multi-cloud playbook of exactly `lines` lines: plays of keypair, image, network,
// server, volume and debug tasks, with loops over clouds, blocks, `when` and registers.
const TASKS = [
  (p, t) => [`- name: Upload key ${p}-${t}`, `  openstack.cloud.keypair:`, `    cloud: "{{ item }}"`, `    name: deploy-${p}`, `    public_key_file: ~/.ssh/id_ed25519.pub`, `  loop: "{{ clouds }}"`],
  (p, t) => [`- name: Upload image ${p}-${t}`, `  openstack.cloud.image:`, `    cloud: "{{ item }}"`, `    name: ubuntu-${p}`, `    filename: /srv/images/ubuntu.qcow2`, `    disk_format: qcow2`, `    visibility: private`, `  loop: "{{ clouds }}"`],
  (p, t) => [`- name: Network ${p}-${t}`, `  openstack.cloud.network:`, `    cloud: devstack`, `    name: net-${p}-${t}`, `    state: present`],
  (p, t) => [`- name: Boot ${p}-${t}`, `  openstack.cloud.server:`, `    cloud: "{{ item }}"`, `    name: web-${p}-${t}`, `    image: ubuntu-${p}`, `    flavor: m1.small`, `    network: public`, `    key_name: deploy-${p}`, `    auto_ip: true`, `    wait: yes`, `    timeout: 600`, `  loop: "{{ clouds }}"`, `  register: boot_${t}`, `  when: boot_enabled | bool`],
  (p, t) => [`- name: Volume ${p}-${t}`, `  block:`, `    - name: Create volume ${p}-${t}`, `      openstack.cloud.volume:`, `        cloud: devstack`, `        name: data-${p}-${t}`, `        size: 10`, `  rescue:`, `    - name: Report ${p}-${t}`, `      ansible.builtin.debug:`, `        msg: "volume {{ '${t}' }} failed on {{ inventory_hostname }}"`],
];

export function generatePlaybook(lines) {
  const out = [];
  let play = 0;
  while (out.length < lines) {
    const head = [`- name: Play ${play}`, `  hosts: localhost`, `  gather_facts: false`, `  vars:`, `    clouds: [devstack, vexxhost]`, `    boot_enabled: true`, `  tasks:`];
    if (out.length + head.length + 10 > lines) break;
    out.push(...head);
    for (let t = 0; t < 40; t++) {
      const task = TASKS[t % TASKS.length](play, t).map((l) => `    ${l}`);
      if (out.length + task.length > lines) break;
      out.push(...task);
    }
    play++;
  }
  while (out.length < lines) out.push('# padding to the exact line count');
  return out.join('\n') + '\n';
}
