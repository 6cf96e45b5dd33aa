// Databases: not written yet.
import type { RulePack } from './rule';

export const databasesPack: RulePack = {
  name: 'database',
  title: 'Databases',
  programs: [],
  rules: [],
  check: () => [],
};
