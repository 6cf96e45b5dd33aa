import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describeGrant } from '../../src/core/approval/grants';
import { canonicalEntry, genesis } from '../../src/core/audit/chain';
import { maskEntry, type LogEntry } from '../../src/core/audit/entry';
import { exportEntries } from '../../src/core/audit/export';
import { maskHookReport } from '../../src/core/audit/hookReport';
import { logRecord } from '../../src/core/audit/opentelemetry';
import { describeRequest } from '../../src/core/cosign/describe';
import { createRequest } from '../../src/core/cosign/request';
import { describeToolCall } from '../../src/core/model/tool';
import { formatAssessment, maskedAssessment } from '../../src/core/risk/describe';
import { classifyToolCall } from '../../src/core/risk/tools';
import { isSecretName, maskSecrets, masking, secretSpans } from '../../src/core/text/mask';
import { visible, visibleCommand } from '../../src/core/text/visible';
import { LogStore } from '../../src/node/audit/store';
import { bashGrammar } from '../../src/node/grammar';
import { assess, loadGrammar } from './support/engine';
import { newEntry } from './support/entries';

// Each line with its secret, and how it reads masked.
const masked: readonly (readonly [string, string])[] = [
  // Passwords in URLs, any scheme; the user and host stay.
  ['DATABASE_URL=postgres://app:s3cret@prod-db.internal/shop npx prisma db push', 'DATABASE_URL=postgres://app:****@prod-db.internal/shop npx prisma db push'],
  ['psql postgresql://app:p%40ss@prod-db:5432/shop', 'psql postgresql://app:****@prod-db:5432/shop'],
  ['mongosh "mongodb+srv://admin:s3cret@cluster0.example.net/db"', 'mongosh "mongodb+srv://admin:****@cluster0.example.net/db"'],
  ['redis-cli -u redis://:s3cret@cache:6379 flushall', 'redis-cli -u redis://:****@cache:6379 flushall'],
  ['git clone https://x-access-token:s3cret@github.com/org/repo', 'git clone https://x-access-token:****@github.com/org/repo'],
  ['curl https://admin:p@ss:w0rd@api.example.com/v1', 'curl https://admin:****@api.example.com/v1'],
  ['git push https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/o/r', 'git push https://****@github.com/o/r'],
  ['DATABASE_URL=postgres://app:ab/cd+ef@prod-db/shop psql', 'DATABASE_URL=postgres://app:****@prod-db/shop psql'],
  ['jdbc:postgresql://db/shop?user=app&password=s3cret&ssl=true', 'jdbc:postgresql://db/shop?user=app&password=****&ssl=true'],
  // Options, joined or apart.
  ['mysql --password=s3cret -h prod shop', 'mysql --password=**** -h prod shop'],
  ['mongodump --password s3cret --host prod', 'mongodump --password **** --host prod'],
  ['vault login --token s.abc123', 'vault login --token ****'],
  ['curl --oauth2-bearer s3cret https://x', 'curl --oauth2-bearer **** https://x'],
  ['stripe --api-key sk_live_abcdefghijklmnop customers delete', 'stripe --api-key **** customers delete'],
  ['tool --secret "two words" --client-secret=abc', 'tool --secret "****" --client-secret=****'],
  ['keytool -importkeystore -srcstorepass s3cret -deststorepass s3cret2', 'keytool -importkeystore -srcstorepass **** -deststorepass ****'],
  ['openssl rsa -in key.pem -passin pass:s3cret', 'openssl rsa -in key.pem -passin pass:****'],
  // mysql's attached -p, and other programs whose one-letter options carry a password.
  ['mysql -uroot -ps3cret -h prod-db shop -e "drop table users"', 'mysql -uroot -p**** -h prod-db shop -e "drop table users"'],
  ['mysqldump -u root -ps3cret shop > dump.sql', 'mysqldump -u root -p**** shop > dump.sql'],
  ['kubectl exec -it db-0 -- mariadb -ps3cret', 'kubectl exec -it db-0 -- mariadb -p****'],
  ['sshpass -p s3cret ssh prod', 'sshpass -p **** ssh prod'],
  ['docker login -u me -p s3cret registry.example.com', 'docker login -u me -p **** registry.example.com'],
  ['redis-cli -a s3cret -h prod flushall', 'redis-cli -a **** -h prod flushall'],
  ['sqlcmd -S prod -U sa -P s3cret -Q "drop table x"', 'sqlcmd -S prod -U sa -P **** -Q "drop table x"'],
  ['curl -u admin:s3cret -X DELETE https://api.example.com/x', 'curl -u admin:**** -X DELETE https://api.example.com/x'],
  ['sqlplus scott/tiger@orcl @drop.sql', 'sqlplus scott/****@orcl @drop.sql'],
  // Assignments: environment variables, by name.
  ['CLAUDECODE=1 PGPASSWORD=s3cret terraform destroy -auto-approve', 'CLAUDECODE=1 PGPASSWORD=**** terraform destroy -auto-approve'],
  ['AWS_SECRET_ACCESS_KEY=abc/def+ghi aws s3 rm s3://b --recursive', 'AWS_SECRET_ACCESS_KEY=**** aws s3 rm s3://b --recursive'],
  ['GITLAB_TOKEN=abc NPM_TOKEN="x y" glab release delete v1', 'GITLAB_TOKEN=**** NPM_TOKEN="****" glab release delete v1'],
  ['export STRIPE_SECRET=abc DB_PASSWORD=\'p w\' OPENAI_API_KEY=abc', "export STRIPE_SECRET=**** DB_PASSWORD='****' OPENAI_API_KEY=****"],
  ['MYSQL_PWD=s3cret mysql shop', 'MYSQL_PWD=**** mysql shop'],
  ['docker run -e POSTGRES_PASSWORD=s3cret -p 5432:5432 postgres', 'docker run -e POSTGRES_PASSWORD=**** -p 5432:5432 postgres'],
  ['terraform apply -var="db_password=s3cret" -var \'api_key=abc\'', 'terraform apply -var="db_password=****" -var \'api_key=****\''],
  ['helm upgrade app chart --set postgresql.auth.password=s3cret,postgresql.auth.user=app', 'helm upgrade app chart --set postgresql.auth.password=****,postgresql.auth.user=app'],
  ['kubectl create secret generic db --from-literal=password=s3cret', 'kubectl create secret generic db --from-literal=password=****'],
  ['psql "host=prod-db user=app password=s3cret dbname=shop"', 'psql "host=prod-db user=app password=**** dbname=shop"'],
  ['sqlcmd -C "Server=prod;User Id=sa;Password=s3cret;Database=x"', 'sqlcmd -C "Server=prod;User Id=sa;Password=****;Database=x"'],
  ['java -Dspring.datasource.password=s3cret -jar app.jar', 'java -Dspring.datasource.password=**** -jar app.jar'],
  ['aws configure set aws_secret_access_key s3cret', 'aws configure set aws_secret_access_key ****'],
  // Headers.
  ['curl -X DELETE -H "Authorization: Bearer s3cret" https://api.example.com/users/1', 'curl -X DELETE -H "Authorization: Bearer ****" https://api.example.com/users/1'],
  ["curl -H 'Authorization: Basic YWRtaW46czNjcmV0' https://x", "curl -H 'Authorization: Basic ****' https://x"],
  ['curl --header "PRIVATE-TOKEN: s3cret" https://gitlab.example.com/api', 'curl --header "PRIVATE-TOKEN: ****" https://gitlab.example.com/api'],
  ['curl -H "X-Api-Key: s3cret" https://x', 'curl -H "X-Api-Key: ****" https://x'],
  ['git -c http.extraHeader="Authorization: token s3cret" push', 'git -c http.extraHeader="Authorization: token ****" push'],
  // Token formats, wherever they are: the prefix says what kind it was.
  ['echo ghp_abcdefghijklmnopqrstuvwxyz0123456789 | gh auth login --with-token', 'echo ghp_**** | gh auth login --with-token'],
  ['gh --token github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz repo delete', 'gh --token **** repo delete'],
  ['aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE', 'aws configure set aws_access_key_id AKIA****'],
  ['curl -d token=abc https://slack.com/api -d xoxb-1234-5678-abcdefghijkl', 'curl -d token=**** https://slack.com/api -d xoxb-****'],
  ['curl https://hooks.slack.com/services/T000/B000/XXXXXXXX -d x', 'curl https://hooks.slack.com/services/**** -d x'],
  // Private key blocks, over several lines.
  ["echo '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc=\n-----END RSA PRIVATE KEY-----' > id_rsa", "echo '-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----' > id_rsa"],
  ['printf "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXk" > k', 'printf "-----BEGIN OPENSSH PRIVATE KEY-----****" > k'],
  // SQL that sets a password.
  ['psql -c "ALTER USER app WITH PASSWORD \'s3cret\'"', 'psql -c "ALTER USER app WITH PASSWORD \'****\'"'],
  ['mysql -e "CREATE USER x IDENTIFIED BY \'s3cret\'"', 'mysql -e "CREATE USER x IDENTIFIED BY \'****\'"'],
  // JSON, as an MCP call's arguments read.
  ['db › query {"connection_string":"postgres://app:s3cret@prod/shop","password":"s3cret","sql":"drop table x"}', 'db › query {"connection_string":"postgres://app:****@prod/shop","password":"****","sql":"drop table x"}'],
];

// Everyday commands, and options that look like password options but are not.
const untouched: readonly string[] = [
  'psql -p 5432 -h prod-db -U app shop',
  'psql -h localhost -p5432 shop',
  'kubectl -p foo get pods',
  'kubectl patch deployment api -p \'{"spec":{"replicas":2}}\'',
  'mysql -u root -p shop',
  'mysql --password shop',
  'psql -U app --password shop',
  'pg_dump -h prod --password shop',
  'docker run -p 8080:80 nginx',
  'docker run --name mysql -p 3306:3306 mysql:8',
  'ssh -p 2222 git@github.com',
  'scp -P 2222 file user@host:/tmp',
  'git clone git@github.com:org/repo.git',
  'git clone https://github.com/org/repo.git',
  'curl http://localhost:8080/users/@me https://example.com/a:b@c',
  'pg_dump --password-file /run/secrets/db shop',
  'docker login --password-stdin -u me registry.example.com',
  'vault kv get -field=password secret/app/db',
  'aws secretsmanager get-secret-value --secret-id prod/db/password',
  'gcloud secrets versions access latest --secret=prod-db-password',
  'kubectl get secret db -o jsonpath="{.data.password}"',
  'docker build --secret id=npm,src=$HOME/.npmrc .',
  'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
  'export GITHUB_TOKEN=$(gh auth token)',
  'PGPASSWORD="$DB_PASSWORD" psql -h prod shop',
  'grep -r "API_KEY=" .env.example',
  'echo $PWD; PWD=/srv make',
  'env | grep -i token',
  'terraform destroy -auto-approve',
  'rm -rf node_modules && npm ci',
  'git log --author=alice --since=2.weeks',
  'ls -la ~/.ssh',
  'npm run build -- --mode=production',
  'find . -name "*.key" -type f',
  'openssl rsa -in key.pem -passin env:KEY_PASSWORD -out plain.pem',
  'ansible-playbook site.yml --private-key ~/.ssh/deploy',
  'git commit -m "fix: rotate token on login"',
];

describe('masking secrets', () => {
  it('masks every form of secret it knows, keeping what the command does in view', () => {
    for (const [line, expected] of masked) assert.equal(maskSecrets(line), expected, line);
  });

  it('leaves everyday commands and look-alike options as they are', () => {
    for (const line of untouched) assert.equal(maskSecrets(line), line, line);
  });

  it('changes nothing when masked again', () => {
    for (const [, expected] of masked) assert.equal(maskSecrets(expected), expected, expected);
  });

  it('reads names as a person would: by their last word', () => {
    for (const name of ['PGPASSWORD', 'DB_PASSWORD', 'dbPassword', 'api-key', 'X-Api-Key', 'AWS_SECRET_ACCESS_KEY', 'GH_TOKEN', 'clientSecret', 'MYSQL_PWD', 'Pwd', 'passphrase', '_authToken', 'storepass']) {
      assert.ok(isSecretName(name), name);
    }
    for (const name of ['PWD', 'OLDPWD', 'password-file', 'TOKEN_FILE', 'secret-id', 'AWS_ACCESS_KEY_ID', 'no-password', 'password-stdin', 'bypass', 'keyboard', 'SSH_KEY', 'author']) {
      assert.ok(!isSecretName(name), name);
    }
  });

  it('stays linear on long and hostile text', () => {
    for (const text of ['pass:'.repeat(20_000), 'a://'.repeat(25_000), '-----BEGIN RSA PRIVATE KEY-----'.repeat(3_000), `mysql ${'a '.repeat(25_000)}${'-pX '.repeat(15_000)}`, 'PASSWORD='.repeat(10_000)]) {
      const started = performance.now();
      maskSecrets(text);
      assert.ok(performance.now() - started < 2000, `${text.slice(0, 20)}…: ${Math.round(performance.now() - started)} ms`);
    }
  });

  describe('spans', () => {
    it('moves a span of the command to where it is in the masked command', () => {
      const line = 'PGPASSWORD=s3cret terraform destroy -auto-approve';
      const result = masking(line);
      assert.deepEqual(result.secrets, [{ start: 11, end: 17 }]);
      const risky = { start: line.indexOf('terraform'), end: line.length };
      const moved = result.span(risky);
      assert.equal(result.text.slice(moved.start, moved.end), 'terraform destroy -auto-approve');
      // A span that covers the secret covers its mask; one that starts or ends inside it, the whole mask.
      assert.equal(result.text.slice(result.span({ start: 0, end: line.length }).start, result.span({ start: 0, end: line.length }).end), result.text);
      const inside = result.span({ start: 13, end: 25 });
      assert.equal(result.text.slice(inside.start, inside.end), '**** terrafo');
    });

    it('keeps the risky part in view and marked when the command is cut or has several lines', () => {
      const line = `MYSQL_PWD=s3cret ${'x'.repeat(600)} && mysql -uroot -ps3cret -e "drop database shop"`;
      const risky = { start: line.indexOf('mysql -uroot'), end: line.length };
      const shown = visible(line, { limit: 80, keep: risky });
      assert.ok(!shown.includes('s3cret'), shown);
      assert.ok(shown.includes('mysql -uroot -p**** -e "drop database shop"'), shown);
      const lines = `echo start\nDATABASE_URL=postgres://app:s3cret@prod/shop npx prisma migrate reset --force`;
      const command = visibleCommand(lines, { risky: { start: lines.indexOf('npx'), end: lines.length } });
      assert.equal(command.lines[0].number, 2);
      assert.equal(command.lines[0].text, 'DATABASE_URL=postgres://app:****@prod/shop npx prisma migrate reset --force');
      assert.ok(command.lines[0].risky);
    });

    it('masks a key block that runs over several lines of a command', () => {
      const line = "cat > key <<'EOF'\n-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\nEOF";
      const { lines } = visibleCommand(line);
      assert.ok(lines.every((shown) => !shown.text.includes('MIIEvQ')), JSON.stringify(lines));
      assert.ok(!visible(line).includes('MIIEvQ'));
    });

    it('moves findings to the masked command, so the risky part still points at the risky words', async () => {
      await loadGrammar();
      const line = 'DATABASE_URL=postgres://app:s3cret@prod-db.internal/shop npx prisma db push';
      const assessment = assess(line);
      assert.equal(assessment.target?.name, 'prod-db.internal', 'classification sees the host');
      const shown = maskedAssessment(assessment);
      assert.equal(shown.commandLine, 'DATABASE_URL=postgres://app:****@prod-db.internal/shop npx prisma db push');
      assert.ok(shown.findings.length > 0);
      for (const [index, finding] of shown.findings.entries()) {
        const original = assessment.findings[index];
        const before = assessment.commandLine.slice(original.span.start, original.span.end);
        assert.equal(shown.commandLine.slice(finding.span.start, finding.span.end), maskSecrets(before));
      }
      assert.ok(!formatAssessment(assessment).includes('s3cret'));
    });
  });

  describe('every surface', () => {
    const secret = 's3cret';
    const line = 'DATABASE_URL=postgres://app:s3cret@prod-db/shop PGPASSWORD=s3cret npx prisma migrate reset --force';

    it('describes an MCP call with its secrets masked, and still points at the argument', async () => {
      const call = { server: 'postgres', tool: 'query', arguments: { connection_string: 'postgres://app:s3cret@prod-db/shop', sql: 'DROP TABLE users' } };
      assert.equal(describeToolCall(call), 'postgres › query {"connection_string":"postgres://app:****@prod-db/shop","sql":"DROP TABLE users"}');
      const assessment = classifyToolCall(call, await bashGrammar(), { cwd: '/tmp', env: { HOME: '/tmp' } });
      assert.ok(!assessment.commandLine.includes(secret));
      const drop = assessment.findings.find((finding) => finding.ruleId.includes('drop'));
      assert.ok(drop, JSON.stringify(assessment.findings));
      assert.equal(assessment.commandLine.slice(drop.span.start, drop.span.end), '"DROP TABLE users"');
    });

    it('keeps only masked text in the log on disk, and the chain verifies', () => {
      const directory = mkdtempSync(path.join(tmpdir(), 'four-eyes-masking-'));
      try {
        const store = new LogStore(path.join(directory, 'action-log.jsonl'));
        store.append(newEntry(1));
        const logged = store.append(
          newEntry(2, {
            commandLine: line,
            terminal: 'PGPASSWORD=s3cret psql',
            assessment: { level: 'critical', rules: ['migration.prisma.reset'], target: { kind: 'database-host', name: 'prod-db', production: true, source: 'DATABASE_URL' } },
            decision: { kind: 'denied', by: 'alice', reason: 'Denied: DATABASE_URL=postgres://app:s3cret@prod-db/shop' },
          }),
        );
        store.append(newEntry(3));
        assert.equal(logged.commandLine, maskSecrets(line));
        const text = readFileSync(store.file, 'utf8');
        assert.ok(!text.includes(secret), text);
        assert.ok(text.includes('postgres://app:****@prod-db/shop'));
        assert.equal(store.verify().intact, true);
        assert.equal(store.verify().entries, 3);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });

    it('masks exports, OTLP records, hook reports and grants, even of entries logged before masking', () => {
      const old: LogEntry = { ...newEntry(1, { commandLine: line, terminal: 'GH_TOKEN=s3cret', decision: { kind: 'approved', by: 'alice', reason: `ran ${line}` } }), seq: 1, prev: '0'.repeat(64), hash: 'f'.repeat(64) };
      for (const format of ['json', 'csv', 'md'] as const) {
        const text = exportEntries([old], format);
        assert.ok(!text.includes(secret), `${format}: ${text}`);
        assert.ok(text.includes('****'), format);
      }
      assert.ok(!JSON.stringify(logRecord(old, Date.now())).includes(secret));
      assert.ok(!JSON.stringify(maskEntry(old)).includes(secret));
      const entry = newEntry(2);
      assert.equal(maskEntry(entry), entry, 'an entry with nothing to mask is the same entry');
      const report = maskHookReport({ time: old.time, agent: 'claude-code', cwd: '/w', commandLine: line, level: 'critical', rules: [], decision: 'denied', reason: 'no broker' });
      assert.ok(!JSON.stringify(report).includes(secret));
      assert.ok(!describeGrant({ id: 'g', by: 'alice', createdAt: 0, scope: { kind: 'session', commandLine: line, agent: 'claude-code' } }).includes(secret));
    });

    it('shows a co-signer the command masked', () => {
      const request = createRequest(
        { commandLine: line, cwd: '.', agent: 'Claude Code', level: 'critical', rule: 'migration.prisma.reset', reason: 'Resets', requester: { name: 'Ada', keyId: '0123456789abcdef' } },
        { now: Date.now(), minutes: 5 },
      );
      assert.ok(!describeRequest(request, Date.now()).includes(secret));
    });

    it('four-eyes check, check --json and classify --jsonl print no secret', () => {
      const cli = path.resolve('dist/cli.js');
      assert.ok(existsSync(cli), 'build first: npm run build');
      const run = (args: string[], input?: string): string => {
        const result = spawnSync(cli, args, { input, encoding: 'utf8', timeout: 20000 });
        assert.equal(result.status, 0, result.stderr);
        return result.stdout + result.stderr;
      };
      const check = run(['check', '--', 'DATABASE_URL=postgres://app:s3cret@prod-db.internal/shop npx prisma db push']);
      assert.ok(!check.includes(secret), check);
      assert.match(check, /postgres:\/\/app:\*\*\*\*@prod-db\.internal\/shop/);
      assert.match(check, /target: database host prod-db\.internal — production/);
      const json = run(['check', '--json', '--', 'mysql -uroot -ps3cret -h prod-db shop -e "drop table users"']);
      assert.ok(!json.includes(secret), json);
      const answer = JSON.parse(json) as { command: string; findings: { span: { start: number; end: number } }[] };
      assert.equal(answer.command, 'mysql -uroot -p**** -h prod-db shop -e "drop table users"');
      assert.ok(answer.findings.every((finding) => finding.span.end <= answer.command.length));
      const jsonl = run(['classify', '--jsonl'], `${JSON.stringify({ command: 'PGPASSWORD=s3cret psql -h prod-db -c "drop table users"' })}\n`);
      assert.ok(!jsonl.includes(secret), jsonl);
    });

    it('four-eyes log export masks a log written before masking', () => {
      const directory = mkdtempSync(path.join(tmpdir(), 'four-eyes-masking-'));
      try {
        const file = path.join(directory, 'action-log.jsonl');
        // Chained by hand, as a store did before it masked.
        const canonical = canonicalEntry(newEntry(1, { commandLine: line }), 1, genesis);
        writeFileSync(file, `${canonical.slice(0, -1)},"hash":"${createHash('sha256').update(canonical).digest('hex')}"}\n`);
        for (const format of ['json', 'csv', 'md']) {
          const result = spawnSync(path.resolve('dist/cli.js'), ['log', 'export', '--format', format, file], { encoding: 'utf8', timeout: 20000, env: { ...process.env, FOUR_EYES_STATE_DIR: directory, FOUR_EYES_SOCKET: '', FOUR_EYES_TOKEN: '' } });
          assert.equal(result.status, 0, result.stderr);
          assert.ok(!(result.stdout + result.stderr).includes(secret), result.stdout);
          assert.ok(result.stdout.includes('****'), result.stdout);
        }
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });
  });

  it('finds nothing in text without secrets, quickly', () => {
    assert.deepEqual(secretSpans('kubectl --context prod delete namespace payments'), []);
  });
});
