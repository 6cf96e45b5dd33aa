import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('storage pack', () => {
  before(loadGrammar);
  const expect = expectLevel;

  it('makes deleting a whole bucket or remote critical', () => {
    for (const line of [
      's3cmd rb --force s3://assets', 's3cmd del --recursive s3://assets', "s5cmd rm 's3://assets/*'", 'rclone purge remote:important-bucket', 'rclone delete remote:bucket',
      'mc rb --force myminio/bucket', 'mc rm --recursive --force myminio/bucket/', 'mc admin bucket delete myminio bucket',
      // a value taken by an option the pack does not list stands before the command
      'rclone --some-new-flag value purge remote:', 's3cmd --some-new-flag value rb --force s3://assets', 'mc --some-new-flag value rb --force myminio/bucket',
    ]) {
      expect(line, 'critical', 'storage.bucket.destroy');
    }
  });

  it('asks before deleting objects, mirroring with deletion and uploading', () => {
    for (const line of ['s3cmd rb s3://empty', 's3cmd rm s3://assets/logo.png', 's5cmd rb s3://empty', 'rclone delete remote:bucket/old --min-age 30d', 'rclone deletefile remote:b/file.txt', 'rclone cleanup remote:', 'rclone dedupe remote:photos', 'mc rb myminio/bucket', 'mc --json rb myminio/bucket', 'mc rm myminio/bucket/file.txt']) {
      expect(line, 'high', 'storage.delete');
    }
    for (const line of ['rclone sync /src remote:bucket', 'rclone move /src remote:bucket', 'rclone bisync /a remote:b', 's3cmd sync ./dist s3://site --delete-removed', 's5cmd sync --delete ./dist s3://site', 'mc mirror --remove ./dist myminio/site', 'mc mv myminio/a/x myminio/b/x', 's3cmd mv s3://a/x s3://b/x']) {
      expect(line, 'high', 'storage.sync.delete');
    }
    for (const line of ['rclone copy /src remote:bucket', 's3cmd put app.zip s3://releases/', 's5cmd cp ./a s3://b/a', 'mc cp localfile myminio/bucket/', 'mc mirror ./dist myminio/site']) {
      expect(line, 'high', 'storage.upload');
    }
  });

  it('reads azcopy: a sync that deletes at the destination, uploads, removals', () => {
    expect('azcopy sync ./local https://account.blob.core.windows.net/container --delete-destination true', 'high', 'storage.sync.delete');
    expect('azcopy sync ./local https://account.blob.core.windows.net/container --delete-destination=prompt', 'high', 'storage.sync.delete');
    expect('azcopy copy ./dist "https://account.blob.core.windows.net/$web" --recursive', 'high', 'storage.upload');
    expect('azcopy rm https://account.blob.core.windows.net/container/old.txt', 'high', 'storage.delete');
    expect('azcopy remove https://account.blob.core.windows.net/container --recursive', 'critical', 'storage.bucket.destroy');
    for (const line of ['azcopy list https://account.blob.core.windows.net/container', 'azcopy sync https://account.blob.core.windows.net/container ./local', 'azcopy sync ./l https://account.blob.core.windows.net/c --delete-destination true --dry-run', 'azcopy login']) {
      expectAllowed(line);
    }
  });

  it('asks before access, lifecycle and server administration changes', () => {
    for (const line of ['s3cmd setacl s3://b --acl-public', 'mc anonymous set public myminio/b', 'mc admin user remove myminio alice', 'mc admin policy remove myminio readwrite', 'mc admin service restart myminio', 'mc ilm rule remove myminio/b --id x', 'mc version suspend myminio/b']) {
      expect(line, 'high', 'storage.admin');
    }
    expect('s5cmd run commands.txt', 'high', 'storage.batch');
  });

  it('asks before printing stored keys', () => {
    for (const line of ['rclone config show', 'rclone config dump', 's3cmd --dump-config', 'mc alias list', 'mc alias ls', 'mc admin user svcacct add myminio alice']) expect(line, 'high', 'storage.secret');
  });

  it('rates backup tools by what they forget', () => {
    for (const line of ['restic forget latest', 'restic forget --keep-last 3 --prune', 'restic -o s3.bucket="my bucket" forget', 'restic prune', 'restic key remove 1', 'borg delete repo::archive-2024-01-01', "borg delete -a 'sh:host-*' repo", 'borg prune --keep-daily 7 repo', 'borg recreate repo::a --exclude /tmp']) {
      expect(line, 'high', 'storage.backup.delete');
    }
    for (const line of ['borg delete /backups/repo', 'borg rdelete', 'borg repo-delete', 'restic forget --tag prod --unsafe-allow-remove-all']) expect(line, 'critical', 'storage.backup.destroy');
  });

  it('lets reads, downloads and dry runs through', () => {
    for (const line of [
      's3cmd ls s3://b', 's3cmd la', 's3cmd info s3://b', 's3cmd get s3://b/x .', 's3cmd sync s3://b ./local', 'rclone ls remote:b', 'rclone lsd remote:', 'rclone size remote:b',
      'rclone copy remote:b /dst', 'rclone sync /src remote:b --dry-run', 'rclone purge remote:b -n', 'rclone rmdir remote:b/empty', 'rclone config file', 'mc ls myminio', 'mc cat myminio/b/x',
      'mc cp myminio/bucket/file.txt ./local', 'mc admin info myminio', 'mc rm --dry-run --recursive --force myminio/b/', 'mc', 'restic snapshots', 'restic check', 'restic forget --dry-run --keep-last 1',
      'borg list repo', 'borg info repo', 'borg delete --cache-only repo', 'borg prune -n --keep-daily 7 repo', 's5cmd ls s3://b', 'rclone --version',
    ]) {
      expectAllowed(line);
    }
  });
});
