// Terraform, OpenTofu and Terragrunt: not written yet.
import type { RulePack } from './rule';

export const terraformPack: RulePack = {
  name: 'terraform',
  title: 'Terraform, OpenTofu and Terragrunt',
  programs: [],
  rules: [],
  check: () => [],
};
