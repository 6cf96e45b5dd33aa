// Migrations and frameworks: not written yet.
import type { RulePack } from './rule';

export const migrationsPack: RulePack = {
  name: 'migration',
  title: 'Migrations and frameworks',
  programs: [],
  rules: [],
  check: () => [],
};
