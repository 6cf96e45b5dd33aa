// AWS profiles as the CLI reads them: `~/.aws/config` (`[profile X]`, `[default]`) and the credentials file (`[X]`),
// each profile's role ARN and account, and the `source_profile` chain. A profile's name says little of where it acts.
import { joinPath } from '../model/paths';
import type { FileReader } from '../model/reader';

/** Settings by profile name, keys lower case. */
export type AwsProfiles = ReadonlyMap<string, Readonly<Record<string, string>>>;

/** One INI file; `credentials` files name sections without the `profile ` prefix. */
export function parseAwsConfig(source: string, credentials = false): Map<string, Record<string, string>> {
  const profiles = new Map<string, Record<string, string>>();
  let section: Record<string, string> | undefined;
  for (const line of source.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]]*?)\s*\]/.exec(line);
    if (header) {
      const title = header[1];
      const profile = /^profile\s+(.+)$/.exec(title)?.[1].trim();
      // In the config file only `[default]` and `[profile X]` are profiles (`[sso-session X]`, `[services X]` are not).
      const name = credentials ? title : title === 'default' ? 'default' : profile;
      section = name === undefined ? undefined : (profiles.get(name) ?? {});
      if (name !== undefined && section) profiles.set(name, section);
      continue;
    }
    // Indented lines belong to a nested setting (`s3 =` then `  max_concurrent_requests = 10`).
    const setting = /^([^\s#;=][^=]*?)\s*=\s*(.*?)\s*$/.exec(line);
    if (section && setting) section[setting[1].toLowerCase()] = setting[2];
  }
  return profiles;
}

export interface AwsFiles {
  readonly home: string | undefined;
  readonly reader: FileReader | undefined;
}

/** The config file (AWS_CONFIG_FILE or ~/.aws/config) and the credentials file, merged; the variables' values passed in. */
export function loadAwsProfiles(place: AwsFiles, configFile: string | undefined, credentialsFile: string | undefined): AwsProfiles {
  const at = (path: string | undefined, fallback: string): string | undefined => {
    const chosen = path || (place.home === undefined ? undefined : joinPath(place.home, fallback));
    if (chosen?.startsWith('~/')) return place.home === undefined ? undefined : joinPath(place.home, chosen.slice(2));
    return chosen;
  };
  const read = (path: string | undefined): string => (path === undefined || place.reader === undefined ? '' : (place.reader.read(path) ?? ''));
  const profiles = parseAwsConfig(read(at(configFile, '.aws/config')));
  for (const [name, settings] of parseAwsConfig(read(at(credentialsFile, '.aws/credentials')), true)) profiles.set(name, { ...settings, ...profiles.get(name) });
  return profiles;
}

/** What a profile resolves to: itself, then each profile its `source_profile` names, without loops. */
export function profileChain(profiles: AwsProfiles, name: string): { readonly name: string; readonly settings: Readonly<Record<string, string>> }[] {
  const chain: { name: string; settings: Readonly<Record<string, string>> }[] = [];
  for (let current: string | undefined = name; current !== undefined && chain.length < 10 && !chain.some((link) => link.name === current); ) {
    const settings: Readonly<Record<string, string>> = profiles.get(current) ?? {};
    chain.push({ name: current, settings });
    current = settings.source_profile || undefined;
  }
  return chain;
}

/** Settings that name where a profile acts: the role it assumes, and the account it signs in to. */
export const awsPlaceKeys = ['role_arn', 'sso_account_id', 'aws_account_id', 'sso_role_name'] as const;
