// Helm: not written yet.
import type { RulePack } from './rule';

export const helmPack: RulePack = {
  name: 'helm',
  title: 'Helm',
  programs: [],
  rules: [],
  check: () => [],
};
