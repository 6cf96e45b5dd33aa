// CDK, SAM and rain: deploys and deletes of CloudFormation stacks (`aws cloudformation …` is the AWS pack's).
import type { SimpleCommand } from '../model/command';
import { flagOn, hasOption, optionValue, parseOptions, type ParsedOptions } from '../shell/options';
import { hit, rule, type Hit, type RulePack } from './rule';

const cdkDestroy = rule({
  id: 'cloudformation.cdk.destroy',
  level: 'critical',
  reason: 'Deletes the CDK stacks and every resource in them, except those set to be retained.',
  saferAlternative: 'cdk diff, or cdk ls to see which stacks match',
});
const cdkDeploy = rule({
  id: 'cloudformation.cdk.deploy',
  level: 'high',
  reason: 'Deploys the CDK stacks: creates, changes or replaces AWS resources.',
  saferAlternative: 'cdk diff',
});
const cdkWatch = rule({
  id: 'cloudformation.cdk.watch',
  level: 'high',
  reason: 'Deploys to AWS every time a file changes, hotswapping resources directly where it can.',
  saferAlternative: 'cdk diff',
});
const cdkImport = rule({ id: 'cloudformation.cdk.import', level: 'high', reason: 'Adopts existing AWS resources into a stack: later deploys and destroys can change or delete them.' });
const cdkBootstrap = rule({
  id: 'cloudformation.cdk.bootstrap',
  level: 'high',
  reason: 'Creates or updates the CDKToolkit stack in the account: deployment IAM roles, the asset bucket and repository.',
  saferAlternative: 'cdk bootstrap --show-template',
});
const cdkRollback = rule({ id: 'cloudformation.cdk.rollback', level: 'high', reason: 'Rolls a stack back to its last stable state (with --orphan, leaving resources behind).' });
const cdkGarbage = rule({
  id: 'cloudformation.cdk.gc',
  level: 'high',
  reason: 'Deletes assets in the bootstrap bucket and repository that it judges unused.',
  saferAlternative: 'cdk gc --action=print',
});
const cdkRefactor = rule({ id: 'cloudformation.cdk.refactor', level: 'high', reason: 'Moves or renames resources between deployed stacks.', saferAlternative: 'cdk refactor --dry-run' });
const samDelete = rule({
  id: 'cloudformation.sam.delete',
  level: 'critical',
  reason: 'Deletes the application’s CloudFormation stack and every resource in it, and its deployment artifacts.',
});
const samDeploy = rule({
  id: 'cloudformation.sam.deploy',
  level: 'high',
  reason: 'Deploys the application’s stack: creates, changes or replaces AWS resources.',
  saferAlternative: 'sam deploy --no-execute-changeset',
});
const samSync = rule({
  id: 'cloudformation.sam.sync',
  level: 'high',
  reason: 'Pushes local changes straight into the deployed stack, skipping change sets (with --watch, on every save).',
  saferAlternative: 'sam deploy --no-execute-changeset',
});
const samPipelineBootstrap = rule({ id: 'cloudformation.sam.pipeline-bootstrap', level: 'high', reason: 'Creates pipeline IAM users, roles and artifact buckets in the account.' });
const samPublish = rule({ id: 'cloudformation.sam.publish', level: 'high', reason: 'Publishes the application to the AWS Serverless Application Repository.' });
const samRemoteInvoke = rule({ id: 'cloudformation.sam.remote-invoke', level: 'medium', reason: 'Invokes the deployed function in AWS; it does whatever the function does.', saferAlternative: 'sam local invoke' });
const rainDelete = rule({ id: 'cloudformation.rain.rm', level: 'critical', reason: 'Deletes a CloudFormation stack (or stack set) and every resource in it.' });
const rainDeploy = rule({ id: 'cloudformation.rain.deploy', level: 'high', reason: 'Deploys a CloudFormation template: creates, changes or replaces AWS resources.' });

const cdkCommands = new Set([
  'list', 'ls', 'synth', 'synthesize', 'bootstrap', 'gc', 'deploy', 'rollback', 'import', 'watch', 'destroy', 'diff', 'drift', 'metadata',
  'acknowledge', 'ack', 'notices', 'init', 'migrate', 'context', 'docs', 'doc', 'doctor', 'refactor', 'flags', 'cli-telemetry',
]);
const cdkValues = [
  '-a', '--app', '-c', '--context', '-p', '--plugin', '--profile', '--proxy', '--ca-bundle-path', '-o', '--output', '-r', '--role-arn',
  '--toolkit-stack-name', '--build', '--telemetry-file', '-m', '--method', '--parameters', '-O', '--outputs-file', '--notification-arns',
  '-t', '--tags', '--change-set-name', '--concurrency', '--progress', '--require-approval', '--action', '--type', '--rollback-buffer-days',
  '--created-buffer-days', '-l', '--language', '--from-path', '--from-stack', '--stack-name', '--resource-mapping', '--record-resource-mapping',
  '--exclude-type', '--filter', '--bootstrap-bucket-name', '--bootstrap-kms-key-id', '--qualifier', '--trust', '--cloudformation-execution-policies',
];
const samValues = [
  '--profile', '--region', '--config-env', '--config-file', '-t', '--template', '--template-file', '--stack-name', '--s3-bucket', '--s3-prefix',
  '--image-repository', '--image-repositories', '--capabilities', '--parameter-overrides', '--tags', '--kms-key-id', '--role-arn', '--resource-id',
  '--event', '-e', '--event-file', '--output',
];
const help = ['-h', '--help', '--version'];

/** The command word of a CLI whose options may come anywhere: the first known operand, else the first one. */
function commandOf(options: ParsedOptions, known: ReadonlySet<string>): { name: string; rest: readonly string[] } | undefined {
  const words = options.operands.map((word) => word.toLowerCase());
  const index = Math.max(words.findIndex((word) => known.has(word)), 0);
  const name = words[index];
  return name === undefined ? undefined : { name, rest: words.slice(index + 1) };
}

function cdkHits(command: SimpleCommand): Hit[] {
  const options = parseOptions(command.args, { values: cdkValues });
  if (hasOption(options, ...help)) return [];
  switch (commandOf(options, cdkCommands)?.name) {
    case 'destroy':
      return [hit(cdkDestroy)];
    case 'deploy': {
      // A change set that is prepared but not executed is a plan.
      const method = optionValue(options, '--method', '-m');
      const noExecute = hasOption(options, '--no-execute') || /^(false|0)$/i.test(optionValue(options, '--execute') ?? '');
      return method === 'prepare-change-set' || noExecute ? [] : [hit(cdkDeploy)];
    }
    case 'watch':
      return [hit(cdkWatch)];
    case 'import':
      return [hit(cdkImport)];
    case 'bootstrap':
      return hasOption(options, '--show-template') ? [] : [hit(cdkBootstrap)];
    case 'rollback':
      return [hit(cdkRollback)];
    case 'gc':
      return optionValue(options, '--action') === 'print' ? [] : [hit(cdkGarbage)];
    case 'refactor':
      return flagOn(options, '--dry-run') ? [] : [hit(cdkRefactor)];
    default:
      return [];
  }
}

function samHits(command: SimpleCommand): Hit[] {
  const options = parseOptions(command.args, { values: samValues });
  if (hasOption(options, ...help)) return [];
  const found = commandOf(options, new Set(['delete', 'deploy', 'sync', 'pipeline', 'publish', 'remote', 'build', 'local', 'validate', 'logs', 'list', 'init', 'package', 'traces', 'docs']));
  switch (found?.name) {
    case 'delete':
      return [hit(samDelete)];
    case 'deploy':
      return hasOption(options, '--no-execute-changeset') ? [] : [hit(samDeploy)];
    case 'sync':
      return [hit(samSync)];
    case 'pipeline':
      return found.rest[0] === 'bootstrap' ? [hit(samPipelineBootstrap)] : [];
    case 'publish':
      return [hit(samPublish)];
    case 'remote':
      return found.rest[0] === 'invoke' ? [hit(samRemoteInvoke)] : [];
    default:
      return [];
  }
}

function rainHits(command: SimpleCommand): Hit[] {
  const options = parseOptions(command.args, { values: ['--profile', '-p', '--region', '-r', '--params', '--tags', '--config', '-c', '--role-arn', '--s3-bucket', '--s3-prefix'] });
  if (hasOption(options, ...help)) return [];
  const words = options.operands.map((word) => word.toLowerCase());
  // `rain stackset rm`, `rain cc deploy`: the same verbs one level down.
  const verb = words[0] === 'stackset' || words[0] === 'cc' ? words[1] : words[0];
  if (verb === 'rm' || verb === 'remove' || verb === 'del' || verb === 'delete') return [hit(rainDelete)];
  return verb === 'deploy' ? [hit(rainDeploy)] : [];
}

export const cloudformationPack: RulePack = {
  readOnly: {
    cdk: { valueOptions: ['-a', '--app', '-c', '--context', '--profile', '-o', '--output'], subcommands: [['diff'], ['synth'], ['synthesize'], ['ls'], ['list'], ['doctor'], ['docs']] },
  },
  name: 'cloudformation',
  title: 'CDK, CloudFormation and SAM',
  programs: ['cdk', 'sam', 'rain'],
  rules: [cdkDestroy, cdkDeploy, cdkWatch, cdkImport, cdkBootstrap, cdkRollback, cdkGarbage, cdkRefactor, samDelete, samDeploy, samSync, samPipelineBootstrap, samPublish, samRemoteInvoke, rainDelete, rainDeploy],
  check(command) {
    switch (command.program) {
      case 'cdk':
        return cdkHits(command);
      case 'sam':
        return samHits(command);
      default:
        return rainHits(command);
    }
  },
};
