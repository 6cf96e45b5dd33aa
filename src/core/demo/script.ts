// The demo agent: a scripted run of safe and risky commands against harmless stand-ins, so a person sees a gate without any risk.

/** The agent name the demo terminal announces (`AI_AGENT`), so its commands are labelled like any agent's. */
export const demoAgent = 'four-eyes-demo';

/** What the demo agent runs, in order: it looks around, then tries to change production three ways. */
export const demoSteps: readonly string[] = [
  'kubectl config current-context',
  'kubectl get pods -n checkout',
  'terraform plan',
  'terraform apply -auto-approve',
  'kubectl delete deployment checkout -n checkout',
  'aws s3 rm s3://acme-prod-assets --recursive',
];

/** The production-looking places the stand-ins pretend to act on. */
export const demoPlaces = { kubeContext: 'prod-eu-west-1', terraformWorkspace: 'production', awsProfile: 'production' } as const;

/** A POSIX sh stand-in that prints what the real tool would and changes nothing. */
function standIn(program: string, cases: readonly [prefix: string, output: string][]): string {
  const branches = cases.map(([prefix, output]) => `  "${prefix}"*) cat <<'OUTPUT'\n${output}\nOUTPUT\n    ;;`).join('\n');
  return `#!/bin/sh
# Four Eyes demo stand-in for ${program}: prints what the real one might, touches nothing.
case "$*" in
${branches}
  *) echo "${program} $* (Four Eyes demo: nothing was run)" ;;
esac
`;
}

/** The demo folder's files, by path relative to it; `bin/` holds the stand-ins. */
export function demoFiles(): Record<string, string> {
  return {
    'bin/terraform': standIn('terraform', [
      ['plan', 'aws_db_instance.checkout: Refreshing state... [id=checkout-prod]\n\nPlan: 0 to add, 1 to change, 1 to destroy.'],
      ['apply', 'aws_db_instance.checkout: Destroying... [id=checkout-prod]\n\nApply complete! (Four Eyes demo: nothing was changed)'],
    ]),
    'bin/kubectl': standIn('kubectl', [
      ['config current-context', demoPlaces.kubeContext],
      ['get pods', 'NAME                        READY   STATUS    RESTARTS   AGE\ncheckout-7d9f8c6b5d-2xkqp   1/1     Running   0          3d\ncheckout-7d9f8c6b5d-9wzrt   1/1     Running   0          3d'],
      ['delete', 'deployment.apps "checkout" deleted (Four Eyes demo: nothing was deleted)'],
    ]),
    'bin/aws': standIn('aws', [['s3 rm', 'delete: s3://acme-prod-assets/index.html (Four Eyes demo: nothing was deleted)']]),
    // The context points at a port nothing listens on, so even a real kubectl on PATH could reach no cluster.
    kubeconfig: `apiVersion: v1
kind: Config
current-context: ${demoPlaces.kubeContext}
clusters:
  - name: ${demoPlaces.kubeContext}
    cluster:
      server: https://127.0.0.1:9
contexts:
  - name: ${demoPlaces.kubeContext}
    context:
      cluster: ${demoPlaces.kubeContext}
      user: demo
users:
  - name: demo
    user: {}
`,
    'aws-config': `[profile ${demoPlaces.awsProfile}]\nregion = eu-west-1\n`,
    // An empty folder to work in: a real terraform found there would have no configuration to apply.
    'work/README.txt': 'The Four Eyes demo agent works in this folder. Nothing here is real.\n',
  };
}

/**
 * Stand-ins first on PATH and production-looking places (POSIX only: the stand-ins are sh scripts). Should a shell's rc
 * file put a real tool first, it still reaches nothing: no cluster, credentials AWS refuses and an endpoint nobody serves.
 */
export function placesEnvironment(folder: string, searchPath: string): Record<string, string> {
  return {
    PATH: `${folder}/bin:${searchPath}`,
    KUBECONFIG: `${folder}/kubeconfig`,
    AWS_PROFILE: demoPlaces.awsProfile,
    AWS_CONFIG_FILE: `${folder}/aws-config`,
    AWS_ACCESS_KEY_ID: 'four-eyes-demo',
    AWS_SECRET_ACCESS_KEY: 'four-eyes-demo-not-a-secret',
    AWS_ENDPOINT_URL: 'https://127.0.0.1:9',
  };
}

/** The demo terminal's environment: the places, announced as the demo agent, in a production Terraform workspace. */
export function demoEnvironment(folder: string, searchPath: string): Record<string, string> {
  return { ...placesEnvironment(folder, searchPath), AI_AGENT: demoAgent, TF_WORKSPACE: demoPlaces.terraformWorkspace };
}
