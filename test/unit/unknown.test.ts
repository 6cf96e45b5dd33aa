import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('programs without rules', () => {
  before(loadGrammar);
  const expect = expectLevel;

  it('asks when an unknown program is told to delete, destroy, purge or wipe', () => {
    for (const line of [
      // the next cloud CLI, as it spells its verbs
      'yc compute instance delete web-1', 'tccli cvm TerminateInstances --InstanceIds x', 'civo kubernetes remove prod', 'turso db destroy prod', 'neonctl projects delete prod',
      'pscale database delete prod --force', 'koyeb app delete web', 'cf delete-service prod-db -f', 'dokku apps:destroy shop --force', 'kamal app remove', 'sst remove --stage production',
      'serverless remove --stage prod', 'amplify delete --force', 'eb terminate prod-env', 'helmfile destroy', 'velero backup delete nightly --confirm', 'nats stream purge ORDERS',
      'rabbitmqctl delete_user deployer', 'rabbitmqadmin delete queue name=jobs', 'stripe customers delete cus_123', 'fastly logging s3 delete --name logs', 'consul kv delete -recurse app',
      'zfs destroy tank/data', 'launchctl remove com.example.agent', 'defaults delete com.apple.finder', 'vagrant destroy -f', 'b2 delete-bucket my-bucket',
      // compound verbs, option forms and the program's own name
      'aliyuncli ecs DeleteInstance --InstanceId i-1', 'foo-cli service-instance-delete db', 'kafka-topics --bootstrap-server x:9092 --delete --topic payments',
      'kafka-configs --alter --delete-config retention.ms --entity-type topics', 'kafka-delete-records --offset-json-file o.json', 'mytool --verbose rm thing',
      '/opt/vendor/bin/acmecloud db drop prod',
      // runners, nodes and controllers taken out of what they serve
      'gitlab-runner unregister --all-runners', 'consul services deregister web.json', 'velero uninstall', 'istioctl uninstall --purge', 'rabbitmqctl force_reset',
      // a tool run from its jar, with an option's URL before the subcommand
      'java -jar jenkins-cli.jar -s http://jenkins.local/ delete-job deploy-prod', 'java -jar /opt/jenkins-cli-2.401.jar -s https://ci.example.com/ delete-node agent-1',
      'acmectl --endpoint https://api.acme.io/ instances delete web-1',
    ]) {
      expect(line, 'high', 'unknown.delete');
    }
  });

  it('stays quiet for reads, help, everyday tools and words that are not subcommands', () => {
    for (const line of [
      'yc compute instance list', 'turso db show prod', 'velero backup get', 'acmecloud delete --help', 'acmecloud help delete', 'acmecloud db drop prod --dry-run',
      'echo delete', 'printf "%s\\n" remove', 'grep -r delete src', 'rg "destroy" .', 'man delete', 'tldr rm', 'apt remove foo', 'apt-get purge foo', 'brew uninstall node',
      'pip uninstall requests', 'conda env remove -n old', 'make clean', 'make destroy-nothing', 'just delete-cache', 'pytest -k test_delete', 'jest delete.test.ts', 'node delete.js',
      'ollama rm llama3', 'zoxide remove /tmp/x', 'mytool ./delete', 'mytool path/to/delete', 'mytool -- delete', 'bd create --notes This mentions rm -rf / but is just docs',
      'tool list delete.txt', 'digit reset --hard', 'my-git reset --hard', 'java -jar app.jar --server.port=8080', 'java -jar target/app-1.0.jar reset-password alice',
      'acmectl --endpoint https://api.acme.io/ instances list', 'hf cache delete', 'huggingface-cli delete-cache', 'k3d cluster list', 'nvm uninstall 18', 'rustup toolchain remove nightly', 'hg rm file.txt', 'svn delete old.txt',
    ]) {
      expectAllowed(line);
    }
  });
});
