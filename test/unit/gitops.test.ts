import * as assert from 'node:assert/strict';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('gitops pack', () => {
  before(loadGrammar);

  it('asks before deleting an Argo CD application, less so without the cascade', () => {
    expectLevel('argocd app delete shop', 'high', 'gitops.argocd.app.delete');
    expectLevel('argocd app delete shop -y --cascade', 'high', 'gitops.argocd.app.delete');
    expectLevel('argocd --server argocd.example.com app delete shop --cascade=false', 'medium', 'gitops.argocd.app.delete-orphan');
  });

  it('asks before Argo CD syncs, rollbacks and changes', () => {
    expectLevel('argocd app sync shop --prune', 'high', 'gitops.argocd.app.sync');
    expectLevel('argocd app rollback shop 3', 'high', 'gitops.argocd.app.rollback');
    expectLevel('argocd app set shop -p image.tag=1.2', 'high', 'gitops.argocd.app.change');
    expectLevel('argocd app create shop --repo https://github.com/x/y --path k8s --dest-server https://kubernetes.default.svc', 'high', 'gitops.argocd.app.change');
    expectLevel('argocd app patch shop --patch \'{"spec":{}}\' --type merge', 'high', 'gitops.argocd.app.change');
    expectLevel('argocd app terminate-op shop', 'high', 'gitops.argocd.app.resource');
    expectLevel('argocd app actions run shop restart --kind Deployment', 'high', 'gitops.argocd.app.resource');
    expectLevel('argocd cluster rm https://10.0.0.1', 'high', 'gitops.argocd.remove');
    expectLevel('argocd proj delete team-a', 'high', 'gitops.argocd.remove');
    expectLevel('argocd repo rm https://github.com/x/y', 'high', 'gitops.argocd.remove');
    expectLevel('argocd account delete-token --id abc', 'high', 'gitops.argocd.remove');
    expectLevel('argocd repo add https://github.com/x/y --username u --password p', 'high', 'gitops.argocd.config');
    expectLevel('argocd proj role create-token team-a ci', 'high', 'gitops.argocd.credentials.read');
    expectLevel('argocd admin initial-password -n argocd', 'high', 'gitops.argocd.credentials.read');
    expectLevel('argocd login argocd.example.com --sso', 'low', 'gitops.argocd.login');
  });

  it('lets read-only Argo CD through, and dry-run syncs', () => {
    for (const line of [
      'argocd app list', 'argocd app get shop --refresh', 'argocd app diff shop', 'argocd app manifests shop', 'argocd app history shop', 'argocd app logs shop',
      'argocd app resources shop', 'argocd app wait shop --health', 'argocd app actions list shop', 'argocd version', 'argocd proj list', 'argocd proj role list team-a',
      'argocd cluster list', 'argocd repo list', 'argocd account list', 'argocd app sync shop --dry-run', 'argocd app delete --help',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('argocd app list').level, 'none');
  });

  it('rates Flux by how much it removes or changes', () => {
    expectLevel('flux uninstall --silent', 'critical', 'gitops.flux.uninstall');
    expectLevel('flux delete kustomization apps --silent', 'high', 'gitops.flux.delete');
    expectLevel('flux bootstrap github --owner=me --repository=fleet --path=clusters/dev', 'high', 'gitops.flux.install');
    expectLevel('flux install --components-extra=image-reflector-controller', 'high', 'gitops.flux.install');
    expectLevel('flux create source git app --url=https://github.com/x/y --branch=main', 'high', 'gitops.flux.install');
    expectLevel('flux push artifact oci://ghcr.io/x/manifests:1.0 --path=./k8s --source=x --revision=y', 'high', 'gitops.flux.publish');
    expectLevel('flux suspend kustomization apps', 'medium', 'gitops.flux.reconcile');
    expectLevel('flux reconcile kustomization apps --with-source', 'medium', 'gitops.flux.reconcile');
    expectLevel("sudo bash -c 'flux delete source git app -s'", 'high', 'gitops.flux.delete');
  });

  it('lets read-only Flux, exports and dry runs through', () => {
    for (const line of [
      'flux get kustomizations -A', 'flux get all', 'flux logs --level=error', 'flux tree kustomization apps', 'flux trace deployment web -n shop',
      'flux diff kustomization apps --path ./k8s', 'flux check --pre', 'flux export source git --all', 'flux stats', 'flux events', 'flux version',
      'flux build kustomization apps --path ./k8s', 'flux uninstall --dry-run', 'flux install --export', 'flux create source git app --url=https://x --export',
    ]) {
      expectAllowed(line);
    }
  });

  it('escalates Flux on a production kube context', () => {
    const result = expectLevel('flux --context prod-eu delete kustomization apps', 'critical', 'gitops.flux.delete');
    assert.equal(result.target?.name, 'prod-eu');
  });
});
