// Containers: not written yet.
import type { RulePack } from './rule';

export const containersPack: RulePack = {
  name: 'containers',
  title: 'Containers',
  programs: [],
  rules: [],
  check: () => [],
};
