// Issue 17 item 2: a tool run by `docker run` is judged as that tool, with the environment and credentials the container is given.
import * as assert from 'node:assert/strict';
import type { ClassifyOptions } from '../../src/core/risk/classify';
import { memoryReader } from '../../src/core/model/reader';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

const home = '/home/dev';
const project = '/home/dev/project';
const kubeconfig = (context: string): string => `apiVersion: v1\nkind: Config\ncurrent-context: ${context}\ncontexts:\n- name: ${context}\n  context:\n    cluster: ${context}\n`;

function place(files: Record<string, string> = {}, env: Record<string, string> = {}): ClassifyOptions {
  return { cwd: project, env: { HOME: home, PATH: '/usr/bin:/bin', ...env }, reader: memoryReader(files) };
}

/** The finding of `ruleId` came through the container, and the line was judged at `level`. */
function expectThrough(line: string, level: Parameters<typeof expectLevel>[1], ruleId: string, options?: ClassifyOptions): void {
  const result = expectLevel(line, level, ruleId, options);
  const finding = result.findings.find((found) => found.ruleId === ruleId);
  assert.ok(finding?.via.some((step) => / (run|create) /.test(step)), `${line}: via ${JSON.stringify(finding?.via)}`);
}

/** The container's line is judged as the bare tool's line, found through the container, and asked about. */
function expectLikeBare(line: string, bare: string, options?: ClassifyOptions): void {
  const expected = assess(bare, options);
  const result = assess(line, options);
  const rules = expected.findings.map((finding) => finding.ruleId);
  assert.ok(rules.length > 0, `${bare} has no findings`);
  assert.equal(result.level, expected.level, `${line} → ${result.level}, ${bare} → ${expected.level}`);
  const finding = result.findings.find((found) => rules.includes(found.ruleId));
  assert.ok(finding?.via.some((step) => / (run|create) /.test(step)), `${line}: ${JSON.stringify(result.findings.map((found) => [found.ruleId, found.via]))}`);
}

describe('tools run in containers', () => {
  before(loadGrammar);

  it('judges an image’s entrypoint tool with the words after the image', () => {
    expectThrough('docker run --rm -v "$PWD":/w -w /w hashicorp/terraform destroy -auto-approve', 'critical', 'terraform.destroy');
    expectThrough('docker run --rm hashicorp/terraform:1.9 -chdir=infra destroy', 'critical', 'terraform.destroy');
    expectThrough('podman run --rm ghcr.io/opentofu/opentofu:1.8 destroy', 'critical', 'terraform.destroy');
    expectThrough('docker run --rm bitnami/kubectl:1.30 delete namespace shop', 'critical', 'kubernetes.delete.namespace');
    expectLikeBare('nerdctl run --rm alpine/helm uninstall shop', 'helm uninstall shop');
    expectLikeBare('docker run --rm amazon/aws-cli s3 rb s3://logs --force', 'aws s3 rb s3://logs --force');
    expectLikeBare('docker run --rm public.ecr.aws/aws-cli/aws-cli:2.15 s3 rb s3://logs --force', 'aws s3 rb s3://logs --force');
    expectThrough('docker run --rm mirror.gcr.io/hashicorp/terraform@sha256:0123abcd destroy', 'critical', 'terraform.destroy');
    expectThrough('docker run --rm registry.example.com/platform/terraform:1.9 destroy', 'critical', 'terraform.destroy');
    // An image whose tool is its CMD: the command names the tool again.
    expectLikeBare('docker run --rm pulumi/pulumi pulumi destroy --yes', 'pulumi destroy --yes');
    expectLikeBare('docker run --rm pulumi/pulumi destroy --yes', 'pulumi destroy --yes');
  });

  it('judges a tool named as the container’s command, or as its entrypoint, whatever the image', () => {
    expectThrough('docker run --rm img kubectl delete ns x', 'critical', 'kubernetes.delete.namespace');
    expectThrough('docker run --rm --entrypoint kubectl myorg/tools:3 delete ns x', 'critical', 'kubernetes.delete.namespace');
    expectThrough('docker run --rm --entrypoint=/usr/local/bin/terraform myorg/tools destroy', 'critical', 'terraform.destroy');
    expectLikeBare('docker run --rm google/cloud-sdk:slim gcloud projects delete shop-staging', 'gcloud projects delete shop-staging');
    expectLikeBare('docker run --rm gcr.io/google.com/cloudsdktool/cloud-sdk:slim gcloud projects delete shop-staging', 'gcloud projects delete shop-staging');
    expectLikeBare('docker run --rm mcr.microsoft.com/azure-cli az group delete -n shop --yes', 'az group delete -n shop --yes');
    expectLikeBare('docker run --rm postgres:16 psql -h db.prod.internal -c "DROP TABLE users"', 'psql -h db.prod.internal -c "DROP TABLE users"');
    expectLikeBare('docker run --rm redis:7 redis-cli -h cache.internal FLUSHALL', 'redis-cli -h cache.internal FLUSHALL');
    expectLikeBare('docker run --rm curlimages/curl -X DELETE https://api.example.com/v1/items/7', 'curl -X DELETE https://api.example.com/v1/items/7');
    // A shell in a tools image runs what its payload says.
    expectThrough('docker run --rm alpine/k8s:1.29 sh -c "kubectl delete ns shop"', 'critical', 'kubernetes.delete.namespace');
    expectThrough("docker run --rm --entrypoint sh bitnami/kubectl -c 'kubectl delete ns shop'", 'critical', 'kubernetes.delete.namespace');
    expectThrough('docker run --rm ubuntu bash -c "apt-get install -y kubectl && kubectl delete ns shop"', 'critical', 'kubernetes.delete.namespace');
  });

  it('finds the image past every option that takes a value', () => {
    expectThrough(
      'docker run -v x:/y -e FLAG=1 --name z --network bridge -w /x -u 1000 -h box -l team=a --pull always --platform linux/amd64 --log-opt max-size=1m -p 8080:80 --rm hashicorp/terraform destroy',
      'critical',
      'terraform.destroy',
    );
    expectThrough('docker run -it --rm -eFLAG=1 -vdata:/data --env=A=b --mount type=volume,src=x,dst=/x hashicorp/terraform destroy', 'critical', 'terraform.destroy');
    expectThrough('docker --context ci run --rm hashicorp/terraform destroy', 'critical', 'terraform.destroy');
    expectThrough('docker container run --rm hashicorp/terraform destroy', 'critical', 'terraform.destroy');
    expectThrough('docker create --name tf hashicorp/terraform destroy', 'critical', 'terraform.destroy');
    expectThrough('docker compose run --rm terraform destroy', 'critical', 'terraform.destroy');
    expectThrough('docker compose -f ops.yml run --rm -e TF_IN_AUTOMATION=1 app terraform destroy', 'critical', 'terraform.destroy');
    expectThrough('docker-compose run tools kubectl delete ns shop', 'critical', 'kubernetes.delete.namespace');
    expectThrough('sudo docker run --rm -- bitnami/kubectl delete ns shop', 'critical', 'kubernetes.delete.namespace');
    // An option newer than the table takes its value: the known image after it is still found.
    expectThrough('docker run --rm --some-new-option value hashicorp/terraform destroy', 'critical', 'terraform.destroy');
  });

  it('gives the container’s tool the variables -e passes, and not the ones of the line that starts it', () => {
    const result = expectLevel('docker run -e AWS_PROFILE=prod amazon/aws-cli s3 rm s3://x/a.txt', 'critical', 'aws.s3.delete');
    assert.equal(result.target?.name, 'prod');
    assert.equal(assess('AWS_PROFILE=prod aws s3 rm s3://x/a.txt').level, 'critical');
    // `-e NAME` passes the value the line has.
    assert.equal(assess('docker run -e AWS_PROFILE amazon/aws-cli s3 rm s3://x/a.txt', place({}, { AWS_PROFILE: 'prod-admin' })).level, 'critical');
    assert.equal(assess('export AWS_PROFILE=prod; docker run --env AWS_PROFILE amazon/aws-cli s3 rm s3://x/a.txt').level, 'critical');
    assert.equal(assess('docker exec -e AWS_PROFILE=prod tools aws s3 rm s3://x/a.txt').level, 'critical');
    // A variable docker itself gets never reaches the container.
    assert.equal(assess('AWS_PROFILE=prod docker run amazon/aws-cli s3 rm s3://x/a.txt').level, 'high');
    assert.equal(assess('docker run amazon/aws-cli s3 rm s3://x/a.txt', place({}, { AWS_PROFILE: 'prod' })).level, 'high');
    // podman's --env-host hands the container every variable.
    assert.equal(assess('podman run --env-host amazon/aws-cli s3 rm s3://x/a.txt', place({}, { AWS_PROFILE: 'prod' })).level, 'critical');
    assert.equal(assess('export AWS_PROFILE=prod; podman run --env-host amazon/aws-cli s3 rm s3://x/a.txt').level, 'critical');
  });

  it('reads mounted credentials as the container’s own', () => {
    const files = { [`${home}/.kube/config`]: kubeconfig('prod-eu'), [`${project}/k8s/staging.yaml`]: kubeconfig('staging') };
    const mounted = assess('docker run --rm -v ~/.kube:/root/.kube bitnami/kubectl delete deploy web', place(files));
    assert.equal(mounted.level, 'critical');
    assert.equal(mounted.target?.name, 'prod-eu');
    // Bitnami's images look in /.kube: the mount says where HOME is.
    assert.equal(assess('docker run --rm -v $HOME/.kube/config:/.kube/config:ro bitnami/kubectl delete deploy web', place(files)).target?.name, 'prod-eu');
    assert.equal(assess('docker run --rm --mount type=bind,src=/home/dev/.kube,dst=/root/.kube,readonly bitnami/kubectl delete deploy web', place(files)).target?.name, 'prod-eu');
    // KUBECONFIG inside the container is a path inside it, read from the file mounted there.
    const named = assess('docker run --rm -e KUBECONFIG=/cfg/staging.yaml -v "$(pwd)/k8s:/cfg" bitnami/kubectl delete deploy web', place(files));
    assert.equal(named.target?.name, 'staging');
    assert.equal(named.level, 'high');
    // Without a mount, the host's kubeconfig is not the container's.
    const unmounted = assess('docker run --rm bitnami/kubectl delete deploy web', place(files));
    assert.equal(unmounted.level, 'high');
    assert.notEqual(unmounted.target?.name, 'prod-eu');
    const aws = { [`${home}/.aws/config`]: '[default]\nrole_arn = arn:aws:iam::123456789012:role/ProdAdmin\n' };
    assert.equal(assess('docker run --rm -v ~/.aws:/root/.aws:ro amazon/aws-cli s3 rm s3://x/a.txt', place(aws)).level, 'critical');
    assert.equal(assess('docker run --rm amazon/aws-cli s3 rm s3://x/a.txt', place(aws)).level, 'high');
    // Credentials handed to any image make its command judged, shell payloads included.
    const gcloud = { [`${home}/.config/gcloud/configurations/config_default`]: '[core]\nproject = shop-prod\n' };
    assert.equal(assess('docker run --rm -v ~/.config:/root/.config python:3.12 sh -c "gcloud sql instances delete main --quiet"', place(gcloud)).level, 'critical');
    expectLevel('docker run --rm -v ~/.aws:/root/.aws python:3.12 sh -c "k=\\$(cat /x); \\$k"', 'high', 'shell.dynamic-program');
    expectAllowed('docker run --rm python:3.12 sh -c "k=\\$(cat /x); \\$k"');
  });

  it('reads --env-file files and the mounted project as the container sees them', () => {
    const files = { [`${project}/prod.env`]: 'AWS_PROFILE=prod\n', [`${project}/.terraform/environment`]: 'production\n' };
    assert.equal(assess('docker run --rm --env-file prod.env amazon/aws-cli s3 rm s3://x/a.txt', place(files)).level, 'critical');
    assert.equal(assess('docker run --rm --env-file prod.env -e AWS_PROFILE=dev amazon/aws-cli s3 rm s3://x/a.txt', place(files)).level, 'high');
    const terraform = assess('docker run --rm -v "$PWD":/workspace -w /workspace hashicorp/terraform destroy', place(files));
    assert.equal(terraform.target?.name, 'production');
    assert.equal(terraform.level, 'critical');
    assert.equal(assess("docker run --rm -v $PWD:/w -w / alpine/k8s sh -c 'cd /w && terraform destroy'", place(files)).target?.name, 'production');
  });

  it('lets read-only containers and everyday images through', () => {
    for (const line of [
      'docker run --rm hashicorp/terraform version',
      'docker run --rm hashicorp/terraform:1.9 -version',
      'docker run --rm -v $PWD:/w -w /w hashicorp/terraform plan',
      'docker run --rm -v $PWD:/w -w /w hashicorp/terraform fmt -check',
      'docker run --rm amazon/aws-cli sts get-caller-identity',
      'docker run --rm -v ~/.aws:/root/.aws amazon/aws-cli s3 ls',
      'docker run --rm -v ~/.kube:/root/.kube bitnami/kubectl get pods -A',
      'docker run --rm node:20 npm test',
      'docker run --rm -v "$PWD":/app -w /app node:20 npm ci',
      'docker run --rm -v "$PWD":/app -w /app python:3.12 python -m pytest',
      'docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=secret postgres:16',
      'docker run --rm postgres:16 -c max_connections=200',
      'docker run --rm postgres:16 psql --version',
      'docker run --rm curlimages/curl -fsSL https://example.com/health',
      'docker run --rm alpine rm -rf /tmp/cache',
      'docker run --rm myorg/deployer --env prod',
      'docker compose run --rm app npm test',
      'docker run --rm -it ubuntu bash',
    ]) {
      expectAllowed(line);
    }
  });
});
