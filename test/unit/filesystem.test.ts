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
    expectLevel('rm -rf *', 'high', 'fs.rm.recursive');
    expectLevel('rm -r ../other-project', 'high', 'fs.rm.recursive');
    expectLevel('rm -rf $BUILD_DIR', 'high', 'fs.rm.unknown-path');
    expectLevel("rm -rf '$TMPDIR/foo'", 'high', 'fs.rm.recursive');
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
