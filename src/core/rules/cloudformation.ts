// CDK, CloudFormation and SAM: not written yet.
import type { RulePack } from './rule';

export const cloudformationPack: RulePack = {
  name: 'cloudformation',
  title: 'CDK, CloudFormation and SAM',
  programs: [],
  rules: [],
  check: () => [],
};
