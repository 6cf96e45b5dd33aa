// Secrets: not written yet.
import type { RulePack } from './rule';

export const secretsPack: RulePack = {
  name: 'secrets',
  title: 'Secrets',
  programs: [],
  rules: [],
  check: () => [],
};
