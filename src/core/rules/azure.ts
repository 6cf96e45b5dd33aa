// Azure: not written yet.
import type { RulePack } from './rule';

export const azurePack: RulePack = {
  name: 'azure',
  title: 'Azure',
  programs: [],
  rules: [],
  check: () => [],
};
