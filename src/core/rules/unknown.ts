// Programs no pack knows: a subcommand that says delete, destroy, purge or wipe is asked about, so the next cloud CLI is not waved through.
import type { SimpleCommand } from '../model/command';
import { normalizeDashes } from '../shell/options';
import { hit, rule, type Hit, type RulePack } from './rule';

const unknownDelete = rule({
  id: 'unknown.delete',
  level: 'high',
  reason: 'A program Four Eyes has no rules for is told to delete, destroy, purge or wipe something; what it removes may not come back.',
  saferAlternative: 'list or describe what it would remove first',
});

/** Words that mean removal whatever the tool: alone, or as one part of a compound (`delete-instance`, `DeleteDBInstance`, `delete_user`). */
const removal = new Set([
  'delete', 'destroy', 'terminate', 'purge', 'drop', 'wipe', 'nuke', 'teardown', 'erase', 'obliterate', 'expunge', 'deprovision', 'decommission', 'remove', 'rm', 'del', 'rmi',
  // taking a runner, node or controller out of what it serves (`gitlab-runner unregister`, `velero uninstall`, `rabbitmqctl force_reset`)
  'unregister', 'deregister', 'uninstall', 'reset',
]);
/** Words that remove only as a whole subcommand: as part of a compound they name something else (`rm-cache` is rare, `del` in `model` is not a word). */
const wholeOnly = new Set(['rm', 'del', 'rmi']);
/** Words that remove only as a compound's last part (`force_reset`, `db:reset`): alone they are everyday (`tool reset --hard`), first they name something (`reset-password`). */
const lastOnly = new Set(['reset']);
/** The same words as an option (`kafka-topics --delete`, `kafka-configs --delete-config`). */
const removalOption = /^--(delete|destroy|purge|drop|wipe|nuke|erase|terminate)([-_][a-z]+)*$/i;
/** A subcommand word: letters first, then letters, digits, dashes, underscores or colons; never a path, a value or a file name. */
const subcommandWord = /^[A-Za-z][A-Za-z0-9]*([-_:][A-Za-z0-9]+)*$/;
/** How far into the words a subcommand is looked for: `oci os bucket delete`, `fastly logging s3 delete`. */
const depth = 4;

/**
 * Everyday programs that take free words (text, patterns, names) or whose removals are routine and undone by reinstalling:
 * package and version managers, build and test runners, interpreters, editors, text tools, the shell's builtins.
 */
const everyday = new Set([
  // shell builtins and plumbing
  'echo', 'printf', 'print', 'true', 'false', 'test', '[', '[[', 'cd', 'pushd', 'popd', 'pwd', 'alias', 'unalias', 'declare', 'typeset', 'local', 'export', 'set', 'unset',
  'read', 'mapfile', 'readarray', 'shift', 'source', '.', 'type', 'command', 'builtin', 'hash', 'help', 'history', 'fc', 'jobs', 'fg', 'bg', 'wait', 'trap', 'let', 'getopts',
  'complete', 'compgen', 'compdef', 'bind', 'shopt', 'ulimit', 'umask', 'return', 'exit', 'logout', 'times', 'caller', 'enable', 'disown', 'suspend',
  // reading, searching and text
  'cat', 'tac', 'less', 'more', 'most', 'bat', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'sed', 'gsed', 'awk', 'gawk', 'mawk', 'nawk', 'jq', 'yq', 'gojq', 'jaq',
  'tr', 'cut', 'sort', 'uniq', 'wc', 'nl', 'fold', 'fmt', 'column', 'paste', 'join', 'comm', 'diff', 'colordiff', 'delta', 'cmp', 'patch', 'strings', 'xxd', 'od', 'hexdump',
  'base64', 'md5sum', 'sha1sum', 'sha256sum', 'shasum', 'cksum', 'file', 'stat', 'basename', 'dirname', 'realpath', 'readlink', 'expr', 'bc', 'dc', 'seq', 'yes', 'date',
  'cal', 'sleep', 'man', 'info', 'whatis', 'apropos', 'tldr', 'cheat', 'which', 'whereis', 'whence', 'locate', 'fd', 'fdfind', 'fzf', 'tree', 'ls', 'll', 'la', 'exa', 'eza',
  'lsd', 'du', 'dust', 'df', 'duf', 'ncdu', 'wl-copy', 'pbcopy', 'xclip', 'xsel', 'clip', 'say', 'espeak', 'figlet', 'cowsay', 'lolcat', 'logger', 'notify-send', 'look',
  'spell', 'aspell', 'hunspell', 'iconv', 'envsubst', 'gettext', 'msgfmt', 'xargs', 'parallel', 'watch', 'time', 'timeout', 'nice', 'nohup', 'tput', 'clear', 'reset',
  'script', 'tig', 'glow', 'pandoc', 'translate', 'trans', 'numfmt', 'units',
  // judged by the file pack, which knows what they remove
  'rm', 'remove-item', 'del', 'erase', 'rd', 'ri', 'unlink', 'rmdir', 'shred', 'srm', 'wipe', 'dd', 'mkswap', 'wipefs', 'mke2fs', 'newfs', 'format-volume', 'clear-disk',
  'initialize-disk', 'fdisk', 'sfdisk', 'gdisk', 'sgdisk', 'parted', 'cfdisk', 'chmod', 'chown', 'chgrp', 'truncate', 'tee', 'find', 'rsync',
  // files, archives and editors
  'touch', 'mkdir', 'cp', 'mv', 'ln', 'install', 'open', 'xdg-open', 'start', 'code', 'code-insiders', 'cursor', 'windsurf', 'vim', 'vi', 'nvim', 'nano', 'emacs', 'emacsclient',
  'subl', 'micro', 'hx', 'helix', 'kak', 'ed', 'zip', 'unzip', 'tar', 'gzip', 'gunzip', 'zcat', 'bzip2', 'xz', 'zstd', 'lz4', '7z', '7za', 'rar', 'unrar', 'ar',
  // version control: what they remove is in history
  'hg', 'svn', 'jj', 'sl', 'fossil', 'bzr', 'darcs', 'git-lfs',
  // package, tool and version managers: what they remove comes back with an install
  'apt', 'apt-get', 'aptitude', 'dpkg', 'yum', 'dnf', 'microdnf', 'zypper', 'pacman', 'yay', 'paru', 'apk', 'brew', 'port', 'snap', 'flatpak', 'nix', 'nix-env', 'guix',
  'pip', 'pip3', 'pipx', 'pipenv', 'conda', 'mamba', 'micromamba', 'pixi', 'bundle', 'bundler', 'composer', 'rustup', 'go', 'opam', 'cabal', 'stack', 'ghcup', 'vcpkg',
  'conan', 'choco', 'scoop', 'winget', 'asdf', 'mise', 'rtx', 'proto', 'nvm', 'fnm', 'n', 'volta', 'pyenv', 'rbenv', 'goenv', 'jenv', 'nodenv', 'phpenv', 'sdk', 'sdkman',
  'bower', 'jspm', 'pecl', 'pear', 'luarocks', 'cpan', 'cpanm', 'raco', 'pub', 'flutter', 'dart', 'melos', 'swift', 'carthage', 'mint', 'krew', 'gh-extension', 'corepack',
  'rv', 'juliaup', 'elan', 'coursier', 'cs', 'sbt', 'lein', 'clj', 'clojure', 'uvx', 'npx', 'pnpx', 'bunx', 'ncu', 'renovate', 'ollama',
  // directory jumpers: what they remove is a bookmark
  'zoxide', 'z', 'autojump', 'j', 'fasd',
  // build and test runners and generators: recipes are followed where the engine can read them
  'make', 'gmake', 'just', 'task', 'invoke', 'nox', 'tox', 'ant', 'bazel', 'bazelisk', 'buck', 'buck2', 'pants', 'turbo', 'nx', 'ninja', 'cmake', 'meson', 'scons', 'xmake',
  'premake', 'earthly', 'mage', 'grunt', 'gulp', 'webpack', 'vite', 'rollup', 'esbuild', 'tsc', 'tsx', 'ts-node', 'babel', 'eslint', 'prettier', 'biome', 'ruff', 'black',
  'isort', 'flake8', 'pylint', 'mypy', 'pyright', 'jest', 'vitest', 'mocha', 'ava', 'jasmine', 'karma', 'playwright', 'cypress', 'pytest', 'py.test', 'nosetests', 'unittest',
  'rspec', 'minitest', 'phpunit', 'pest', 'ctest', 'gotestsum', 'ng', 'nest', 'rails-generate', 'yo', 'plop', 'hygen', 'cookiecutter', 'copier', 'storybook', 'lerna',
  'rush', 'bit', 'moon', 'xcodebuild', 'xcrun', 'swiftc', 'gcc', 'g++', 'clang', 'clang++', 'cc', 'ld', 'rustc', 'javac', 'kotlinc', 'scalac', 'ghc', 'zig', 'nim', 'v',
  'crystal', 'odin', 'gofmt', 'goimports', 'golangci-lint', 'staticcheck', 'shellcheck', 'shfmt', 'hadolint', 'actionlint', 'yamllint', 'markdownlint', 'stylelint',
  'pre-commit', 'lefthook', 'husky', 'commitlint', 'semgrep', 'trivy', 'grype', 'syft', 'snyk', 'sonar-scanner', 'codeql',
  // interpreters: the script they run is followed, and its arguments are the script's
  'node', 'nodejs', 'deno', 'bun', 'ruby', 'irb', 'perl', 'raku', 'lua', 'luajit', 'java', 'kotlin', 'scala', 'groovy', 'rscript', 'r', 'julia', 'elixir', 'iex',
  'erl', 'escript', 'ocaml', 'guile', 'racket', 'sbcl', 'tclsh', 'wish', 'pwsh', 'powershell', 'osascript', 'jshell', 'ipython', 'jupyter', 'pypy', 'pypy3',
]);

function removalWord(word: string): boolean {
  const lower = word.toLowerCase();
  if (removal.has(lower)) return !lastOnly.has(lower);
  // `DeleteDBInstance`, `cluster-delete`, `delete_user`, `sites:delete`: the first or last part says it.
  const parts = word.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().split(/[-_:]+/).filter(Boolean);
  if (parts.length < 2) return false;
  const last = parts[parts.length - 1];
  return (removal.has(parts[0]) && !wholeOnly.has(parts[0]) && !lastOnly.has(parts[0])) || (removal.has(last) && !wholeOnly.has(last));
}

/** The words after the program that read as subcommands, up to the first that does not (a path, a value, a file name) or `--`. */
function subcommandWords(args: readonly string[]): { words: string[]; options: string[] } {
  const words: string[] = [];
  const options: string[] = [];
  let previous = '';
  for (const raw of args) {
    const arg = normalizeDashes(raw);
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      options.push(arg);
      previous = arg;
      continue;
    }
    // A URL or path right after an option is that option's value (`jenkins-cli -s http://ci/ delete-job x`), not the end of the subcommands.
    const optionValue = /^-[^=]+$/.test(previous) && words.length === 0 && /^([a-z][a-z0-9+.-]*:\/\/|[./~])/i.test(arg);
    previous = '';
    if (optionValue) continue;
    // A capitalised word (`This mentions rm`) is prose in an option's value; API actions are CamelCase (`DeleteInstance`).
    if (!subcommandWord.test(arg) || /^[A-Z][a-z]+$/.test(arg) || words.length >= depth) break;
    words.push(arg);
  }
  return { words, options };
}

/** `java -jar tool.jar …` runs `tool`: the jar's name (version dropped) stands for the program. */
function jarCommand(command: SimpleCommand): { program: string; args: readonly string[] } | undefined {
  if (!/^java(\.exe)?$/i.test(command.program)) return undefined;
  const at = command.args.indexOf('-jar');
  const jar = at < 0 ? undefined : command.args[at + 1];
  if (jar === undefined) return undefined;
  const program = (jar.split(/[\\/]/).pop() ?? jar).replace(/\.jar$/i, '').replace(/[-_]v?\d+(\.\d+)*([-.][a-z0-9]+)*$/i, '').toLowerCase();
  return { program, args: command.args.slice(at + 2) };
}

const asksNothing = /^(-h|--help|-help|--dry-run|--dryrun|--dry_run|--what-if|--whatif|--version|-V)$/i;

function check(command: SimpleCommand): Hit[] {
  const jar = jarCommand(command);
  const program = jar?.program ?? command.program;
  if (everyday.has(program) || /\.(sh|bash|zsh|py|js|mjs|cjs|ts|rb|pl|php|ps1|bat|cmd)$/i.test(program)) return [];
  const { words, options } = subcommandWords(jar?.args ?? command.args);
  if (options.some((option) => asksNothing.test(option)) || words.some((word) => word.toLowerCase() === 'help')) return [];
  // `hf cache delete`, `delete-cache`: a cache comes back by itself.
  if (words.some((word) => /cache/i.test(word))) return [];
  // `kafka-delete-records`, `delete-branches`: the program's own name says it.
  const named = program.split(/[-_]+/).length > 1 && program.split(/[-_]+/).some((part) => removal.has(part) && !wholeOnly.has(part));
  if (named || words.some(removalWord) || options.some((option) => removalOption.test(option.split('=')[0]))) return [hit(unknownDelete)];
  return [];
}

export const unknownPack: RulePack = {
  name: 'unknown',
  title: 'Programs without rules',
  programs: [],
  unknownPrograms: true,
  rules: [unknownDelete],
  check,
};
