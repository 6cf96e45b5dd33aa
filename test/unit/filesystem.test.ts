import { memoryReader } from '../../src/core/model/reader';
import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('filesystem pack', () => {
  before(loadGrammar);

  it('makes deleting the system, a home folder or a top-level folder critical', () => {
    for (const line of ['rm -rf /', 'rm -fr /*', 'rm -rf ~', 'rm -rf ~/', 'rm -rf $HOME', 'rm -rf /etc', 'rm -r -f /usr', 'rm --recursive --force /home', 'rm -rf /tmp/../etc', 'sudo rm -rf /var']) {
      expectLevel(line, 'critical', 'fs.rm.root');
    }
    expectLevel('rm -rf "$HOME"', 'critical', 'fs.rm.root', { cwd: '/home/dev/project', env: {} });
  });

  it('asks before deleting system files and folder trees outside temp and build output', () => {
    expectLevel('rm -rf /var/log', 'high', 'fs.rm.system');
    expectLevel('rm /etc/passwd', 'high', 'fs.rm.system');
    expectLevel('rm -rf /tmp/safe /etc/passwd', 'high', 'fs.rm.system');
    expectLevel('rm -rf src', 'high', 'fs.rm.recursive');
    expectLevel('rm -rf *', 'critical', 'fs.rm.workspace');
    expectLevel('rm -r ../other-project', 'high', 'fs.rm.outside');
    expectLevel('rm -r /work/other-project', 'high', 'fs.rm.recursive', { cwd: '/work/app', env: { HOME: '/home/dev' } });
    expectLevel('rm -rf $BUILD_DIR', 'high', 'fs.rm.unknown-path');
    expectLevel("rm -rf '$TMPDIR/foo'", 'high', 'fs.rm.recursive');
  });

  it('gives the temp allowance only to TMPDIR values that name a temp folder', () => {
    const project = { cwd: '/home/dev/project', env: { HOME: '/home/dev' } };
    expectLevel('TMPDIR=/usr; rm -rf $TMPDIR/lib', 'high', 'fs.rm.system', project);
    expectLevel('export TMPDIR=/home/dev/code; rm -rf $TMPDIR/app', 'high', 'fs.rm.outside', project);
    expectLevel('TMPDIR=$PWD; rm -rf $TMPDIR/src', 'high', 'fs.rm.recursive', project);
    expectLevel('TMPDIR=/home/dev; rm -rf $TMPDIR/Projects', 'high', 'fs.rm.outside', project);
    expectAllowed('TMPDIR=/home/dev/tmp; rm -rf $TMPDIR/x', project);
    expectAllowed('rm -rf $TMPDIR/x', { ...project, env: { HOME: '/home/dev', TMPDIR: '/var/folders/xy/abc/T/' } });
  });

  it('lets temp folders and git-ignored build output go without asking', () => {
    const repository = { cwd: '/work/app', env: { HOME: '/home/dev', TMPDIR: '/var/folders/xy/T' }, reader: memoryReader({ '/work/app/.git/HEAD': 'ref: refs/heads/main\n', '/work/app/.gitignore': 'node_modules/\n/dist\n*.log\n', '/work/app/packages/web/.gitignore': 'build/\n' }) };
    for (const line of ['rm -rf node_modules', 'rm -rf ./dist', 'rm -rf dist/assets', 'rm -f debug.log', 'rm -rf packages/web/build', 'rm -rf /tmp/build', 'rm -rf /var/tmp/cache', 'rm -rf $TMPDIR/x', 'rm file.txt', 'rm -f a.txt b.txt', 'rmdir empty']) {
      expectAllowed(line, repository);
    }
    expectLevel('rm -rf src', 'high', 'fs.rm.recursive', repository);
    expectLevel('rm -rf packages/web/src', 'high', 'fs.rm.recursive', repository);
    // Outside a repository nothing is known to be build output.
    expectLevel('rm -rf node_modules', 'high', 'fs.rm.recursive');
  });

  it('judges a kept folder moved where deletes pass as the delete it prepares', () => {
    const repository = { cwd: '/work/app', env: { HOME: '/home/dev' }, reader: memoryReader({ '/work/app/.git/HEAD': 'ref: refs/heads/main\n', '/work/app/.gitignore': 'build/\n', '/work/app/src/a.ts': 'x', '/work/app/notes.md': 'n' }) };
    for (const line of ['mv src build', 'mv src build && rm -rf build', 'mv src/ build/src; rm -rf build/', 'cd build && mv ../src . && cd .. && rm -rf build', 'mv src /tmp/ && rm -rf /tmp/src', 'mv src "$TMPDIR/old"']) {
      expectLevel(line, 'high', 'fs.mv.disposable', { ...repository, env: { ...repository.env, TMPDIR: '/tmp' } });
    }
    // Archivers told to delete what they pack, into an archive nobody keeps.
    for (const line of ['tar -cf /dev/null --remove-files src', 'tar czf /tmp/code.tgz --remove-files src', 'tar --remove-files -cf - src | gzip > /dev/null', 'zip -rm /tmp/x.zip src', '7z a -sdel /tmp/x.7z src']) {
      expectLevel(line, 'high', 'fs.mv.disposable', repository);
    }
    for (const line of ['tar --remove-files -czf backups/code.tgz src', 'tar -czf /tmp/code.tgz src', 'zip -r /tmp/x.zip src', 'zip -rm backups/x.zip src']) expectAllowed(line, repository);
    // A file is not a tree, build output stays build output, and moves within the project are everyday.
    for (const line of ['mv notes.md build/', 'mv build/a build/b', 'mv src lib', 'rm -rf build']) expectAllowed(line, repository);
  });

  // Real incidents: agents that deleted the project they worked in, its parent, its history, or other projects at home.
  const project = {
    cwd: '/home/dev/code/app',
    env: { HOME: '/home/dev' },
    reader: memoryReader({ '/home/dev/code/app/.git/HEAD': 'ref: refs/heads/main\n', '/home/dev/code/app/.gitignore': 'node_modules/\ndist/\nbuild/\nout/\n.next/\ntarget/\ncoverage/\ntmp/\n' }),
  };

  it('makes deleting the project, a folder holding it, or everything in it critical', () => {
    for (const line of [
      'rm -rf ../', 'rm -rf ..', 'rm -rf .', 'rm -rf ./', 'rm -rf *', 'rm -rf ./*', 'rm -rf .*', 'rm -rf ?*', 'rm -rf "$PWD"', 'rm -rf $PWD/',
      'rm -rf /home/dev/code/app', 'rm -rf ~/code', 'rm -rf ~/code/*', 'rm -rf src .', 'cd .. && rm -rf app', 'cd src && rm -rf ../..', 'find . -delete', 'find -L . -type f -delete',
      'find .. -mindepth 1 -delete', 'rimraf .', 'npx rimraf ../', 'pnpm dlx rimraf "$PWD"', 'del /s /q .', 'rd /s /q ..', 'rmdir /S /Q .', 'Remove-Item -Recurse -Force .',
      "python3 -c \"import shutil; shutil.rmtree('.')\"",
    ]) {
      expectLevel(line, 'critical', 'fs.rm.workspace', project);
    }
    // What a substitution prints is known only when it runs.
    expectLevel('rm -rf "$(pwd)"', 'high', 'fs.rm.unknown-path', project);
    // The agent's cwd is the workspace even where no repository says so.
    expectLevel('rm -rf .', 'critical', 'fs.rm.workspace');
    // Whatever order the paths come in, the worst one decides.
    expectLevel('rm -rf src /', 'critical', 'fs.rm.root', project);
    expectLevel('find / -delete', 'critical', 'fs.rm.root', project);
  });

  it('asks before deleting the repository’s history', () => {
    for (const line of ['rm -rf .git', 'rm -rf ./.git/', 'rm -r .git', 'rm -rf .git/objects', 'rm -rf .git/refs', 'rm -rf .git/*', 'rm -rf packages/lib/.git', 'rimraf .git', 'rd /s /q .git', 'cd src && rm -rf ../.git']) {
      expectLevel(line, 'high', 'fs.rm.history', project);
    }
    expectLevel('shred -u .git/index', 'high', 'fs.shred', project);
    // A stale lock, a package's checkout in ignored dependencies: routine.
    for (const line of ['rm -f .git/index.lock', 'rm .git/MERGE_HEAD', 'rm -rf node_modules/some-package/.git']) expectAllowed(line, project);
  });

  it('asks before deleting other projects and folders in the home folder', () => {
    for (const line of ['rm -rf ~/SomeProjects/', 'rm -rf ~/code/other-app', 'rm -rf /home/dev/projects', 'rm -rf ../other-app', 'rimraf ~/code/other-app', 'cd ~/code/other-app && rm -rf src']) {
      expectLevel(line, 'high', 'fs.rm.outside', project);
    }
    expectLevel('git clean -fdx', 'high', 'git.clean.force', project);
    // A drive, a home folder or the Users folder on Windows are roots; Windows itself is system.
    expectLevel("rmdir /s /q 'D:\\'", 'critical', 'fs.rm.root', project);
    expectLevel("rd /s /q 'C:\\Users\\dev'", 'critical', 'fs.rm.root', project);
    expectLevel("Remove-Item -Recurse -Force 'C:/'", 'critical', 'fs.rm.root', project);
    expectLevel("del /s /q 'C:\\Windows\\System32'", 'high', 'fs.rm.system', project);
  });

  it('lets everyday deletes in the project go', () => {
    for (const line of [
      'rm -rf node_modules', 'rm -rf dist build out .next target coverage', 'rm -rf ./tmp/x', 'rm file.txt', 'rm -f *.log', 'rm -rf /tmp/xyz', 'rimraf dist', 'npx rimraf node_modules build',
      'rd /s /q build', 'del /q notes.txt', 'rmdir empty', 'cd build && rm -rf *', 'cd /tmp/scratch && rm -rf .', 'find ./dist -delete', 'find /tmp/cache -type f -delete',
      'find . -name "*.ts"', 'find . -exec echo -delete +', 'find . -name -delete -print',
    ]) {
      expectAllowed(line, project);
    }
    // Projects kept outside home (a server's /srv or /var/www, WSL's /mnt/c) are projects too, not system folders.
    for (const cwd of ['/srv/app', '/var/www/site', '/mnt/c/Users/dev/app']) {
      const elsewhere = { cwd, env: { HOME: '/home/dev' }, reader: memoryReader({ [`${cwd}/.git/HEAD`]: 'ref: refs/heads/main\n', [`${cwd}/.gitignore`]: 'node_modules/\ndist/\n' }) };
      expectAllowed('rm -rf node_modules dist', elsewhere);
      expectLevel('rm -rf .', 'critical', 'fs.rm.workspace', elsewhere);
      expectLevel('rm -rf /var/log', 'high', 'fs.rm.system', elsewhere);
    }
    expectLevel('rm -rf sites-enabled', 'high', 'fs.rm.system', { cwd: '/etc/nginx', env: { HOME: '/home/dev' } });
    // A narrowed find still asks, but is no wholesale delete.
    expectLevel('find . -name "*.bak" -delete', 'high', 'fs.find.delete', project);
    expectLevel('rm -rf src', 'high', 'fs.rm.recursive', project);
  });

  it('does not give code the temp-folder allowance', () => {
    expectLevel('python3 -c "import shutil; shutil.rmtree(\'/tmp/demo\')"', 'high', 'fs.rm.recursive');
    expectLevel('node -e "require(\'fs\').rmSync(\'/\', {recursive: true})"', 'critical', 'fs.rm.root');
  });

  it('asks before touching personal files outside the project', () => {
    expectLevel('rm ~/Desktop/notes.txt', 'high', 'fs.personal.delete');
    expectLevel('rm -rf ~/.ssh/', 'high', 'fs.personal.delete');
    expectLevel('cp report.pdf ~/Documents/', 'high', 'fs.personal.write');
    expectLevel('mv draft.pdf ~/Downloads/final.pdf', 'high', 'fs.personal.write');
    expectLevel('sed -i "s/a/b/" ~/Documents/notes.txt', 'high', 'fs.personal.write');
    expectLevel('echo hi > ~/Desktop/x.txt', 'high', 'fs.personal.write');
    expectLevel('cat ~/Documents/diary.md', 'high', 'fs.personal.read');
    expectLevel('ls "~/Library/Mobile Documents/"', 'high', 'fs.personal.read');
    expectAllowed('cat ~/Downloads/data.csv');
    // A project kept in Documents is the workspace, not someone's private papers.
    expectAllowed('cat README.md && rm -f notes.txt', { cwd: '/home/dev/Documents/project', env: { HOME: '/home/dev' } });
  });

  it('asks before disk writes, formats, shreds, permission sweeps and truncation', () => {
    expectLevel('dd if=/dev/zero of=/dev/sda bs=4M', 'critical', 'fs.disk.write');
    expectLevel('mkfs.ext4 /dev/sdb1', 'critical', 'fs.disk.format');
    expectLevel('wipefs -a /dev/nvme0n1', 'critical', 'fs.disk.format');
    expectLevel('echo x > /dev/sda', 'critical', 'fs.disk.write');
    expectLevel('fdisk /dev/sda', 'high', 'fs.disk.partition');
    expectLevel('shred -u secret.txt', 'high', 'fs.shred');
    expectLevel('chmod -R 777 ./app', 'high', 'fs.chmod.recursive');
    expectLevel('chmod 777 deploy.sh', 'high', 'fs.chmod.open');
    expectLevel('chown -R root:root /var', 'high', 'fs.chmod.recursive');
    expectLevel('truncate -s 0 app.db', 'high', 'fs.truncate');
    expectLevel('mv important.db /dev/null', 'high', 'fs.mv.devnull');
    expectLevel('find . -name "*.bak" -delete', 'high', 'fs.find.delete');
    expectLevel('rsync -a --delete src/ backup/', 'high', 'fs.rsync.delete');
    expectLevel('echo root::0:0::: >> /etc/passwd', 'high', 'fs.system.write');
    expectLevel('Remove-Item -Recurse -Force C:\\projects\\app', 'high', 'fs.rm.recursive');
  });

  it('asks before deleting, emptying or overwriting state files, databases and dumps', () => {
    for (const line of [
      'rm terraform.tfstate', 'rm -f infra/terraform.tfstate.backup', 'rm *.tfstate', 'rm -f prod.db', 'rm data/app.sqlite3', 'unlink app.db-wal', 'rm app.db.bak', 'rm backup.sql',
      'rm nightly-dump.sql.gz', 'rm pg.dump', 'cp /dev/null terraform.tfstate', 'echo > terraform.tfstate', ': > app.db', 'mv terraform.tfstate old/', 'cp seed.db app.db',
      "find . -name 'terraform.tfstate*' -exec rm {} \\;", "find . -regex '.*\\.sqlite3$' -exec rm -f {} +", "find infra -name '*.tfstate' -delete",
    ]) {
      expectLevel(line, 'high', 'fs.state.delete');
    }
    for (const line of ['rm schema.sql', 'rm -f src/app.js.bak', 'rm /tmp/test.db', 'pg_dump app > backup.sql', 'cp app.db app.db.backup', 'ls *.db', "find . -name '*.db'"]) {
      expectAllowed(line);
    }
  });

  it('lets everyday file commands through', () => {
    for (const line of [
      'ls -la', 'cat package.json', 'mkdir -p build/out', 'touch a.txt', 'cp a.txt b.txt', 'mv old.txt new.txt', 'chmod +x run.sh', 'chmod 644 a.txt',
      'chown dev:dev a.txt', 'dd if=/dev/zero of=disk.img bs=1M count=10', 'find . -name "*.ts"', 'rsync -a src/ out/', 'echo hi > out.txt', 'cat x 2>/dev/null',
      'truncate -s 10M disk.img', 'tee -a log.txt', 'srm', 'find /tmp/cache -delete',
    ]) {
      expectAllowed(line);
    }
  });
});

describe('filesystem pack with Windows paths', () => {
  before(loadGrammar);

  it('judges a drive path the same wherever the command runs', () => {
    for (const cwd of ['/tmp/work', '/home/dev/project']) expectLevel('Remove-Item -Recurse -Force C:\\Users\\dev\\project', 'high', 'fs.rm.recursive', { cwd, env: { HOME: '/home/dev' } });
  });
});
