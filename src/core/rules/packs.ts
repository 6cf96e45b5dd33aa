// Every rule pack, and the index from program name to the packs that look at it.
import { agentsPack } from './agents';
import { ansiblePack } from './ansible';
import { awsPack } from './aws';
import { azurePack } from './azure';
import { cloudformationPack } from './cloudformation';
import { cloudsPack } from './clouds';
import { containersPack } from './containers';
import { databasesPack } from './databases';
import { editsPack } from './edits';
import { filesystemPack } from './filesystem';
import { gcpPack } from './gcp';
import { gitPack } from './git';
import { githubPack } from './github';
import { gitopsPack } from './gitops';
import { guardPack } from './guard';
import { helmPack } from './helm';
import { httpPack } from './http';
import { kubernetesPack } from './kubernetes';
import { mcpPack } from './mcp';
import { plantedPack } from './planted';
import { migrationsPack } from './migrations';
import { publishingPack } from './publishing';
import { pulumiPack } from './pulumi';
import { remotePack } from './remote';
import type { Rule, RulePack } from './rule';
import { secretsPack } from './secrets';
import { shellPack } from './shell';
import { sqlLinesPack } from './sqlLines';
import { storagePack } from './storage';
import { switchesPack } from './switches';
import { systemPack } from './system';
import { terraformPack } from './terraform';
import { textPack } from './text';
import { unknownPack } from './unknown';

export const packs: readonly RulePack[] = [
  shellPack, filesystemPack, systemPack, gitPack, terraformPack, pulumiPack, cloudformationPack, ansiblePack, kubernetesPack, helmPack, gitopsPack,
  awsPack, gcpPack, azurePack, cloudsPack, storagePack, githubPack, httpPack, databasesPack, sqlLinesPack, migrationsPack, containersPack, remotePack, secretsPack, publishingPack, agentsPack, editsPack, plantedPack, mcpPack, guardPack, textPack, unknownPack,
  switchesPack,
];

const everyCommand = packs.filter((pack) => pack.programs.includes('*'));
// A program no pack names gets the packs for every command and the fallbacks for unknown programs.
const unknownProgram = [...everyCommand, ...packs.filter((pack) => pack.unknownPrograms)];
const byProgram = new Map<string, RulePack[]>();
for (const pack of packs) {
  for (const program of pack.programs) {
    if (program !== '*') byProgram.set(program, [...(byProgram.get(program) ?? everyCommand), pack]);
  }
}
// A program only partial packs name is still one nobody wrote rules for.
for (const [program, named] of byProgram) {
  if (named.every((pack) => everyCommand.includes(pack) || pack.partial)) byProgram.set(program, [...named, ...unknownProgram.filter((pack) => !named.includes(pack))]);
}

/** The packs to run for a program (packs for every command included). */
export function packsFor(program: string): readonly RulePack[] {
  return byProgram.get(program) ?? unknownProgram;
}

/**
 * Programs whose name alone makes unchecked text risky: text the parser skipped is searched for these.
 * The secrets pack watches everyday readers (`cat`, `env`, `open`) for their arguments, so only its managers count.
 */
export const programsWithRules: ReadonlySet<string> = new Set([
  ...packs.filter((pack) => pack !== secretsPack && !pack.partial).flatMap((pack) => pack.programs.filter((program) => program !== '*')),
  'rm', 'dd', 'shred', 'chmod', 'chown', 'truncate', 'rsync', 'mkfs', 'vault', 'doppler', 'infisical', 'sops',
]);

/** Every rule by id. */
export const rulesById: ReadonlyMap<string, Rule> = new Map(packs.flatMap((pack) => pack.rules.map((rule) => [rule.id, rule] as const)));
