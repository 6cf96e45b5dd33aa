// Other clouds: not written yet.
import type { RulePack } from './rule';

export const cloudsPack: RulePack = {
  name: 'cloud',
  title: 'Other clouds',
  programs: [],
  rules: [],
  check: () => [],
};
