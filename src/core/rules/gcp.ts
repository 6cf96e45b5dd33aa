// Google Cloud: not written yet.
import type { RulePack } from './rule';

export const gcpPack: RulePack = {
  name: 'gcp',
  title: 'Google Cloud',
  programs: [],
  rules: [],
  check: () => [],
};
