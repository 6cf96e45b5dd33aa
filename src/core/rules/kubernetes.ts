// Kubernetes: not written yet.
import type { RulePack } from './rule';

export const kubernetesPack: RulePack = {
  name: 'kubernetes',
  title: 'Kubernetes',
  programs: [],
  rules: [],
  check: () => [],
};
