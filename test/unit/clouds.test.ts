import * as assert from 'node:assert/strict';
import { sqlChangesData } from '../../src/core/rules/sql';
import { expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('other clouds pack', () => {
  before(loadGrammar);
  const expect = expectLevel;

  it('tells writing SQL from reading SQL', () => {
    assert.equal(sqlChangesData('DELETE FROM users'), true);
    assert.equal(sqlChangesData('drop table t; select 1'), true);
    assert.equal(sqlChangesData("SELECT * FROM t WHERE note = 'drop table x'"), false);
    assert.equal(sqlChangesData('SELECT updated_at, deleted FROM t -- delete later'), false);
  });

  it('rates DigitalOcean by what it removes', () => {
    expect('doctl databases delete 9cc10173 --force', 'critical', 'cloud.doctl.destroy');
    expect('doctl kubernetes cluster delete main', 'critical', 'cloud.doctl.destroy');
    expect('doctl k8s cluster delete main', 'critical', 'cloud.doctl.destroy');
    expect('doctl databases db delete 9cc10173 app', 'critical', 'cloud.doctl.destroy');
    expect('doctl compute droplet delete web-1 --force', 'high', 'cloud.doctl.delete');
    expect('doctl compute droplet create web --size s-1vcpu-1gb --image ubuntu-22-04-x64 --region ams3', 'high', 'cloud.doctl.write');
    expect('doctl compute droplet-action power-off 123', 'high', 'cloud.doctl.write');
    expect('doctl databases connection 9cc10173', 'high', 'cloud.doctl.secret');
    expect('doctl kubernetes cluster kubeconfig show main', 'high', 'cloud.doctl.secret');
  });

  it('reads doctl’s own aliases where doctl reads them', () => {
    // `d` is databases first, a droplet under compute, and delete where a verb stands.
    expect('doctl d d 9cc10173 --force', 'critical', 'cloud.doctl.destroy');
    expect('doctl db rm 9cc10173', 'critical', 'cloud.doctl.destroy');
    expect('doctl k c d main', 'critical', 'cloud.doctl.destroy');
    expect('doctl kube clusters rm main', 'critical', 'cloud.doctl.destroy');
    expect('doctl compute volume delete vol-1 --force', 'critical', 'cloud.doctl.destroy');
    expect('doctl registry delete --force', 'critical', 'cloud.doctl.destroy');
    expect('doctl compute d rm web-1', 'high', 'cloud.doctl.delete');
    expect('doctl compute d d web-1', 'high', 'cloud.doctl.delete');
    expect('doctl compute droplet del web-1', 'high', 'cloud.doctl.delete');
    expect('doctl k c np d main pool-1', 'high', 'cloud.doctl.delete');
    expect('doctl apps d 1234', 'high', 'cloud.doctl.delete');
    expect('doctl serverless undeploy hello', 'high', 'cloud.doctl.delete');
    expect('doctl compute d c web --size s-1vcpu-1gb --image ubuntu-22-04-x64', 'high', 'cloud.doctl.write');
    expect('doctl k c cfg s main', 'high', 'cloud.doctl.secret');
    expect('doctl databases u g 9cc10173 doadmin', 'high', 'cloud.doctl.secret');
    for (const line of ['doctl compute d list', 'doctl compute d ls', 'doctl d list', 'doctl k c ls', 'doctl k c cfg save main', 'doctl compute d g web-1']) expectAllowed(line);
  });

  it('rates the long tail of clouds by what their deletions take with them', () => {
    // Databases, clusters, volumes and buckets: critical.
    for (const [line, ruleId] of [
      ['linode-cli lke cluster-delete 123', 'cloud.linode.destroy'],
      ['linode-cli databases mysql-delete 12', 'cloud.linode.destroy'],
      ['linode-cli databases postgresql-delete 12', 'cloud.linode.destroy'],
      ['linode-cli volumes delete 4', 'cloud.linode.destroy'],
      ['linode-cli obj rb my-bucket --recursive', 'cloud.linode.destroy'],
      ['hcloud volume delete data', 'cloud.hcloud.destroy'],
      ['hcloud --some-new-flag value volume delete data', 'cloud.hcloud.destroy'],
      ['scw k8s cluster delete 11111111-1111-1111-1111-111111111111', 'cloud.scaleway.destroy'],
      ['scw rdb instance delete 11111111-1111-1111-1111-111111111111 region=fr-par', 'cloud.scaleway.destroy'],
      ['scw instance server terminate 11111111-1111-1111-1111-111111111111', 'cloud.scaleway.destroy'],
      ['scw instance server delete 11111111-1111-1111-1111-111111111111 with-volumes=all', 'cloud.scaleway.destroy'],
      ['vultr-cli kubernetes delete 123', 'cloud.vultr.destroy'],
      ['vultr-cli k d 123', 'cloud.vultr.destroy'],
      ['vultr-cli database destroy 123', 'cloud.vultr.destroy'],
      ['vultr-cli bs d 123', 'cloud.vultr.destroy'],
      ['ovhcloud cloud kube delete 123', 'cloud.ovh.destroy'],
      ['ovhcloud cloud database-service delete 123', 'cloud.ovh.destroy'],
      ['exo dbaas delete db1 -z ch-gva-2', 'cloud.exoscale.destroy'],
      ['exo compute sks delete prod', 'cloud.exoscale.destroy'],
      ['exo storage rb sos://bucket', 'cloud.exoscale.destroy'],
      ['ibmcloud ks cluster rm --cluster prod', 'cloud.ibmcloud.destroy'],
      ['ibmcloud oc cluster rm --cluster prod', 'cloud.ibmcloud.destroy'],
      ['ibmcloud resource service-instance-delete my-db --force', 'cloud.ibmcloud.destroy'],
      ['ibmcloud cos bucket-delete --bucket b', 'cloud.ibmcloud.destroy'],
      ['ibmcloud is volume-delete vol-1', 'cloud.ibmcloud.destroy'],
      ['oci db autonomous-database delete --autonomous-database-id ocid1.x', 'cloud.oci.destroy'],
      ['oci os bucket delete --bucket-name b --empty --force', 'cloud.oci.destroy'],
      ['oci ce cluster delete --cluster-id ocid1.x', 'cloud.oci.destroy'],
      ['oci --profile ops kms management vault schedule-deletion --vault-id ocid1.x', 'cloud.oci.destroy'],
      ['aliyun rds DeleteDBInstance --DBInstanceId rm-1', 'cloud.aliyun.destroy'],
      ['aliyun ecs DeleteDisk --DiskId d-1', 'cloud.aliyun.destroy'],
      ['aliyun cs DELETE /clusters/c1', 'cloud.aliyun.destroy'],
      ['aliyun oss rm oss://bucket -b -f', 'cloud.aliyun.destroy'],
      ['ossutil rm -r -f oss://bucket', 'cloud.aliyun.destroy'],
      ['openstack volume delete data', 'cloud.openstack.destroy'],
      ['openstack stack delete prod --yes', 'cloud.openstack.destroy'],
    ]) expect(line, 'critical', ruleId);
    // Servers, addresses, keys, objects: high.
    for (const [line, ruleId] of [
      ['linode-cli linodes delete 123', 'cloud.linode.delete'],
      ['linode linodes rm 123', 'cloud.linode.delete'],
      ['linode-cli obj del my-bucket/file.txt', 'cloud.linode.delete'],
      ['hcloud server delete web-1', 'cloud.hcloud.delete'],
      ['scw instance server delete 11111111-1111-1111-1111-111111111111', 'cloud.scaleway.delete'],
      ['vultr-cli instance delete 123', 'cloud.vultr.delete'],
      ['ovhcloud cloud instance delete 123', 'cloud.ovh.delete'],
      ['exo c i del web-1', 'cloud.exoscale.delete'],
      ['ibmcloud is instance-delete web-1', 'cloud.ibmcloud.delete'],
      ['oci compute instance terminate --instance-id ocid1.x --force', 'cloud.oci.delete'],
      ['aliyun ecs DeleteInstance --InstanceId i-1 --Force true', 'cloud.aliyun.delete'],
      ['ossutil rm oss://bucket/file.txt', 'cloud.aliyun.delete'],
      ['openstack server delete web-1', 'cloud.openstack.delete'],
    ]) expect(line, 'high', ruleId);
    for (const [line, ruleId] of [
      ['linode-cli linodes create --type g6-standard-2 --region us-east', 'cloud.linode.write'],
      ['hcloud server create --name web --type cx22 --image ubuntu-24.04', 'cloud.hcloud.write'],
      ['scw instance server reboot 11111111-1111-1111-1111-111111111111', 'cloud.scaleway.write'],
      ['vultr-cli instance reinstall 123', 'cloud.vultr.write'],
      ['ovhcloud cloud instance create --region GRA11', 'cloud.ovh.write'],
      ['exo compute instance scale web-1 standard.large', 'cloud.exoscale.write'],
      ['ibmcloud ks worker-pool resize --cluster prod --worker-pool default --size-per-zone 3', 'cloud.ibmcloud.write'],
      ['oci compute instance action --action STOP --instance-id ocid1.x', 'cloud.oci.write'],
      ['aliyun ecs RunInstances --ImageId x', 'cloud.aliyun.write'],
      ['aliyun cs POST /clusters --body x', 'cloud.aliyun.write'],
      ['openstack server stop web-1', 'cloud.openstack.write'],
    ]) expect(line, 'high', ruleId);
    for (const [line, ruleId] of [
      ['linode-cli databases mysql-creds-view 12', 'cloud.linode.secret'],
      ['lin lke kubeconfig-view 123', 'cloud.linode.secret'],
      ['hcloud server request-console web-1', 'cloud.hcloud.secret'],
      ['scw secret version access 11111111-1111-1111-1111-111111111111 revision=latest', 'cloud.scaleway.secret'],
      ['vultr-cli kubernetes config 123', 'cloud.vultr.secret'],
      ['vultr-cli cr credentials d 123', 'cloud.vultr.secret'],
      ['ovhcloud cloud kube kubeconfig generate 123', 'cloud.ovh.secret'],
      ['exo compute sks kubeconfig prod admin', 'cloud.exoscale.secret'],
      ['ibmcloud resource service-key my-key', 'cloud.ibmcloud.secret'],
      ['oci secrets secret-bundle get --secret-id ocid1.x', 'cloud.oci.secret'],
      ['aliyun kms GetSecretValue --SecretName db', 'cloud.aliyun.secret'],
      ['openstack application credential create ci', 'cloud.openstack.secret'],
    ]) expect(line, 'high', ruleId);
  });

  it('lets the long tail’s reads and local setup through', () => {
    for (const line of [
      'linode-cli linodes list', 'linode-cli lke clusters-list', 'linode-cli obj ls', 'linode-cli configure', 'hcloud server list', 'hcloud server describe web-1', 'hcloud context create prod',
      'scw instance server list', 'scw k8s kubeconfig install 11111111-1111-1111-1111-111111111111', 'scw config set default-region=fr-par', 'vultr-cli instance list', 'vultr-cli k l',
      'ovhcloud cloud instance list', 'exo compute instance list', 'exo dbaas show db1', 'ibmcloud login --sso', 'ibmcloud ks cluster ls', 'ibmcloud ks cluster config --cluster prod',
      'ibmcloud plugin install container-service', 'oci os object list --bucket-name b', 'oci ce cluster create-kubeconfig --cluster-id ocid1.x --file $HOME/.kube/config',
      'aliyun ecs DescribeInstances --RegionId cn-hangzhou', 'aliyun configure set --profile x', 'aliyun cs GET /clusters', 'ossutil ls oss://bucket', 'openstack server list',
      'openstack volume show data', 'exo storage ls sos://bucket', 'linode-cli --help',
    ]) expectAllowed(line);
  });

  it('rates Cloudflare tunnels', () => {
    expect('cloudflared tunnel delete prod-tunnel', 'high', 'cloud.cloudflared.delete');
    expect('cloudflared tunnel cleanup prod-tunnel', 'high', 'cloud.cloudflared.delete');
    expect('cloudflared tunnel route dns prod-tunnel app.example.com', 'high', 'cloud.cloudflared.write');
    expect('cloudflared tunnel create prod-tunnel', 'high', 'cloud.cloudflared.write');
    expect('cloudflared tunnel token prod-tunnel', 'high', 'cloud.cloudflared.token');
    for (const line of ['cloudflared tunnel list', 'cloudflared tunnel info prod-tunnel', 'cloudflared --version']) expectAllowed(line);
  });

  it('rates Fly.io by what it destroys, deploys or opens', () => {
    expect('fly apps destroy my-app --yes', 'critical', 'cloud.fly.destroy');
    expect('flyctl destroy my-app', 'critical', 'cloud.fly.destroy');
    expect('fly postgres destroy my-db', 'critical', 'cloud.fly.destroy');
    expect('fly volumes destroy vol_123', 'critical', 'cloud.fly.destroy');
    expect('fly deploy', 'high', 'cloud.fly.write');
    expect('fly scale count 3 -a my-app', 'high', 'cloud.fly.write');
    expect('fly secrets set API_KEY=x', 'high', 'cloud.fly.write');
    expect('fly secrets unset API_KEY', 'high', 'cloud.fly.write');
    expect('fly machine destroy 148ed --force', 'high', 'cloud.fly.write');
    expect('fly auth token', 'high', 'cloud.fly.token');
    expect('fly ssh console -a my-app', 'medium', 'cloud.fly.console');
    expect('fly machine restart 148ed', 'medium', 'cloud.fly.restart');
  });

  it('rates Heroku by what it destroys, reveals or changes', () => {
    expect('heroku apps:destroy --app shop --confirm shop', 'critical', 'cloud.heroku.destroy');
    expect('heroku pg:reset DATABASE_URL --app shop --confirm shop', 'critical', 'cloud.heroku.destroy');
    expect('heroku apps destroy shop', 'critical', 'cloud.heroku.destroy');
    expect('heroku config -a shop', 'high', 'cloud.heroku.secret');
    expect('heroku config:get DATABASE_URL -a shop', 'high', 'cloud.heroku.secret');
    expect('heroku config:set FEATURE=on -a shop', 'high', 'cloud.heroku.write');
    expect('heroku config:unset FEATURE -a shop', 'high', 'cloud.heroku.write');
    expect('heroku releases:rollback v41 -a shop', 'high', 'cloud.heroku.write');
    expect('heroku ps:scale web=0 -a shop', 'high', 'cloud.heroku.write');
    expect('heroku maintenance:on -a shop', 'high', 'cloud.heroku.write');
    expect('heroku pg:killall -a shop', 'high', 'cloud.heroku.write');
    expect('heroku pg:psql -a shop -c "DROP TABLE users"', 'high', 'cloud.heroku.write');
    expect('heroku run rails console -a shop', 'medium', 'cloud.heroku.run');
    expect('heroku ps:restart web -a shop', 'medium', 'cloud.heroku.restart');
  });

  it('rates Vercel and Netlify deploys by where they go', () => {
    // --prod names production as the target, so a production deploy needs typed approval.
    expect('vercel --prod', 'critical', 'cloud.vercel.deploy.production');
    expect('vercel deploy --prod --yes', 'critical', 'cloud.vercel.deploy.production');
    expect('vercel deploy --target=production', 'critical', 'cloud.vercel.deploy.production');
    expect('vercel', 'medium', 'cloud.vercel.deploy.preview');
    expect('vercel deploy', 'medium', 'cloud.vercel.deploy.preview');
    expect('vercel ./site', 'medium', 'cloud.vercel.deploy.preview');
    expect('vercel rm my-app-abc123 --yes', 'high', 'cloud.vercel.remove');
    expect('vercel domains rm example.com', 'high', 'cloud.vercel.remove');
    expect('vercel promote https://my-app-abc123.vercel.app', 'high', 'cloud.vercel.promote');
    expect('vercel rollback', 'high', 'cloud.vercel.promote');
    expect('vercel env add API_KEY production', 'high', 'cloud.vercel.env.write');
    expect('vercel env rm API_KEY production --yes', 'high', 'cloud.vercel.env.write');
    expect('vercel env pull .env.local', 'high', 'cloud.vercel.env.pull');
    expect('netlify deploy --prod --dir dist', 'critical', 'cloud.netlify.deploy.production');
    expect('netlify deploy --dir dist', 'medium', 'cloud.netlify.deploy.preview');
    expect('netlify sites:delete 1234 --force', 'critical', 'cloud.netlify.destroy');
    expect('netlify env:set API_KEY x', 'high', 'cloud.netlify.env.write');
    expect('netlify env:unset API_KEY', 'high', 'cloud.netlify.env.write');
    expect('netlify env:get API_KEY', 'high', 'cloud.netlify.env.read');
  });

  it('rates Cloudflare wrangler by what it publishes or deletes', () => {
    expect('wrangler deploy', 'high', 'cloud.wrangler.deploy');
    expect('wrangler publish', 'high', 'cloud.wrangler.deploy');
    expect('wrangler deployments rollback', 'high', 'cloud.wrangler.deploy');
    expect('wrangler delete my-worker', 'critical', 'cloud.wrangler.destroy');
    expect('wrangler r2 bucket delete assets', 'critical', 'cloud.wrangler.destroy');
    expect('wrangler d1 delete app-db', 'critical', 'cloud.wrangler.destroy');
    expect('wrangler kv:namespace delete --namespace-id=abc', 'critical', 'cloud.wrangler.destroy');
    expect('wrangler secret put API_KEY', 'high', 'cloud.wrangler.secret');
    expect('wrangler secret delete API_KEY', 'high', 'cloud.wrangler.secret');
    expect('wrangler kv key delete --namespace-id=abc KEY', 'high', 'cloud.wrangler.delete');
    expect('wrangler kv:key delete --namespace-id=abc KEY', 'high', 'cloud.wrangler.delete');
    expect('wrangler r2 object delete assets/logo.png', 'high', 'cloud.wrangler.delete');
    expect('wrangler kv key put --namespace-id=abc KEY value', 'high', 'cloud.wrangler.write');
    expect('wrangler d1 execute app-db --remote --command "DELETE FROM users"', 'high', 'cloud.wrangler.d1.write');
    expect('wrangler d1 execute app-db --remote --file ./seed.sql', 'high', 'cloud.wrangler.d1.write');
    expect('wrangler d1 time-travel restore app-db --timestamp 1700000000', 'high', 'cloud.wrangler.d1.write');
    expect('wrangler queues delete jobs', 'high', 'cloud.wrangler.delete');
  });

  it('rates Firebase, Railway and Supabase', () => {
    expect('firebase deploy --only hosting', 'high', 'cloud.firebase.deploy');
    expect('firebase firestore:delete -r /users --force', 'critical', 'cloud.firebase.destroy');
    expect('firebase firestore:delete --all-collections', 'critical', 'cloud.firebase.destroy');
    expect('firebase database:remove / --force', 'critical', 'cloud.firebase.destroy');
    expect('firebase firestore:delete /users/abc', 'high', 'cloud.firebase.delete');
    expect('firebase functions:delete sendMail --force', 'high', 'cloud.firebase.delete');
    expect('firebase hosting:disable', 'high', 'cloud.firebase.delete');
    expect('firebase database:set /config config.json', 'high', 'cloud.firebase.write');
    expect('firebase functions:config:get', 'high', 'cloud.firebase.secret');
    expect('firebase hosting:channel:deploy feature-x', 'medium', 'cloud.firebase.preview');
    expect('railway up', 'high', 'cloud.railway.deploy');
    expect('railway down', 'high', 'cloud.railway.down');
    expect('railway delete', 'critical', 'cloud.railway.delete');
    expect('railway redeploy', 'medium', 'cloud.railway.redeploy');
    expect('railway variables --set API_KEY=x', 'high', 'cloud.railway.variables.write');
    expect('railway variables', 'high', 'cloud.railway.variables.read');
    expect('supabase db reset --linked', 'critical', 'cloud.supabase.destroy');
    expect('supabase projects delete abcdefgh', 'critical', 'cloud.supabase.destroy');
    expect('supabase db reset', 'medium', 'cloud.supabase.reset.local');
    expect('supabase db push', 'high', 'cloud.supabase.write');
    expect('supabase functions deploy hello', 'high', 'cloud.supabase.write');
    expect('supabase secrets set API_KEY=x', 'high', 'cloud.supabase.write');
    expect('supabase functions delete hello', 'high', 'cloud.supabase.remove');
    expect('supabase projects api-keys --project-ref abcdefgh', 'high', 'cloud.supabase.secret');
  });

  it('treats dry runs, local runs and help as no change', () => {
    for (const line of [
      'wrangler deploy --dry-run', 'supabase db push --dry-run', 'firebase deploy --dry-run', 'fly deploy --build-only', 'vercel --help', 'heroku apps:destroy --help',
      'wrangler d1 execute app-db --local --command "DROP TABLE users"', 'wrangler d1 migrations apply app-db --local', 'doctl compute droplet delete --help',
    ]) {
      expectAllowed(line);
    }
  });

  it('lets everyday read-only commands through', () => {
    for (const line of [
      'doctl compute droplet list', 'doctl databases list', 'doctl kubernetes cluster list', 'doctl account get', 'doctl kubernetes cluster kubeconfig save main',
      'fly status', 'fly logs -a my-app', 'fly secrets list', 'fly apps list', 'fly scale show', 'heroku logs --tail -a shop', 'heroku ps -a shop', 'heroku apps',
      'heroku releases -a shop', 'heroku pg:info -a shop', 'heroku pg:psql -a shop -c "SELECT count(*) FROM users"', 'vercel ls', 'vercel env ls', 'vercel dev',
      'vercel logs https://x.vercel.app', 'vercel whoami', 'vercel build', 'netlify status', 'netlify dev', 'netlify build', 'wrangler dev', 'wrangler tail', 'wrangler whoami',
      'wrangler secret list', 'wrangler d1 list', 'wrangler kv:key get --namespace-id=abc KEY', 'wrangler r2 bucket list', 'wrangler --version',
      'wrangler d1 execute app-db --remote --command "SELECT * FROM users LIMIT 5"', 'firebase serve', 'firebase emulators:start', 'firebase emulators:exec "npm test"',
      'firebase projects:list', 'railway status', 'railway logs', 'supabase start', 'supabase status', 'supabase migration new add_users', 'supabase gen types typescript --local',
    ]) {
      expectAllowed(line);
    }
  });

  it('finds platform commands inside wrappers', () => {
    expect("bash -c 'heroku pg:reset DATABASE_URL --confirm shop'", 'critical', 'cloud.heroku.destroy');
    expect('npx vercel --prod', 'critical', 'cloud.vercel.deploy.production');
  });

});
