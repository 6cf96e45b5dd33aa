// Where a command run from the workspace would act right now (DESIGN §8, Risk view), found by asking targetOf about harmless commands.
import { defaultPolicy, type ProductionMarkers } from '../policy/defaults';
import { makeCommand } from '../shell/command';
import type { SimpleCommand, Word } from '../model/command';
import type { Target, TargetKind } from '../model/assessment';
import { joinPath } from '../model/paths';
import type { FileReader } from '../model/reader';
import { targetOf, type TargetContext } from './target';

export interface EnvironmentContext {
  readonly cwd: string;
  readonly home: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly reader: FileReader;
  readonly production?: ProductionMarkers;
}

/** A command as the parser would hand it over, from plain words; it is only looked at, never run. */
function probe(line: string): SimpleCommand {
  const words: Word[] = [];
  let offset = 0;
  for (const text of line.split(' ')) {
    words.push({ text, span: { start: offset, end: offset + text.length }, dynamic: false });
    offset += text.length + 1;
  }
  return makeCommand(words[0], words.slice(1), { span: { start: 0, end: line.length }, via: [] });
}

/** One read-only command per kind of target, in the order the Risk view lists them. */
const probes: readonly SimpleCommand[] = [
  'kubectl config current-context',
  'terraform workspace show',
  'aws sts get-caller-identity',
  'gcloud config get-value project',
  'pulumi stack --show-name',
  // target.ts names a branch only for pushes; a dry run changes nothing either way.
  'git push --dry-run',
].map(probe);

/** `terraform init` writes this lock file in the root module, so its absence means the folder is no Terraform project. */
function terraformProject(context: EnvironmentContext): boolean {
  return context.reader.read(joinPath(context.cwd, '.terraform.lock.hcl')) !== undefined;
}

/** The targets a command from `cwd` would act on now, one per kind, in a fixed order. */
export function currentEnvironment(context: EnvironmentContext): Target[] {
  const targetContext: TargetContext = {
    cwd: context.cwd,
    home: context.home,
    variable: (name) => context.env[name],
    reader: context.reader,
    production: context.production ?? defaultPolicy.production,
  };
  const found = new Map<TargetKind, Target>();
  for (const command of probes) {
    const target = targetOf(command, targetContext);
    if (target === undefined || found.has(target.kind)) continue;
    // Every folder has Terraform's implicit `default` workspace; it is only worth showing in a Terraform project.
    if (target.kind === 'terraform-workspace' && target.name === 'default' && !target.production && !terraformProject(context)) continue;
    found.set(target.kind, target);
  }
  return [...found.values()];
}
