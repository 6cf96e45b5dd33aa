// Package publishing: not written yet.
import type { RulePack } from './rule';

export const publishingPack: RulePack = {
  name: 'publish',
  title: 'Package publishing',
  programs: [],
  rules: [],
  check: () => [],
};
