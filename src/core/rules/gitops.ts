// Argo CD and Flux: not written yet.
import type { RulePack } from './rule';

export const gitopsPack: RulePack = {
  name: 'gitops',
  title: 'Argo CD and Flux',
  programs: [],
  rules: [],
  check: () => [],
};
