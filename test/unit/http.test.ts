// Issue 17 item 5: requests that change remote APIs, judged by method and host; reads and local calls pass.
import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { parsePolicyFile } from '../../src/core/policy/file';
import { defaultsLayer, mergePolicy } from '../../src/core/policy/layers';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('http pack', () => {
  before(loadGrammar);

  it('asks before a DELETE to a remote host, however curl spells the method', () => {
    for (const line of [
      'curl -X DELETE https://api.example.com/v1/users/42',
      'curl --request DELETE https://api.example.com/v1/users/42',
      'curl -XDELETE https://api.example.com/v1/users/42',
      'curl --request=DELETE https://api.example.com/v1/users/42',
      'curl -sSfX DELETE -H "Authorization: Bearer $TOKEN" https://api.example.com/v1/users/42',
      'curl -X delete https://api.example.com/v1/users/42',
      "curl -X DELETE 'https://APPID-dsn.algolia.net/1/indexes/products'",
      "curl -X DELETE 'https://opensearch.local:9200/logs-2024'",
      'curl -X DELETE --url https://api.example.com/v1/users/42',
      'M=DELETE; curl -X $M https://api.example.com/v1/users/42',
      'curl -X "$METHOD" https://api.example.com/v1/users/42',
      'curl -X DELETE "$API_URL/users/42"',
      'wget --method=DELETE https://api.example.com/v1/users/42',
      'wget -q --method DELETE -O- https://api.example.com/v1/users/42',
      'http DELETE api.example.com/v1/users/42',
      'https DELETE api.example.com/v1/users/42 Authorization:"Bearer x"',
      'xh delete api.example.com/v1/users/42',
      'Invoke-RestMethod -Method Delete -Uri https://api.example.com/v1/users/42',
      'bash -c "curl -X DELETE https://api.example.com/v1/users/42"',
    ]) {
      expectLevel(line, 'high', 'http.delete');
    }
  });

  it('counts a POST to a path named for deleting, and a GraphQL mutation named for deleting, as a delete', () => {
    expectLevel("curl -X POST 'https://search.example.com:9200/logs/_delete_by_query' -H 'Content-Type: application/json' -d '{\"query\":{\"match_all\":{}}}'", 'high', 'http.delete');
    expectLevel('curl -X POST http://jenkins.example.com/job/deploy/doDelete', 'high', 'http.delete');
    expectLevel('curl -X POST https://api.example.com/v2/projects/42/remove', 'high', 'http.delete');
    expectLevel('curl https://api.github.com/graphql -H "Authorization: bearer x" -d \'{"query":"mutation { deleteRepository(input: {repositoryId: \\"R_1\\"}) { clientMutationId } }"}\'', 'high', 'http.delete');
    expectLevel('curl https://api.example.com/graphql --json \'{"query":"mutation Drop { removeUser(id: 1) { id } }"}\'', 'high', 'http.delete');
  });

  it('notes writes to remote APIs, and raises them on a production host', () => {
    for (const line of [
      'curl -X POST https://api.example.com/v1/users -d name=x',
      'curl -d \'{"name":"x"}\' -H "Content-Type: application/json" https://api.example.com/v1/users',
      'curl --data-urlencode "q=x" https://api.example.com/v1/search',
      'curl --json \'{"a":1}\' https://api.example.com/v1/users',
      'curl -F file=@report.pdf https://api.example.com/v1/upload',
      'curl -T build.zip https://uploads.example.com/build.zip',
      'curl -X PATCH https://api.example.com/v1/users/1 -d a=1',
      'curl -X PUT https://api.example.com/v1/users/1',
      'wget --post-data "a=1" https://api.example.com/v1/users',
      'http POST api.example.com/v1/users name=x',
      'http api.example.com/v1/users name=x age:=3',
      'http --form api.example.com/v1/upload file@report.pdf',
      'http PUT api.example.com/v1/users/1 < user.json',
      'xh patch api.example.com/v1/users/1 name=y',
      'irm -Method Post -Uri https://api.example.com/v1/users -Body $body',
    ]) {
      expectLevel(line, 'medium', 'http.write');
    }
    const production = expectLevel('curl -X POST https://api.prod.example.com/v1/users -d name=x', 'high', 'http.write');
    assert.deepEqual(production.target, { kind: 'api-host', name: 'api.prod.example.com', production: true, source: 'request URL' });
    assert.equal(production.requires, 'approve');
    const deleted = expectLevel('curl -X DELETE https://payments-prod.example.com/v1/refunds/7', 'critical', 'http.delete');
    assert.equal(deleted.target?.name, 'payments-prod.example.com');
    assert.equal(assess('curl -X DELETE https://api.example.com/v1/x').target?.name, 'api.example.com');
    expectLevel('curl https://api.example.com/graphql -d \'{"query":"mutation { createIssue(input: {}) { issue { id } } }"}\'', 'medium', 'http.graphql-mutation');
    expectLevel('http POST api.example.com/graphql query=\'mutation { updateUser(id: 1) { id } }\'', 'medium', 'http.graphql-mutation');
  });

  it('takes production API hosts from the policy', () => {
    const file = parsePolicyFile('{ "production": { "apiHosts": ["api.example.com", "*.shop.io"] } }');
    const policy = mergePolicy([defaultsLayer, { name: 'workspace', trusted: true, policy: file.policy }]).policy;
    const options = { cwd: '/home/dev/project', env: { HOME: '/home/dev' }, policy };
    assert.equal(assess('curl -X PUT https://api.example.com/v1/flags/x -d on=1', options).level, 'high');
    assert.equal(assess('curl -X DELETE https://orders.shop.io/v1/orders/1', options).level, 'critical');
    assert.equal(assess('curl -X PUT https://api.staging.example.com/v1/flags/x -d on=1', options).level, 'medium');
  });

  it('reads the method and URL from a curl config file', () => {
    const options = { cwd: '/home/dev/project', env: { HOME: '/home/dev' }, reader: memoryReader({ '/home/dev/project/req.curlrc': '# cleanup\nrequest = "DELETE"\nurl = "https://api.example.com/v1/cache"\n' }) };
    assert.equal(assess('curl -K req.curlrc', options).findings[0]?.ruleId, 'http.delete');
    assert.equal(assess('curl --config missing.curlrc https://api.example.com/v1/x', options).level, 'high');
    assert.equal(assess('curl -K req.curlrc -X GET', options).level, 'none');
  });

  it('asks before changing the container engine through its socket', () => {
    expectLevel('curl --unix-socket /var/run/docker.sock -X POST http://localhost/v1.43/containers/create -d \'{"Image":"alpine","HostConfig":{"Privileged":true}}\'', 'high', 'http.engine-api');
    expectLevel('curl --unix-socket /run/podman/podman.sock -X DELETE http://d/v4.0.0/libpod/containers/web?force=true', 'high', 'http.engine-api');
    expectAllowed('curl --unix-socket /var/run/docker.sock http://localhost/v1.43/containers/json');
  });

  it('lets reads and calls to this machine through', () => {
    for (const line of [
      'curl https://docs.python.org/3/library/json.html',
      'curl -fsSL https://raw.githubusercontent.com/org/repo/main/README.md -o README.md',
      'curl -I https://example.com',
      'curl -G https://api.example.com/v1/search -d q=x',
      'curl -X GET https://api.github.com/repos/org/repo',
      'curl -s -o /dev/null -w "%{http_code}" https://api.example.com/health',
      'curl -H "Accept: application/json" https://api.github.com/repos/org/repo/pulls',
      'curl -X POST https://api.github.com/graphql -d \'{"query":"query { viewer { login } }"}\'',
      'curl https://api.github.com/graphql --json \'{"query":"{ repository(owner: \\"o\\", name: \\"r\\") { id } }"}\'',
      'curl -X DELETE http://localhost:9200/logs-2024',
      'curl -X DELETE localhost:8001/services/x',
      'curl -X POST http://127.0.0.1:8080/api/reset',
      'curl -X PUT "http://[::1]:3000/items/1" -d a=1',
      'curl -X DELETE http://api.localhost/v1/items/1',
      'http GET api.github.com/repos/org/repo',
      'http api.github.com/repos/org/repo',
      'http :3000/users name=x',
      'http DELETE :8080/items/1',
      'http --offline POST api.example.com/v1/users name=x',
      'xh https://httpbin.org/get',
      'wget https://example.com/file.tar.gz',
      'wget -qO- https://example.com/install.txt',
      'wget --delete-after https://example.com/warm-cache',
      'wget --post-data "a=1" http://localhost:8080/api',
      'Invoke-WebRequest -Uri https://example.com -OutFile x.html',
      'curl --help',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('curl https://docs.python.org/3/').target, undefined);
  });
});
