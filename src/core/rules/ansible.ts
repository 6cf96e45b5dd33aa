// Ansible: not written yet.
import type { RulePack } from './rule';

export const ansiblePack: RulePack = {
  name: 'ansible',
  title: 'Ansible',
  programs: [],
  rules: [],
  check: () => [],
};
