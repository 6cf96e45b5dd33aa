import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { agentContext, assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('publishing pack', () => {
  before(loadGrammar);

  it('asks before publishing to npm with any client', () => {
    expectLevel('npm publish', 'high', 'publish.npm');
    expectLevel('npm publish --access public --otp 123456', 'high', 'publish.npm');
    expectLevel('npm --workspace packages/core publish', 'high', 'publish.npm');
    expectLevel('pnpm -r publish --no-git-checks', 'high', 'publish.npm');
    expectLevel('pnpm --filter @acme/ui publish', 'high', 'publish.npm');
    expectLevel('yarn publish --new-version 1.2.0', 'high', 'publish.npm');
    expectLevel('yarn npm publish --tolerate-republish', 'high', 'publish.npm');
    expectLevel('yarn workspaces foreach -A npm publish', 'high', 'publish.npm');
    expectLevel('bun publish', 'high', 'publish.npm');
  });

  it('asks before changing what the registry serves, and makes unpublishing critical', () => {
    expectLevel('npm unpublish left-pad@1.0.0', 'critical', 'publish.npm.unpublish');
    expectLevel('npm deprecate my-lib@"< 2" "use v2"', 'high', 'publish.npm.deprecate');
    expectLevel('npm dist-tag add my-lib@2.0.0 latest', 'high', 'publish.dist-tag');
    expectLevel('yarn npm tag add my-lib@2.0.0 latest', 'high', 'publish.dist-tag');
    expectLevel('npm owner add alice my-lib', 'high', 'publish.owners');
    expectLevel('npm access set status=public my-lib', 'high', 'publish.owners');
    expectLevel('cargo owner --add github:acme:core my-crate', 'high', 'publish.owners');
    expectLevel('npm token create --read-only', 'high', 'publish.token.create');
    expectLevel('cargo yank --version 1.0.1 my-crate', 'high', 'publish.withdraw');
    expectLevel('gem yank my-gem -v 1.0.0', 'high', 'publish.withdraw');
    expectLevel('dotnet nuget delete My.Package 1.0.0 -s https://api.nuget.org/v3/index.json', 'high', 'publish.withdraw');
    expectLevel('vsce unpublish acme.my-extension', 'high', 'publish.withdraw');
  });

  it('asks before publishing to every other registry', () => {
    expectLevel('cargo publish', 'high', 'publish.cargo');
    expectLevel('cargo +nightly publish -p core', 'high', 'publish.cargo');
    expectLevel('cargo release minor --execute', 'high', 'publish.cargo');
    expectLevel('twine upload dist/*', 'high', 'publish.pypi');
    expectLevel('python -m twine upload --repository pypi dist/*', 'high', 'publish.pypi');
    expectLevel('python3 -m twine upload dist/*', 'high', 'publish.pypi');
    expectLevel('poetry publish --build', 'high', 'publish.pypi');
    expectLevel('uv publish', 'high', 'publish.pypi');
    expectLevel('flit publish', 'high', 'publish.pypi');
    expectLevel('hatch publish', 'high', 'publish.pypi');
    expectLevel('gem push my-gem-1.0.0.gem', 'high', 'publish.rubygems');
    expectLevel('dotnet nuget push bin/Release/My.Package.1.0.0.nupkg -k $NUGET_KEY -s https://api.nuget.org/v3/index.json', 'high', 'publish.nuget');
    expectLevel('mvn deploy', 'high', 'publish.maven');
    expectLevel('mvn -pl core -am clean deploy -DskipTests', 'high', 'publish.maven');
    expectLevel('./mvnw release:perform', 'high', 'publish.maven');
    expectLevel('gradle publish', 'high', 'publish.gradle');
    expectLevel('./gradlew :lib:publishAllPublicationsToSonatypeRepository', 'high', 'publish.gradle');
    expectLevel('vsce publish minor', 'high', 'publish.vscode');
    expectLevel('ovsx publish my-extension.vsix -p $OVSX_PAT', 'high', 'publish.vscode');
    expectLevel('pod trunk push MyLib.podspec', 'high', 'publish.cocoapods');
    expectLevel('goreleaser release --clean', 'high', 'publish.release');
    expectLevel('changeset publish', 'high', 'publish.release');
    expectLevel('pnpm changeset publish', 'high', 'publish.release');
    expectLevel('lerna publish from-package --yes', 'high', 'publish.release');
    expectLevel('semantic-release', 'high', 'publish.release');
    expectLevel('jsr publish', 'high', 'publish.jsr');
    expectLevel('deno publish', 'high', 'publish.jsr');
  });

  it('treats local packaging and version bumps as low', () => {
    expectLevel('npm pack', 'low', 'publish.local');
    expectLevel('npm version patch', 'low', 'publish.local');
    expectLevel('cargo package', 'low', 'publish.local');
    expectLevel('changeset version', 'low', 'publish.local');
    expectLevel('./gradlew publishToMavenLocal', 'low', 'publish.local');
  });

  it('treats dry runs, snapshots and help as no change', () => {
    for (const line of [
      'npm publish --dry-run', 'pnpm publish -r --dry-run', 'cargo publish --dry-run', 'cargo release minor', 'poetry publish --dry-run', 'uv publish --dry-run',
      'semantic-release --dry-run', 'npx semantic-release -d', 'jsr publish --dry-run', 'deno publish --dry-run', 'goreleaser release --snapshot --clean',
      'goreleaser release --skip=publish', './gradlew -m publish', 'mvn deploy -Dmaven.deploy.skip=true', 'npm publish --help', 'twine upload -h',
    ]) {
      expectAllowed(line);
      assert.equal(assess(line).level, 'none', line);
    }
    expectLevel('npm publish --dry-run=false', 'high', 'publish.npm');
  });

  it('follows wrappers, package runners and package.json scripts', () => {
    expectLevel('sudo npm publish', 'high', 'publish.npm');
    expectLevel("bash -c 'npm run build && npm publish'", 'high', 'publish.npm');
    expectLevel('npx @vscode/vsce publish', 'high', 'publish.vscode');
    expectLevel('npx changeset publish', 'high', 'publish.release');
    const reader = memoryReader({ '/home/dev/project/package.json': JSON.stringify({ scripts: { release: 'npm run build && npm publish --access public', build: 'tsc' } }) });
    expectLevel('npm run release', 'high', 'publish.npm', { ...agentContext, reader });
  });

  it('lets everyday package work through', () => {
    for (const line of [
      'npm install', 'npm ci', 'npm test', 'npm run build', 'npm version', 'npm view my-lib versions', 'npm dist-tag ls my-lib', 'npm owner ls my-lib', 'npm access list packages',
      'npm token list', 'pnpm install', 'yarn install', 'yarn build', 'bun install', 'cargo build --release', 'cargo test', 'cargo owner --list my-crate', 'twine check dist/*',
      'python -m build', 'python3 -m pytest', 'poetry build', 'poetry install', 'uv build', 'uv sync', 'hatch build', 'gem build my-gem.gemspec', 'dotnet pack', 'dotnet build',
      'mvn clean install', 'mvn test', './gradlew build', './gradlew build -x publish', 'vsce ls', 'pod install', 'goreleaser build --snapshot', 'goreleaser check',
      'changeset', 'changeset status', 'deno run main.ts', 'deno test',
    ]) {
      expectAllowed(line);
    }
  });
});
