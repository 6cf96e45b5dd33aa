// The environment an agent in the sandbox gets: the person's, minus every variable that carries a credential.
import { isWithin } from '../model/paths';

/** Variables that are credentials themselves, or point a tool at one. Agents' own model keys (ANTHROPIC_API_KEY…) stay: the agent needs them. */
export const secretVariables: readonly string[] = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'GOOGLE_APPLICATION_CREDENTIALS',
  'GOOGLE_CREDENTIALS',
  'GOOGLE_OAUTH_ACCESS_TOKEN',
  'CLOUDSDK_AUTH_ACCESS_TOKEN',
  'CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_PASSWORD',
  'ARM_CLIENT_SECRET',
  'ARM_ACCESS_KEY',
  'ARM_SAS_TOKEN',
  'PGPASSWORD',
  'PGPASSFILE',
  'MYSQL_PWD',
  'REDISCLI_AUTH',
  'VAULT_TOKEN',
  'CONSUL_HTTP_TOKEN',
  'NOMAD_TOKEN',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GH_ENTERPRISE_TOKEN',
  'GITHUB_ENTERPRISE_TOKEN',
  'GITLAB_TOKEN',
  'CI_JOB_TOKEN',
  'NPM_TOKEN',
  'NODE_AUTH_TOKEN',
  'DIGITALOCEAN_TOKEN',
  'DIGITALOCEAN_ACCESS_TOKEN',
  'HCLOUD_TOKEN',
  'CLOUDFLARE_API_TOKEN',
  'CLOUDFLARE_API_KEY',
  'FLY_API_TOKEN',
  'HEROKU_API_KEY',
  'VERCEL_TOKEN',
  'PULUMI_ACCESS_TOKEN',
  'PULUMI_CONFIG_PASSPHRASE',
  'DOCKER_PASSWORD',
  'DOCKER_AUTH_CONFIG',
  'SSH_AUTH_SOCK',
];

/** Prefixes of variable families that are all credentials (Terraform Cloud's `TF_TOKEN_app_terraform_io`). */
const secretPrefixes: readonly string[] = ['TF_TOKEN_'];

/** Variables that point a tool at a configuration file: removed when it lies in a denied credential store. */
const configVariables: readonly string[] = ['KUBECONFIG', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'DOCKER_CONFIG', 'CLOUDSDK_CONFIG', 'AZURE_CONFIG_DIR'];

/** `scheme://user:password@host`: a connection string with a password in it (DATABASE_URL, REDIS_URL, MONGODB_URI…). */
function carriesPassword(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i.test(value);
}

export interface ScrubbedEnvironment {
  readonly environment: Record<string, string>;
  /** Names removed, sorted: what `four-eyes sandbox` may say it withheld (never the values). */
  readonly removed: readonly string[];
}

/** The environment minus credentials. `deniedPaths`: the read denies, so a variable pointing into one goes too. */
export function scrubEnvironment(environment: Readonly<Record<string, string | undefined>>, deniedPaths: readonly string[] = []): ScrubbedEnvironment {
  const kept: Record<string, string> = {};
  const removed: string[] = [];
  const secret = new Set(secretVariables);
  for (const [name, value] of Object.entries(environment)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    const pointsIntoStore = configVariables.includes(upper) && value.split(':').some((file) => file.startsWith('/') && deniedPaths.some((denied) => isWithin(file, denied)));
    if (secret.has(upper) || secretPrefixes.some((prefix) => upper.startsWith(prefix)) || carriesPassword(value) || pointsIntoStore) removed.push(name);
    else kept[name] = value;
  }
  return { environment: kept, removed: removed.sort() };
}
