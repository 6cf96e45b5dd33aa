import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('ansible pack', () => {
  before(loadGrammar);

  it('asks before playbooks change hosts', () => {
    expectLevel('ansible-playbook site.yml', 'high', 'ansible.playbook');
    expectLevel('ansible-playbook -i inventories/staging -l web site.yml -b', 'high', 'ansible.playbook');
    expectLevel('ansible-playbook -c local -e "target=-C" site.yml', 'high', 'ansible.playbook');
    expectLevel('ansible-pull -U https://git.example.com/ops.git -C main', 'high', 'ansible.pull');
    assert.equal(assess('ansible-playbook site.yml').findings[0]?.saferAlternative, 'ansible-playbook --check --diff');
  });

  it('treats check mode and listings as dry runs', () => {
    for (const line of [
      'ansible-playbook site.yml --check', 'ansible-playbook -C --diff site.yml', 'ansible-playbook site.yml --syntax-check',
      'ansible-playbook site.yml --list-hosts', 'ansible-playbook site.yml --list-tasks', 'ansible-playbook site.yml --list-tags',
      'ansible-playbook --version', 'ansible all -m apt -a "name=nginx state=absent" --check', 'ansible-pull -U https://git.example.com/ops.git --check',
    ]) {
      expectAllowed(line);
    }
  });

  it('still asks under --check when the playbook turns check mode off', () => {
    const reader = memoryReader({ '/repo/site.yml': '- hosts: all\n  tasks:\n    - name: migrate\n      command: ./migrate.sh\n      check_mode: false\n' });
    expectLevel('ansible-playbook site.yml --check', 'high', 'ansible.playbook.check-bypass', { cwd: '/repo', env: {}, reader });
    const plain = memoryReader({ '/repo/site.yml': '- hosts: all\n  tasks:\n    - apt: name=nginx\n' });
    expectAllowed('ansible-playbook site.yml --check', { cwd: '/repo', env: {}, reader: plain });
  });

  it('asks before ad-hoc modules that change hosts', () => {
    expectLevel('ansible all -m file -a state=absent', 'high', 'ansible.adhoc.delete');
    expectLevel('ansible web -m ansible.builtin.file -a "path=/var/lib/app state=absent"', 'high', 'ansible.adhoc.delete');
    expectLevel('ansible all -m user -a "name=bob state=absent" -b', 'high', 'ansible.adhoc.delete');
    expectLevel('ansible all -m shell -a "df -h"', 'high', 'ansible.adhoc.command');
    expectLevel('ansible all -m raw -a reboot', 'high', 'ansible.adhoc.command');
    expectLevel('ansible all -a "rm -rf /tmp/cache"', 'high', 'ansible.adhoc.command');
    expectLevel('ansible all -m apt -a "name=nginx state=present" -b', 'high', 'ansible.adhoc.change');
    expectLevel('ansible all -m service -a "name=nginx state=restarted"', 'high', 'ansible.adhoc.change');
    expectLevel('ansible all -m copy -a "src=app.conf dest=/etc/app.conf"', 'high', 'ansible.adhoc.change');
    expectLevel('ansible all -m uri -a "url=https://api/x method=DELETE"', 'high', 'ansible.adhoc.change');
  });

  it('lets read-only ad-hoc modules through', () => {
    for (const line of [
      'ansible all -m ping', 'ansible -i inventory/hosts web -m ping', 'ansible web -m setup', 'ansible all -m gather_facts', 'ansible all -m debug -a "var=ansible_host"',
      'ansible all -m stat -a path=/etc/hosts', 'ansible all -m amazon.aws.ec2_instance_info', 'ansible all -m package_facts', 'ansible all -m uri -a "url=https://api/health"',
      'ansible all --list-hosts', 'ansible --version', 'ansible-inventory --list', 'ansible-galaxy install -r requirements.yml', 'ansible-vault encrypt group_vars/all/vault.yml',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('ansible all -m ping').level, 'none');
  });

  it('asks before decrypting vault files', () => {
    expectLevel('ansible-vault view group_vars/all/vault.yml', 'high', 'ansible.vault.reveal');
    expectLevel('ansible-vault decrypt --vault-password-file .pass secrets.yml', 'high', 'ansible.vault.reveal');
  });

  it('finds playbooks inside wrappers', () => {
    expectLevel("bash -c 'ansible-playbook deploy.yml'", 'high', 'ansible.playbook');
    expectLevel('sudo ansible all -m file -a state=absent', 'high', 'ansible.adhoc.delete');
  });
});
