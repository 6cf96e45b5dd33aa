// GitHub and GitLab: not written yet.
import type { RulePack } from './rule';

export const githubPack: RulePack = {
  name: 'github',
  title: 'GitHub and GitLab',
  programs: [],
  rules: [],
  check: () => [],
};
