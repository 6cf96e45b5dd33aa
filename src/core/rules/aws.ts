// AWS: not written yet.
import type { RulePack } from './rule';

export const awsPack: RulePack = {
  name: 'aws',
  title: 'AWS',
  programs: [],
  rules: [],
  check: () => [],
};
