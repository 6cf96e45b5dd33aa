// Which environment a Terraform root is for, besides its workspace: its folder (`envs/prod`), var files, backend configuration and state key.
import type { SimpleCommand } from '../model/command';
import { isWithin, joinPath } from '../model/paths';
import type { FileReader } from '../model/reader';
import { matchesMarker } from '../rules/production';
import { findRepository } from './repository';

/** Where a production environment showed itself: what kind of evidence, where (`folder`, `envs/prod`), and the environment's name in it (`prod`). */
export interface TerraformEvidence {
  readonly label: string;
  readonly value: string;
  readonly environment: string;
}

export interface RootContext {
  readonly home: string | undefined;
  readonly reader: FileReader | undefined;
  /** Input variables teams name their environment with (`TF_VAR_environment=prod`), as [name, value]. */
  readonly inputs: readonly (readonly [string, string | undefined])[];
}

/** Names in which `prod` is only part of another word (`products`, `producer`): no environment. */
function onlyProductWord(name: string): boolean {
  return /produc(?!tion)/i.test(name) && !/prod(?!uc)|production/i.test(name);
}

/** The part of `text` (split at `/`, extensions dropped) that names production by the markers, if any. */
function productionPart(text: string, markers: readonly string[]): string | undefined {
  for (const part of text.split(/[\\/]+/).filter(Boolean)) {
    const name = part.replace(/(\.auto)?\.(tfvars|tfvars\.json|hcl|tfbackend|json|tfstate)$/i, '');
    const production = (candidate: string): boolean => candidate !== '' && !onlyProductWord(candidate) && matchesMarker(candidate, markers);
    // `prod.s3.tfbackend` names `prod`.
    const named = name.split('.').find(production) ?? (production(name) ? name : undefined);
    if (named !== undefined) return named;
  }
  return undefined;
}

/** Backend settings that name where the state lives, so an environment in them names the environment. */
const backendKeys = ['key', 'bucket', 'prefix', 'path', 'workspace_key_prefix', 'container_name', 'resource_group_name', 'storage_account_name', 'name'];
const backendSetting = new RegExp(`^\\s*(${backendKeys.join('|')})\\s*=\\s*"([^"]*)"`, 'gm');

/** The text of the `backend "…" { … }` or `cloud { … }` blocks of a configuration file. */
function backendBlocks(text: string): string[] {
  const blocks: string[] = [];
  const opening = /\b(?:backend\s+"[^"]*"|cloud)\s*\{/g;
  for (let match = opening.exec(text); match; match = opening.exec(text)) {
    let depth = 1;
    let index = match.index + match[0].length;
    for (; index < text.length && depth > 0; index++) {
      if (text[index] === '{') depth++;
      else if (text[index] === '}') depth--;
    }
    blocks.push(text.slice(match.index + match[0].length, index - 1));
  }
  return blocks;
}

/** `key = "prod/terraform.tfstate"` and the like, as [setting, value]. */
function backendSettings(text: string): [string, string][] {
  return [...text.matchAll(backendSetting)].map((match) => [match[1], match[2]]);
}

/** The root's configuration files: every `*.tf` when the reader can list the folder, the usual names otherwise. */
function configurationFiles(root: string, reader: FileReader): string[] {
  const names = reader.list?.(root) ?? ['backend.tf', 'main.tf', 'terraform.tf', 'versions.tf', 'providers.tf', 'state.tf', 'config.tf'];
  return names.filter((name) => name.endsWith('.tf')).map((name) => `${root}/${name}`);
}

/** A Terraform flag's values, `-name=value` or `-name value` (Go's flag package takes both). */
function flagValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, index) => {
    const flag = arg.replace(/^--?/, '-');
    if (flag.startsWith(`-${name}=`)) values.push(flag.slice(name.length + 2));
    else if (flag === `-${name}` && args[index + 1] !== undefined) values.push(args[index + 1]);
  });
  return values;
}

/** The root's path below the repository holding it, or below the home folder: the layout a team chose (`infra/envs/prod`), not where the clone lives. */
function layout(root: string, context: RootContext): string {
  const repository = context.reader === undefined ? undefined : findRepository(root, context.reader);
  const base = repository ?? (context.home !== undefined && context.home !== '/' && isWithin(root, context.home) ? context.home : '/');
  return root.slice(base.length).replace(/^\/+/, '');
}

/** The first sign that the root or the command is for a production environment, by the markers. */
export function terraformEvidence(command: SimpleCommand, root: string | undefined, markers: readonly string[], context: RootContext): TerraformEvidence | undefined {
  const found = (label: string, value: string, text = value): TerraformEvidence | undefined => {
    const environment = productionPart(text, markers);
    return environment === undefined ? undefined : { label, value, environment };
  };
  const read = (path: string): string | undefined => context.reader?.read(path);
  const candidates: (() => TerraformEvidence | undefined)[] = [
    () => first(flagValues(command.args, 'var-file').map((file) => found('var file', file))),
    () => first(flagValues(command.args, 'var').map((value) => {
      const environment = /^(?:env|environment|stage|tier)\s*=\s*(.+)$/i.exec(value)?.[1];
      return environment === undefined ? undefined : found('variable', value, environment);
    })),
    () => first(context.inputs.map(([name, value]) => (value ? found(name, value) : undefined))),
    () => first(flagValues(command.args, 'backend-config').map((value) => {
      const setting = /^\s*(\w+)\s*=\s*"?([^"]*)"?\s*$/.exec(value);
      if (setting) return backendKeys.includes(setting[1]) ? found(`backend ${setting[1]}`, setting[2]) : undefined;
      const file = root === undefined ? undefined : read(joinPath(root, value));
      return found('backend config', value) ?? first(backendSettings(file ?? '').map(([key, text]) => found(`backend ${key}`, text)));
    })),
    () => {
      if (root === undefined) return undefined;
      // What `terraform init` last configured: the backend the next plan, apply or destroy uses.
      const initialized = read(`${root}/.terraform/terraform.tfstate`);
      const config = initialized === undefined ? undefined : backendConfig(initialized);
      return config && first(Object.entries(config).map(([key, value]) => (backendKeys.includes(key) && typeof value === 'string' ? found(`backend ${key}`, value) : undefined)));
    },
    () => {
      if (root === undefined || context.reader === undefined) return undefined;
      for (const file of configurationFiles(root, context.reader)) {
        for (const block of backendBlocks(read(file) ?? '')) {
          const evidence = first(backendSettings(block).map(([key, value]) => found(`backend ${key}`, value)));
          if (evidence) return evidence;
        }
      }
      return undefined;
    },
    () => {
      const path = root === undefined ? undefined : layout(root, context);
      const evidence = path ? found('folder', path) : undefined;
      if (path === undefined || evidence === undefined) return undefined;
      // The folders down to the environment's (`envs/prod`), not the module below it.
      const parts = path.split('/');
      const at = parts.findIndex((part) => part === evidence.environment);
      return { ...evidence, value: at < 0 ? path : parts.slice(Math.max(0, at - 1), at + 1).join('/') };
    },
  ];
  for (const candidate of candidates) {
    const evidence = candidate();
    if (evidence) return evidence;
  }
  return undefined;
}

function first<T>(values: readonly (T | undefined)[]): T | undefined {
  return values.find((value) => value !== undefined);
}

/** The backend's settings in `.terraform/terraform.tfstate`, as init wrote them. */
function backendConfig(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text) as { backend?: { config?: Record<string, unknown> } };
    return parsed.backend?.config ?? undefined;
  } catch {
    return undefined;
  }
}
