import * as assert from 'node:assert/strict';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('helm pack', () => {
  before(loadGrammar);

  it('asks before removing a release, in every spelling', () => {
    for (const line of ['helm uninstall release', 'helm delete release', 'helm del web -n shop', 'helm un web --keep-history', 'helm -n shop --kube-context dev uninstall web']) {
      expectLevel(line, 'high', 'helm.uninstall');
    }
    expectLevel("bash -c 'helm uninstall web'", 'high', 'helm.uninstall');
  });

  it('asks before installing, upgrading, rolling back and publishing', () => {
    expectLevel('helm install web ./chart -f values.yaml --set image.tag=1.2', 'high', 'helm.install');
    expectLevel('helm install --generate-name bitnami/redis', 'high', 'helm.install');
    expectLevel('helm upgrade --install web ./chart -n shop --create-namespace --wait', 'high', 'helm.upgrade');
    expectLevel('helm upgrade -i web ./chart --atomic --timeout 5m', 'high', 'helm.upgrade');
    expectLevel('helm rollback release 2', 'high', 'helm.rollback');
    expectLevel('helm push web-1.2.0.tgz oci://registry.example.com/charts', 'high', 'helm.push');
    expectLevel('helm secrets decrypt secrets.prod.yaml', 'high', 'helm.secrets.decrypt');
    expectLevel('helm secrets upgrade web ./chart -f secrets.yaml', 'high', 'helm.upgrade');
    expectLevel('helm plugin install https://github.com/databus23/helm-diff', 'low', 'helm.plugin');
  });

  it('treats dry runs as no change', () => {
    for (const line of [
      'helm install web ./chart --dry-run', 'helm install web ./chart --dry-run=server', 'helm upgrade --install web ./chart --dry-run=client',
      'helm uninstall web --dry-run', 'helm rollback web 2 --dry-run', 'helm upgrade web ./chart --help',
    ]) {
      expectAllowed(line);
    }
    expectLevel('helm upgrade web ./chart --dry-run=false', 'high', 'helm.upgrade');
  });

  it('lets read-only helm through', () => {
    for (const line of [
      'helm list', 'helm ls -A', 'helm list -f web -n shop', 'helm status web', 'helm get manifest web', 'helm get notes web', 'helm history web --max 5',
      'helm template web ./chart -f values.yaml', 'helm lint ./chart', 'helm show values bitnami/redis', 'helm inspect chart bitnami/redis', 'helm search repo redis',
      'helm repo add bitnami https://charts.bitnami.com/bitnami', 'helm repo update', 'helm pull bitnami/redis --untar', 'helm fetch bitnami/redis',
      'helm dependency update ./chart', 'helm dep build ./chart', 'helm diff upgrade web ./chart -f values.yaml', 'helm version', 'helm env', 'helm verify web-1.0.0.tgz',
      'helm package ./chart', 'helm create mychart', 'helm plugin list',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('helm list').findings.length, 0);
  });

  it('escalates on a production kube context', () => {
    const result = expectLevel('helm --kube-context prod-eu upgrade web ./chart', 'critical', 'helm.upgrade');
    assert.equal(result.target?.name, 'prod-eu');
    expectLevel('helm uninstall web --kube-context staging', 'high', 'helm.uninstall');
  });
});
