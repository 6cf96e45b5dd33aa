// Package publishing: releases the world can install, and changes to who or what a registry serves.
import { hasOption, parseOptions, type OptionSpec, type ParsedOptions } from '../shell/options';
import { hit, rule, type Hit, type Rule, type RulePack } from './rule';

const npm = rule({
  id: 'publish.npm',
  level: 'high',
  reason: 'Publishes a package version to the npm registry: anyone can install it, and that version number can never be reused.',
  saferAlternative: 'npm publish --dry-run (or npm pack to inspect the tarball)',
});
const npmUnpublish = rule({
  id: 'publish.npm.unpublish',
  level: 'critical',
  reason: 'Removes published versions from npm: projects that depend on them fail to install, and the version can never be published again.',
  saferAlternative: 'npm deprecate PACKAGE@VERSION "why" (keeps it installable)',
});
const deprecate = rule({ id: 'publish.npm.deprecate', level: 'high', reason: 'Marks published versions deprecated: every install of them shows the warning.' });
const distTag = rule({ id: 'publish.dist-tag', level: 'high', reason: 'Moves a registry tag such as latest: users get a different version on their next install.' });
const owners = rule({ id: 'publish.owners', level: 'high', reason: 'Changes who may publish the package, or who can see it.' });
const tokenCreate = rule({ id: 'publish.token.create', level: 'high', reason: 'Creates a registry token and prints it into the agent’s context; it can publish as the person.' });
const withdraw = rule({
  id: 'publish.withdraw',
  level: 'high',
  reason: 'Withdraws a published version (yank, unlist, unpublish): projects that depend on it may fail to resolve it.',
});
const cargo = rule({
  id: 'publish.cargo',
  level: 'high',
  reason: 'Publishes a crate version to crates.io (or another registry); published versions can never be deleted.',
  saferAlternative: 'cargo publish --dry-run',
});
const pypi = rule({
  id: 'publish.pypi',
  level: 'high',
  reason: 'Uploads a release to PyPI (or another index); the same version can never be uploaded again.',
  saferAlternative: 'upload to TestPyPI first (twine upload --repository testpypi dist/*)',
});
const rubygems = rule({ id: 'publish.rubygems', level: 'high', reason: 'Pushes a gem version to RubyGems, where anyone can install it.' });
const nuget = rule({ id: 'publish.nuget', level: 'high', reason: 'Pushes a package to a NuGet feed; on nuget.org a version can never be deleted, only unlisted.' });
const maven = rule({
  id: 'publish.maven',
  level: 'high',
  reason: 'Deploys artifacts to a Maven repository; released versions there are permanent.',
  saferAlternative: 'mvn install (local repository only)',
});
const gradle = rule({
  id: 'publish.gradle',
  level: 'high',
  reason: 'Publishes artifacts (libraries, plugins or images) to a remote repository.',
  saferAlternative: 'gradle publishToMavenLocal, or gradle --dry-run publish',
});
const vscode = rule({
  id: 'publish.vscode',
  level: 'high',
  reason: 'Publishes an extension to the VS Code Marketplace or Open VSX, from where it updates on users’ machines.',
  saferAlternative: 'vsce package (builds the .vsix only)',
});
const cocoapods = rule({ id: 'publish.cocoapods', level: 'high', reason: 'Pushes a podspec to CocoaPods trunk or a spec repository, where apps pick it up.' });
const jsr = rule({ id: 'publish.jsr', level: 'high', reason: 'Publishes a package to JSR; published versions are permanent.', saferAlternative: 'jsr publish --dry-run' });
const release = rule({
  id: 'publish.release',
  level: 'high',
  reason: 'Runs a release tool that publishes packages and pushes tags and releases for everyone.',
  saferAlternative: 'run it with --dry-run (goreleaser: --snapshot) first',
});
const local = rule({ id: 'publish.local', level: 'low', reason: 'Packages or versions a release locally; nothing is published yet.' });

type Classifier = (args: readonly string[]) => Hit[];

const one = (found: Rule | undefined): Hit[] => (found ? [hit(found)] : []);

/** npm's registry commands, shared by pnpm, yarn (v1 and `yarn npm …`) and bun, which forward or mirror them. */
function registryCommand(operands: readonly string[], parsed: ParsedOptions): Hit[] {
  const [sub, action] = operands.map((word) => word.toLowerCase());
  switch (sub) {
    case 'publish':
      return [hit(npm)];
    case 'unpublish':
      return [hit(npmUnpublish)];
    case 'deprecate':
    case 'undeprecate':
      return [hit(deprecate)];
    case 'dist-tag':
    case 'dist-tags':
    case 'tag':
      return one(action === 'add' || action === 'rm' || action === 'remove' || action === 'set' ? distTag : undefined);
    case 'owner':
    case 'author':
      return one(action === 'add' || action === 'rm' || action === 'remove' ? owners : undefined);
    case 'access':
      return one(action !== undefined && /^(public|restricted|grant|revoke|set|edit|2fa-required|2fa-not-required)$/.test(action) ? owners : undefined);
    case 'team':
      return one(action === 'create' || action === 'destroy' || action === 'add' || action === 'rm' ? owners : undefined);
    case 'org':
      return one(action === 'set' || action === 'rm' ? owners : undefined);
    case 'token':
      return one(action === 'create' ? tokenCreate : undefined);
    case 'pack':
      return [hit(local)];
    case 'version':
      // `npm version` alone only prints versions; with an argument it bumps and tags.
      return one(operands.length > 1 || parsed.options.size > 0 ? local : undefined);
    default:
      return [];
  }
}

/** Release tools that `pnpm X`, `yarn X` and `bun X` run straight from node_modules/.bin. */
const releaseTools = new Set(['changeset', 'lerna', 'semantic-release', 'vsce', 'ovsx', 'jsr', 'goreleaser']);

function packageManager(spec: OptionSpec): Classifier {
  return (args) => {
    const parsed = parseOptions(args, spec);
    let operands = [...parsed.operands];
    const tool = operands[0]?.toLowerCase();
    if (tool !== undefined && releaseTools.has(tool)) return classify(tool, args.slice(parsed.operandIndexes[0] + 1));
    // yarn: `yarn workspace NAME npm publish`, `yarn workspaces foreach -A npm publish`.
    if (operands[0] === 'workspace') operands = operands.slice(2);
    else if (operands[0] === 'workspaces' && operands[1] === 'foreach') operands = operands.slice(2);
    if (operands[0] === 'npm' || operands[0] === 'pm') operands = operands.slice(1);
    return registryCommand(operands, parsed);
  };
}

const npmValues = ['--registry', '--prefix', '-C', '--userconfig', '--globalconfig', '--cache', '--loglevel', '-w', '--workspace', '--otp', '--tag', '--access', '--auth-type', '--scope', '--message', '-m', '--preid'];
const pnpmValues = ['--filter', '-F', '-C', '--dir', '--registry', '--reporter', '--loglevel', '--tag', '--access', '--otp', '--publish-branch', '--config'];
const yarnValues = ['--cwd', '--registry', '--tag', '--access', '--otp', '--new-version', '--message', '--include', '--exclude', '--from', '-j', '--jobs'];
const bunValues = ['--cwd', '--registry', '--tag', '--access', '--otp', '-c', '--config', '--auth-type', '--gzip-level'];

/** The first operand of `args` after options that take `values`. */
function subcommand(args: readonly string[], values: readonly string[]): { sub: string | undefined; parsed: ParsedOptions } {
  const parsed = parseOptions(args, { values });
  return { sub: parsed.operands[0]?.toLowerCase(), parsed };
}

function simple(values: readonly string[], table: Readonly<Record<string, Rule>>): Classifier {
  const actions = new Map(Object.entries(table));
  return (args) => one(actions.get(subcommand(args, values).sub ?? ''));
}

function cargoCommand(args: readonly string[]): Hit[] {
  const rest = args[0]?.startsWith('+') ? args.slice(1) : args;
  const { sub, parsed } = subcommand(rest, ['-Z', '--config', '-C', '--color', '--manifest-path', '--registry', '--index', '--token', '-p', '--package', '--target', '--features', '-F', '-j', '--jobs', '--vers', '--version', '-a', '--add', '-r', '--remove']);
  switch (sub) {
    case 'publish':
      return [hit(cargo)];
    case 'yank':
      return [hit(withdraw)];
    case 'owner':
      return one(hasOption(parsed, '-a', '--add', '-r', '--remove') ? owners : undefined);
    case 'package':
      return [hit(local)];
    case 'release':
      // cargo-release only acts with --execute; without it, it is a dry run.
      return one(hasOption(parsed, '-x', '--execute') ? cargo : undefined);
    default:
      return [];
  }
}

function gemCommand(args: readonly string[]): Hit[] {
  const { sub, parsed } = subcommand(args, ['--key', '-k', '--host', '--otp', '-a', '--add', '-r', '--remove', '-v', '--version', '--platform']);
  if (sub === 'push') return [hit(rubygems)];
  if (sub === 'yank') return [hit(withdraw)];
  return one(sub === 'owner' && hasOption(parsed, '-a', '--add', '-r', '--remove') ? owners : undefined);
}

const nugetValues = ['-s', '--source', '-k', '--api-key', '--symbol-source', '--symbol-api-key', '-t', '--timeout', '-Source', '-ApiKey'];

function nugetAction(action: string | undefined): Hit[] {
  if (action === 'push') return [hit(nuget)];
  return one(action === 'delete' ? withdraw : undefined);
}

function dotnetCommand(args: readonly string[]): Hit[] {
  const operands = parseOptions(args, { values: nugetValues }).operands.map((word) => word.toLowerCase());
  return operands[0] === 'nuget' ? nugetAction(operands[1]) : [];
}

const mavenValues = new Set(['-D', '-P', '-pl', '--projects', '-f', '--file', '-s', '--settings', '-gs', '--global-settings', '-t', '--toolchains', '-gt', '--global-toolchains', '-T', '--threads', '-rf', '--resume-from', '-b', '--builder', '-l', '--log-file', '--color']);
const mavenDeploys = /^(deploy|release:perform|deploy:deploy(-file)?|gpg:sign-and-deploy-file|nexus-staging:(deploy|release)|central-publishing:publish|jreleaser:(deploy|release|full-release)|jib:build)$/;

/** Goals and tasks: the words that are not options or their values. */
function goals(args: readonly string[], values: ReadonlySet<string>): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (values.has(args[i])) i++;
    else if (!args[i].startsWith('-')) found.push(args[i]);
  }
  return found;
}

function mavenCommand(args: readonly string[]): Hit[] {
  if (args.some((arg) => /^-Dmaven\.deploy\.skip=true$/.test(arg))) return [];
  return one(goals(args, mavenValues).some((goal) => mavenDeploys.test(goal)) ? maven : undefined);
}

const gradleValues = new Set([
  '-x', '--exclude-task', '-p', '--project-dir', '-c', '--settings-file', '-g', '--gradle-user-home', '-I', '--init-script', '-b', '--build-file', '--console', '--warning-mode',
  '--max-workers', '--include-build', '-D', '-P', '--priority', '--project-cache-dir', '-M', '--write-verification-metadata', '--dependency-verification', '-F',
]);
const gradleRemote = /^(publish.*|uploadArchives|closeAndReleaseRepository|closeAndReleaseStagingRepositories|releaseRepository|jib)$/i;

function gradleCommand(args: readonly string[]): Hit[] {
  if (args.includes('-m')) return [];
  const tasks = goals(args, gradleValues).map((task) => task.slice(task.lastIndexOf(':') + 1));
  if (tasks.some((task) => gradleRemote.test(task) && !/ToMavenLocal$/i.test(task))) return [hit(gradle)];
  return one(tasks.some((task) => /^publish.*ToMavenLocal$/i.test(task)) ? local : undefined);
}

const pythonTools = new Set(['twine', 'flit', 'poetry', 'hatch', 'pdm', 'uv']);

/** `python -m twine upload`: the module is the program. */
function pythonModule(args: readonly string[]): Hit[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-m' || /^-m./.test(arg)) {
      const module = arg === '-m' ? args[i + 1] : arg.slice(2);
      const rest = args.slice(arg === '-m' ? i + 2 : i + 1);
      return module !== undefined && pythonTools.has(module) ? classify(module, rest) : [];
    }
    if (arg === '-W' || arg === '-X') i++;
    else if (arg === '-c' || !arg.startsWith('-')) return [];
  }
  return [];
}

function goreleaserCommand(args: readonly string[]): Hit[] {
  const { sub, parsed } = subcommand(args, ['-f', '--config', '--skip', '-p', '--parallelism', '--release-notes', '--release-header', '--release-footer', '--timeout', '--id', '--fail-fast']);
  if ((sub ?? 'release') !== 'release') return [];
  const skip = parsed.options.get('--skip');
  if (hasOption(parsed, '--snapshot', '--skip-publish') || (typeof skip === 'string' && skip.split(',').includes('publish'))) return [];
  return [hit(release)];
}

const classifiers = new Map<string, Classifier>(Object.entries({
  npm: packageManager({ values: npmValues }),
  pnpm: packageManager({ values: pnpmValues }),
  yarn: packageManager({ values: yarnValues }),
  bun: packageManager({ values: bunValues }),
  cargo: cargoCommand,
  twine: simple(['-r', '--repository', '--repository-url', '-u', '--username', '-p', '--password', '-c', '--comment', '-i', '--identity', '--config-file', '--cert', '--client-cert', '--sign-with'], { upload: pypi, register: pypi }),
  poetry: simple(['-C', '--directory', '-P', '--project', '-r', '--repository', '-u', '--username', '-p', '--password', '--cert', '--client-cert', '--dist-dir'], { publish: pypi }),
  uv: simple(['--directory', '--project', '--cache-dir', '--python', '-p', '--config-file', '--color', '--publish-url', '--index', '--token', '-t', '--username', '-u', '--password', '--trusted-publishing', '--check-url', '--keyring-provider'], { publish: pypi }),
  flit: simple(['-f', '--ini-file', '--repository', '--pypirc'], { publish: pypi }),
  hatch: simple(['-e', '--env', '-p', '--project', '--color', '--data-dir', '--cache-dir', '--config', '-r', '--repo', '-u', '--user', '-a', '--auth'], { publish: pypi }),
  pdm: simple(['-p', '--project', '-r', '--repository', '-u', '--username', '-P', '--password'], { publish: pypi }),
  rye: simple(['-r', '--repository', '--repository-url', '--token', '--username'], { publish: pypi }),
  python: pythonModule,
  python3: pythonModule,
  py: pythonModule,
  gem: gemCommand,
  dotnet: dotnetCommand,
  nuget: (args) => nugetAction(parseOptions(args, { values: nugetValues }).operands[0]?.toLowerCase()),
  mvn: mavenCommand,
  mvnw: mavenCommand,
  gradle: gradleCommand,
  gradlew: gradleCommand,
  vsce: simple(['-p', '--pat', '--target', '--packagePath', '-i', '--baseContentUrl', '--baseImagesUrl', '-o', '--out'], { publish: vscode, unpublish: withdraw, package: local }),
  ovsx: simple(['-p', '--pat', '-r', '--registryUrl', '-i', '--packagePath', '--target'], { publish: vscode }),
  pod: (args) => {
    const [sub, action] = parseOptions(args).operands.map((word) => word.toLowerCase());
    if (sub === 'trunk') return one(action === 'push' ? cocoapods : action === 'delete' || action === 'deprecate' ? withdraw : action === 'add-owner' || action === 'remove-owner' ? owners : undefined);
    return one(sub === 'repo' && action === 'push' ? cocoapods : undefined);
  },
  goreleaser: goreleaserCommand,
  changeset: simple([], { publish: release, version: local }),
  lerna: simple(['--dist-tag', '--preid', '--registry', '--otp', '--concurrency', '--scope', '--ignore'], { publish: release }),
  'semantic-release': (args) => one(args.includes('-d') ? undefined : release),
  jsr: simple(['--token', '--config', '-c'], { publish: jsr }),
  deno: simple(['--config', '-c', '--token'], { publish: jsr }),
}));

const dryRun = /^--(dry-run|dryrun|dry_run)(=true)?$/;

function classify(program: string, args: readonly string[]): Hit[] {
  const classifier = classifiers.get(program);
  if (!classifier || args.some((arg) => arg === '--help' || arg === '-h')) return [];
  // The last spelling counts: `--dry-run --no-dry-run` publishes.
  const last = args.findLast((arg) => dryRun.test(arg) || /^--no-(dry-run|dryrun|dry_run)$/.test(arg) || /^--(dry-run|dryrun|dry_run)=/.test(arg));
  if (last !== undefined && dryRun.test(last)) return [];
  return classifier(args);
}

export const publishingPack: RulePack = {
  name: 'publish',
  title: 'Package publishing',
  programs: [...classifiers.keys()],
  rules: [npm, npmUnpublish, deprecate, distTag, owners, tokenCreate, withdraw, cargo, pypi, rubygems, nuget, maven, gradle, vscode, cocoapods, jsr, release, local],
  check(command) {
    return classify(command.program, command.args);
  },
};
