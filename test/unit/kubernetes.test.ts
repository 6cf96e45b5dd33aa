import * as assert from 'node:assert/strict';
import { memoryReader } from '../../src/core/model/reader';
import { assess, expectAllowed, expectLevel, loadGrammar } from './support/engine';

describe('kubernetes pack', () => {
  before(loadGrammar);

  it('makes deleting a namespace or an OpenShift project critical', () => {
    expectLevel('kubectl delete namespace staging', 'critical', 'kubernetes.delete.namespace');
    expectLevel('kubectl delete ns staging', 'critical', 'kubernetes.delete.namespace');
    expectLevel('kubectl delete namespaces/staging', 'critical', 'kubernetes.delete.namespace');
    expectLevel('kubectl -n tools --kubeconfig ./kc delete ns staging', 'critical', 'kubernetes.delete.namespace');
    expectLevel('oc delete project team-a', 'critical', 'kubernetes.delete.namespace');
    expectLevel("bash -c 'kubectl delete namespace production'", 'critical', 'kubernetes.delete.namespace');
    expectLevel('sudo kubectl delete ns staging', 'critical', 'kubernetes.delete.namespace');
  });

  it('makes deleting everything of a kind, CRDs and volumes critical', () => {
    expectLevel('kubectl delete all --all', 'critical', 'kubernetes.delete.all');
    expectLevel('kubectl delete pods --all -n staging', 'critical', 'kubernetes.delete.all');
    expectLevel('kubectl delete deploy -A -l app=web', 'critical', 'kubernetes.delete.all');
    expectLevel('kubectl delete all -l app=web', 'critical', 'kubernetes.delete.all');
    expectLevel('kubectl delete crd certificates.cert-manager.io', 'critical', 'kubernetes.delete.crd');
    expectLevel('kubectl delete customresourcedefinition/widgets.example.com', 'critical', 'kubernetes.delete.crd');
    expectLevel('kubectl delete pvc data-postgres-0', 'critical', 'kubernetes.delete.volume');
    expectLevel('kubectl delete deploy,pvc -l app=db', 'critical', 'kubernetes.delete.volume');
    expectLevel('kubectl delete PersistentVolume pv-1', 'critical', 'kubernetes.delete.volume');
  });

  it('asks before deleting single resources, in any spelling', () => {
    for (const line of [
      'kubectl delete deployment web', 'kubectl delete pod mypod', 'kubectl delete deploy/web svc/web', 'kubectl delete -f manifest.yaml',
      'kubectl delete svc web -n shop', 'kubectl delete node worker-3', 'kubectl -n shop delete --grace-period=0 --force pod web-0', 'kubectl delete pods --all=false web-0',
    ]) {
      expectLevel(line, 'high', 'kubernetes.delete');
    }
  });

  it('treats every kind of dry run as no change', () => {
    for (const line of [
      'kubectl delete ns staging --dry-run=server', 'kubectl delete all --all --dry-run=client', 'kubectl apply -f app.yaml --dry-run=server',
      'kubectl create deployment web --image=nginx --dry-run=client -o yaml', 'kubectl create secret generic db --from-literal=password=x --dry-run=client -o yaml',
      'kubectl scale deploy web --replicas=0 --dry-run=server', 'kubectl drain node-1 --ignore-daemonsets --dry-run=client', 'kubectl delete pod web --help',
      'eksctl create cluster --name demo --dry-run',
    ]) {
      expectAllowed(line);
    }
    expectLevel('kubectl delete ns staging --dry-run=none', 'critical', 'kubernetes.delete.namespace');
  });

  it('asks before changing cluster state', () => {
    expectLevel('kubectl apply -f deploy.yaml', 'high', 'kubernetes.apply');
    expectLevel('kubectl apply -k overlays/dev', 'high', 'kubernetes.apply');
    expectLevel('kubectl create namespace demo', 'high', 'kubernetes.apply');
    expectLevel('kubectl replace --force -f pod.yaml', 'high', 'kubernetes.apply');
    expectLevel('kubectl run debug --image=busybox --restart=Never', 'high', 'kubernetes.apply');
    expectLevel('kubectl expose deployment web --port=80', 'high', 'kubernetes.apply');
    expectLevel('oc new-app nodejs~https://github.com/example/app', 'high', 'kubernetes.apply');
    expectLevel('kubectl apply --prune -l app=web -f manifests/', 'high', 'kubernetes.apply.prune');
    expectLevel('kubectl patch deployment web -p \'{"spec":{"replicas":3}}\'', 'high', 'kubernetes.edit');
    expectLevel('kubectl edit configmap app', 'high', 'kubernetes.edit');
    expectLevel('kubectl set image deployment/web web=nginx:1.27', 'high', 'kubernetes.edit');
    expectLevel('kubectl scale deployment web --replicas=0', 'high', 'kubernetes.scale');
    expectLevel('kubectl autoscale deployment web --min=2 --max=5', 'high', 'kubernetes.scale');
    expectLevel('kubectl rollout undo deployment/web', 'high', 'kubernetes.rollout.undo');
    expectLevel('kubectl drain node-1 --ignore-daemonsets', 'high', 'kubernetes.node.drain');
    expectLevel('kubectl cordon node-1', 'high', 'kubernetes.node.schedule');
    expectLevel('kubectl taint nodes node-1 key=value:NoSchedule', 'high', 'kubernetes.node.schedule');
    expectLevel('kubectl certificate approve csr-abc', 'high', 'kubernetes.certificate');
    expectLevel('oc adm policy add-cluster-role-to-user cluster-admin alice', 'high', 'kubernetes.admin');
    expectLevel('oc adm prune images --confirm', 'high', 'kubernetes.admin');
    expectAllowed('oc adm prune images');
  });

  it('logs restarts and labels without asking, except on production', () => {
    expectLevel('kubectl rollout restart deployment/web', 'medium', 'kubernetes.rollout.restart');
    expectLevel('kubectl rollout pause deploy/web', 'medium', 'kubernetes.rollout.restart');
    expectLevel('kubectl label pods web-0 tier=frontend --overwrite', 'medium', 'kubernetes.label');
    expectLevel('kubectl annotate deploy web note=x', 'medium', 'kubernetes.label');
    expectLevel('kubectl --context prod-eu rollout restart deployment/web', 'high', 'kubernetes.rollout.restart');
    expectLevel('kubectl --context prod-eu label svc web x=y', 'high', 'kubernetes.label');
  });

  it('asks before printing secret values or credentials', () => {
    expectLevel('kubectl get secret db-creds -o yaml', 'high', 'kubernetes.secret.read');
    expectLevel('kubectl get secrets -n shop -o json', 'high', 'kubernetes.secret.read');
    expectLevel("kubectl get secret db -o jsonpath='{.data.password}'", 'high', 'kubernetes.secret.read');
    expectLevel('kubectl get secret/db -oyaml', 'high', 'kubernetes.secret.read');
    expectLevel("kubectl get secret db --template='{{.data.password}}'", 'high', 'kubernetes.secret.read');
    expectLevel('kubectl get --raw /api/v1/namespaces/default/secrets/db', 'high', 'kubernetes.secret.read');
    expectLevel('oc extract secret/db --to=-', 'high', 'kubernetes.secret.read');
    expectLevel('kubectl create secret generic db --from-literal=password=s3cret', 'high', 'kubernetes.secret.create');
    expectLevel('kubectl config view --raw', 'high', 'kubernetes.credentials.read');
    expectLevel('kubectl config view --flatten --raw', 'high', 'kubernetes.credentials.read');
    expectLevel('kubectl create token default', 'high', 'kubernetes.credentials.read');
    expectLevel('oc whoami -t', 'high', 'kubernetes.credentials.read');
    expectLevel("kubectl get secret db -o go-template='{{.data.password | base64decode}}'", 'high', 'kubernetes.secret.read');
    expectLevel("kubectl get secrets -o jsonpath='{.items[*]}'", 'high', 'kubernetes.secret.read');
    expectLevel('kubectl get secret db -o jsonpath-file=fields.txt', 'high', 'kubernetes.secret.read');
    // Templates that print only names and types show no values.
    expectAllowed("kubectl get secrets -o jsonpath='{.items[*].metadata.name}'");
    expectAllowed("kubectl get secrets -o jsonpath='{range .items[*]}{.metadata.name}{\"\\n\"}{end}'");
    expectAllowed('kubectl get secrets -o custom-columns=NAME:.metadata.name,TYPE:.type');
    for (const line of ['kubectl get secrets', 'kubectl get secret db', 'kubectl get secrets -o wide', 'kubectl get secrets -o name', 'kubectl describe secret db', 'kubectl get configmap app -o yaml', 'kubectl config view', 'oc whoami']) {
      expectAllowed(line);
    }
  });

  it('keeps sessions into containers and kubeconfig switches low', () => {
    expectLevel('kubectl exec -it web-0 -- /bin/sh', 'low', 'kubernetes.exec');
    expectLevel('kubectl --context prod-eu exec -it web-0 -- ls /app', 'low', 'kubernetes.exec');
    expectLevel('kubectl debug -it web-0 --image=busybox', 'low', 'kubernetes.exec');
    expectLevel('kubectl cp web-0:/tmp/dump.sql ./dump.sql', 'low', 'kubernetes.copy');
    expectLevel('kubectl port-forward svc/web 8080:80', 'low', 'kubernetes.port-forward');
    expectLevel('kubectl config use-context staging', 'low', 'kubernetes.context');
    expectLevel('oc project team-a', 'low', 'kubernetes.context');
    // The command inside is judged on its own.
    expectLevel('kubectl exec web-0 -- rm -rf /', 'critical', 'fs.rm.root');
  });

  it('makes pointing a name that does not say production at a production cluster, server or user critical', () => {
    const kubeconfig = [
      'clusters:',
      '- {name: blue, cluster: {server: "https://api.prod-eu.example.com"}}',
      '- {name: green, cluster: {server: "https://api.dev.example.com"}}',
      'contexts:',
      '- {name: live, context: {cluster: blue, user: deployer}}',
      '- {name: scratch, context: {cluster: green, user: me}}',
      'current-context: scratch',
    ].join('\n');
    const options = { cwd: '/home/dev/project', env: { HOME: '/home/dev' }, reader: memoryReader({ '/home/dev/.kube/config': kubeconfig }) };
    const critical = [
      'kubectl config set-context staging --cluster=prod-eu-west-1 --user=prod-admin',
      'kubectl config set-context staging --user=prod-admin',
      'kubectl config set-context dev --cluster blue',
      'kubectl config set-context --current --cluster=prod-eu-west-1',
      'kubectl config set-cluster dev --server=https://prod-eu.k8s.example.com',
      'kubectl config rename-context prod-eu staging',
      'kubectl config rename-context live staging',
      'kubectl config set contexts.staging.cluster prod-eu-west-1',
      'kubectl config set contexts.dev.user prod-admin',
      'kubectl config set clusters.dev.server https://prod.example.com:6443',
      'kubectl config set-context st\u0430ging --cluster=pr\u043ed-eu',
    ];
    for (const line of critical) expectLevel(line.replace(/\\u(\w{4})/g, (_match, code: string) => String.fromCharCode(parseInt(code, 16))), 'critical', 'kubernetes.context.production', options);
    const low = [
      'kubectl config set-context dev --cluster=dev',
      'kubectl config set-context prod-eu --cluster=prod-eu-west-1 --user=prod-admin',
      'kubectl config set-context dev --cluster green --namespace web',
      'kubectl config set-cluster prod-eu --server=https://prod-eu.k8s.example.com',
      'kubectl config set-cluster dev --server=https://dev.k8s.example.com',
      'kubectl config rename-context scratch sandbox',
      'kubectl config rename-context prod-eu prod-eu-west',
      'kubectl config set contexts.dev.namespace prod',
      'kubectl config set contexts.prod.cluster prod-eu-west-1',
    ];
    for (const line of low) expectLevel(line, 'low', 'kubernetes.context', options);
  });

  it('lets read-only kubectl and oc through', () => {
    for (const line of [
      'kubectl get pods', 'kubectl get pods -A -o wide', 'kubectl -n kube-system get deploy', 'kubectl get deploy web -o yaml', 'kubectl describe pod web-0',
      'kubectl logs -f web-0 -c app', 'kubectl logs -p web-0', 'kubectl top pods', 'kubectl explain deployment.spec', 'kubectl api-resources',
      'kubectl api-versions', 'kubectl version --client', 'kubectl cluster-info', 'kubectl auth can-i delete pods', 'kubectl wait --for=condition=ready pod/web-0',
      'kubectl events', 'kubectl diff -f deploy.yaml', 'kubectl kustomize overlays/dev', 'kubectl completion bash', 'kubectl plugin list',
      'kubectl config get-contexts', 'kubectl config current-context', 'kubectl rollout status deploy/web', 'kubectl rollout history deploy/web',
      'kubectl apply view-last-applied deploy/web', 'kubectl set env deploy/web --list', 'kubectl label pods web-0 --list', 'kubectl help delete',
      'oc get pods', 'oc status', 'oc projects', 'oc adm top nodes', 'oc adm upgrade', 'kubecolor get pods',
      'kustomize build overlays/prod', 'eksctl get clusters', 'eksctl utils describe-stacks --cluster demo', 'eksctl upgrade cluster --name demo',
    ]) {
      expectAllowed(line);
    }
    assert.equal(assess('kubectl get pods').level, 'none');
    assert.equal(assess('kubectl get pods').findings.length, 0);
  });

  it('escalates a high change to critical on a production context', () => {
    const viaFlag = expectLevel('kubectl --context prod-eu delete deployment web', 'critical', 'kubernetes.delete');
    assert.equal(viaFlag.target?.name, 'prod-eu');
    expectLevel('kubectl apply -f deploy.yaml --context=prod-eu', 'critical', 'kubernetes.apply');
    const reader = memoryReader({ '/home/dev/.kube/config': 'apiVersion: v1\ncurrent-context: gke_shop_prod\n' });
    expectLevel('kubectl scale deploy web --replicas=0', 'critical', 'kubernetes.scale', { cwd: '/home/dev/project', env: { HOME: '/home/dev' }, reader });
    expectLevel('kubectl --context staging delete deployment web', 'high', 'kubernetes.delete');
  });

  it('covers kustomize, eksctl and local clusters', () => {
    expectLevel('kustomize edit set image web=nginx:1.27', 'low', 'kubernetes.kustomize.edit');
    expectLevel('eksctl delete cluster --name demo --region eu-west-1', 'critical', 'kubernetes.eksctl.delete-cluster');
    expectLevel('eksctl delete nodegroup --cluster demo --name ng-1', 'high', 'kubernetes.eksctl.delete');
    expectLevel('eksctl create cluster -f cluster.yaml', 'high', 'kubernetes.eksctl.change');
    expectLevel('eksctl scale nodegroup --cluster demo --name ng-1 --nodes 0', 'high', 'kubernetes.eksctl.change');
    expectLevel('eksctl upgrade cluster --name demo --approve', 'high', 'kubernetes.eksctl.change');
    expectLevel('eksctl --profile prod delete nodegroup --cluster demo --name ng-1', 'critical', 'kubernetes.eksctl.delete');
    expectLevel('eksctl anywhere delete cluster -f cluster.yaml', 'critical', 'kubernetes.eksctl.delete-cluster');
    expectLevel('kind delete cluster --name dev', 'medium', 'kubernetes.local-cluster.delete');
    expectLevel('minikube delete --all --purge', 'medium', 'kubernetes.local-cluster.delete');
    expectLevel('k3d cluster delete dev', 'medium', 'kubernetes.local-cluster.delete');
    expectLevel('k3d cluster rm dev', 'medium', 'kubernetes.local-cluster.delete');
    expectAllowed('kind create cluster');
    expectAllowed('minikube start');
    expectLevel('minikube kubectl -- delete ns demo', 'critical', 'kubernetes.delete.namespace');
    expectLevel('microk8s kubectl delete deployment web', 'high', 'kubernetes.delete');
  });
});
