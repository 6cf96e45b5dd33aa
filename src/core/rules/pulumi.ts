// Pulumi: not written yet.
import type { RulePack } from './rule';

export const pulumiPack: RulePack = {
  name: 'pulumi',
  title: 'Pulumi',
  programs: [],
  rules: [],
  check: () => [],
};
