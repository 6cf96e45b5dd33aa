// HTTP clients (curl, wget, httpie, xh, PowerShell's Invoke-RestMethod) sending requests that change things on remote APIs.
import type { SimpleCommand } from '../model/command';
import { resolvePath } from '../model/paths';
import { normalizeDashes } from '../shell/options';
import { hit, rule, type Hit, type RuleContext, type RulePack } from './rule';

const remoteDelete = rule({
  id: 'http.delete',
  level: 'high',
  reason: 'Sends a request that deletes on a remote API (a DELETE, or a POST or GraphQL mutation named for deleting): there is no undo from here.',
  saferAlternative: 'GET the same URL first to see what it names',
});
const remoteWrite = rule({
  id: 'http.write',
  level: 'medium',
  reason: 'Sends a POST, PUT or PATCH request to a remote API: it creates or changes something there.',
});
const graphqlMutation = rule({ id: 'http.graphql-mutation', level: 'medium', reason: 'Sends a GraphQL mutation to a remote API: it changes data there.' });
const engineApi = rule({
  id: 'http.engine-api',
  level: 'high',
  reason: 'Calls the container engine’s API through its socket to change something: it can start privileged containers or delete any of them, past every docker rule.',
  saferAlternative: 'use the docker or podman CLI, whose commands Four Eyes can judge',
});

/** What a request does, from its method (and, for POST, a path or GraphQL operation named for deleting). */
export type HttpEffect = 'read' | 'write' | 'delete' | 'mutation';

export interface HttpRequest {
  readonly effect: HttpEffect;
  /** Hosts the request goes to: lower case, no port; undefined when only known at run time. */
  readonly hosts: readonly (string | undefined)[];
  /** Through a Unix socket (`curl --unix-socket`): the host in the URL means nothing. */
  readonly socket?: string;
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
const deleteMethods = new Set(['DELETE', 'PURGE']);
/** A path segment or verb named for deleting: `_delete_by_query`, `doDelete`, `/remove`, `bulkDestroy`. */
const deletingPath = /(?:^|[/_:.-])(?:do|bulk|batch)?(?:[Dd]elete|DELETE|[Rr]emove|[Dd]estroy|[Pp]urge|[Dd]rop|[Ww]ipe|[Tt]runcate)(?=$|[/?#_.:-]|By|[A-Z])/;
const deletingField = /^(delete|remove|destroy|drop|purge|wipe|truncate)/i;

/** The effect of a method; a method only known at run time may be anything, so it counts as a delete. */
function methodEffect(method: string, dynamic: boolean): HttpEffect {
  if (dynamic || method === '') return 'delete';
  const upper = method.toUpperCase();
  if (readMethods.has(upper)) return 'read';
  return deleteMethods.has(upper) ? 'delete' : 'write';
}

/** Where a URL points: `https://u@api.example.com:8443/x` → `api.example.com`, `localhost:9200/x` → `localhost`, `:3000` → `localhost` (httpie). */
export function urlHost(url: string): string | undefined {
  const text = url.trim();
  if (/^:\d*(\/|$)/.test(text)) return 'localhost';
  const authority = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)/i.exec(text)?.[1] ?? '';
  const host = authority.replace(/^.*@/, '');
  if (host === '' || /[$`]/.test(host)) return undefined;
  const bracketed = /^\[([^\]]*)\]/.exec(host)?.[1];
  return (bracketed ?? host.replace(/:\d*$/, '')).toLowerCase().replace(/\.$/, '');
}

/** This machine: localhost and its subdomains, the loopback addresses. */
export function isLocalHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(host) || host === '::1' || host === '0.0.0.0' || host === '0:0:0:0:0:0:0:1';
}

/** The GraphQL operations a body holds, when it is GraphQL: JSON `{"query": …}` (or a batch of them), or `query=` form data. */
function graphqlDocuments(body: string): string[] | undefined {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const items = Array.isArray(parsed) ? parsed : [parsed];
      const queries: unknown[] = items.map((item: unknown) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>).query : undefined));
      const texts = queries.filter((query): query is string => typeof query === 'string');
      return texts.length === queries.length ? texts : undefined;
    } catch {
      // Not JSON as written (a shell variable in it, a quote cut): read the query as text.
      const query = /"query"\s*:\s*"((?:[^"\\]|\\.)*)/.exec(trimmed)?.[1];
      return query === undefined ? undefined : [query];
    }
  }
  const form = /^query=(.*)$/s.exec(trimmed)?.[1];
  return form === undefined ? undefined : [decodeURIComponentSafe(form)];
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** A GraphQL document's effect: a query reads, a mutation writes, a mutation whose first field is named for deleting deletes. */
function graphqlEffect(documents: readonly string[]): HttpEffect {
  let effect: HttpEffect = 'read';
  for (const document of documents) {
    const text = document.replace(/#[^\n]*/g, '').trim();
    if (!/^mutation\b/.test(text) && !/(^|\})\s*mutation\b/.test(text)) continue;
    const field = /mutation\b[^{]*\{\s*(?:\w+\s*:\s*)?(\w+)/.exec(text)?.[1] ?? '';
    if (deletingField.test(field)) return 'delete';
    effect = 'mutation';
  }
  return effect;
}

/** The effect of a request that sends a body: GraphQL by its operations (a query only reads), otherwise by the method and the path. */
function bodyEffect(method: HttpEffect, bodies: readonly string[], urls: readonly string[]): HttpEffect {
  if (method !== 'write') return method;
  const documents = bodies.map(graphqlDocuments);
  if (bodies.length > 0 && documents.every((found) => found !== undefined)) return graphqlEffect(documents.flatMap((found) => found ?? []));
  return urls.some((url) => deletingPath.test(urlPath(url))) ? 'delete' : 'write';
}

function urlPath(url: string): string {
  return url.replace(/^(?:[a-z][a-z0-9+.-]*:\/\/)?[^/?#]*/i, '');
}

const curlValues = new Set([
  '-A', '-b', '-c', '-C', '-d', '-D', '-e', '-E', '-F', '-H', '-K', '-m', '-o', '-r', '-T', '-u', '-U', '-w', '-x', '-X', '-y', '-Y', '-z', '-Q', '-t', '-P',
  '--data', '--data-binary', '--data-ascii', '--data-urlencode', '--data-raw', '--json', '--form', '--form-string', '--upload-file', '--url', '--output', '--header', '--user',
  '--request', '--cert', '--key', '--config', '--user-agent', '--cookie', '--cookie-jar', '--referer', '--proxy', '--max-time', '--connect-timeout', '--retry', '--retry-delay',
  '--retry-max-time', '--unix-socket', '--abstract-unix-socket', '--resolve', '--connect-to', '--cacert', '--capath', '--write-out', '--range', '--limit-rate', '--dump-header',
  '--output-dir', '--proxy-user', '--oauth2-bearer', '--aws-sigv4', '--variable', '--expand-url', '--expand-data', '--expand-json', '--expand-header', '--url-query', '--interface',
  '--dns-servers', '--local-port', '--max-filesize', '--quote', '--trace', '--trace-ascii', '--stderr', '--ciphers', '--cert-type', '--key-type', '--pass', '--noproxy', '--proto',
  '--proto-redir', '--happy-eyeballs-timeout-ms', '--keepalive-time', '--mail-from', '--mail-rcpt', '--request-target', '--time-cond', '--tls-max', '--header-file',
]);
const curlData = new Set(['-d', '--data', '--data-binary', '--data-ascii', '--data-urlencode', '--data-raw', '--json']);
const curlForm = new Set(['-F', '--form', '--form-string']);
/** curl's short options that take no value, so a cluster (`-sSfX DELETE`) is read letter by letter. */
const curlShortValues = new Set([...curlValues].filter((name) => /^-[A-Za-z]$/.test(name)));

/** Words and whether each is only known at run time. */
interface Words {
  readonly args: readonly string[];
  dynamic(index: number): boolean;
}

function wordsOf(command: SimpleCommand): Words {
  return { args: command.args, dynamic: (index) => command.words[index]?.dynamic === true };
}

/** A URL only known at run time points anywhere. */
function hostsOf(urls: readonly { readonly text: string; readonly dynamic: boolean }[]): (string | undefined)[] {
  return urls.map((url) => (url.dynamic && /^["']?[$`]/.test(url.text) ? undefined : urlHost(url.text)));
}

/** A curl config file's lines as options: `request = "DELETE"`, `-X DELETE`, `url: https://…`, `silent`. */
function curlConfigArgs(text: string): string[] {
  const args: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(-{0,2})([A-Za-z][\w-]*)(?:\s*[=:]\s*|\s+|$)(.*?)\s*$/.exec(line);
    if (!match || line.trim().startsWith('#')) continue;
    const name = match[1] !== '' ? `${match[1]}${match[2]}` : match[2].length === 1 ? `-${match[2]}` : `--${match[2]}`;
    args.push(name);
    if (match[3] !== '') args.push(match[3].replace(/^"(.*)"$/s, '$1'));
  }
  return args;
}

/** curl: the method from `-X`, else PUT for `-T`, POST for data or a form, HEAD for `-I`, GET with `-G`; `-K` files are read as options. */
function curlRequest(words: Words, context: FileContext | undefined, depth = 0): HttpRequest {
  const { args } = words;
  let method: string | undefined;
  let methodDynamic = false;
  let upload = false;
  let data = false;
  let get = false;
  let head = false;
  let socket: string | undefined;
  let unreadConfig = false;
  const configArgs: string[] = [];
  const bodies: string[] = [];
  const urls: { text: string; dynamic: boolean }[] = [];
  const option = (name: string, value: string | undefined, index: number): void => {
    if (value === undefined) return;
    if (name === '-X' || name === '--request') {
      method = value;
      methodDynamic = words.dynamic(index);
    } else if (name === '-T' || name === '--upload-file') upload = true;
    else if (curlData.has(name)) {
      data = true;
      bodies.push(value);
    } else if (curlForm.has(name)) data = true;
    else if (name === '--url') urls.push({ text: value, dynamic: words.dynamic(index) });
    else if (name === '--unix-socket' || name === '--abstract-unix-socket') socket = value;
    else if (name === '-K' || name === '--config') {
      const text = value === '-' || words.dynamic(index) || depth > 2 ? undefined : readFile(value, context);
      if (text === undefined) unreadConfig = true;
      else configArgs.push(...curlConfigArgs(text));
    }
  };
  let operands = false;
  for (let i = 0; i < args.length; i++) {
    const arg = normalizeDashes(args[i]);
    if (operands || !arg.startsWith('-') || arg === '-') {
      urls.push({ text: args[i], dynamic: words.dynamic(i) });
      continue;
    }
    if (arg === '--') {
      operands = true;
      continue;
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = equals < 0 ? arg : arg.slice(0, equals);
      if (name === '--get') get = true;
      else if (name === '--head') head = true;
      if (curlValues.has(name)) {
        option(name, equals < 0 ? args[i + 1] : arg.slice(equals + 1), equals < 0 ? i + 1 : i);
        if (equals < 0) i++;
      }
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const name = `-${arg[j]}`;
      if (name === '-G') get = true;
      else if (name === '-I') head = true;
      if (!curlShortValues.has(name)) continue;
      const attached = arg.slice(j + 1);
      option(name, attached || args[i + 1], attached ? i : i + 1);
      if (!attached) i++;
      break;
    }
  }
  // What a config file says comes first; the command line's own options win over it.
  if (configArgs.length > 0) {
    const merged = [...configArgs, ...args];
    return curlRequest({ args: merged, dynamic: (index) => index >= configArgs.length && words.dynamic(index - configArgs.length) }, context, depth + 1);
  }
  const implied = upload ? 'PUT' : head ? 'HEAD' : data && !get ? 'POST' : 'GET';
  // A config file nobody can read may hold any method and URL.
  const effect = unreadConfig && method === undefined ? 'delete' : bodyEffect(methodEffect(method ?? implied, methodDynamic), get ? [] : bodies, urls.map((url) => url.text));
  const hosts = hostsOf(urls);
  return { effect, hosts: unreadConfig ? [...hosts, undefined] : hosts, ...(socket ? { socket } : {}) };
}

const wgetValues = new Set([
  '-O', '-o', '-a', '-i', '-B', '-t', '-T', '-w', '-Q', '-P', '-e', '-U', '-D', '-R', '-A', '-I', '-X', '-l',
  '--output-document', '--output-file', '--append-output', '--input-file', '--base', '--tries', '--timeout', '--wait', '--quota', '--directory-prefix', '--execute',
  '--user-agent', '--domains', '--reject', '--accept', '--include-directories', '--exclude-directories', '--level', '--header', '--user', '--password', '--http-user',
  '--http-password', '--method', '--body-data', '--body-file', '--post-data', '--post-file', '--load-cookies', '--save-cookies', '--referer', '--ca-certificate', '--certificate',
  '--private-key', '--bind-address', '--limit-rate', '--read-timeout', '--connect-timeout', '--dns-timeout', '--waitretry', '--proxy-user', '--proxy-password', '--config',
]);

/** wget: `--method`, else POST for `--post-data`/`--post-file`, else GET. */
function wgetRequest(words: Words): HttpRequest {
  const { args } = words;
  let method: string | undefined;
  let methodDynamic = false;
  let post = false;
  const bodies: string[] = [];
  const urls: { text: string; dynamic: boolean }[] = [];
  const option = (name: string, value: string | undefined, index: number): void => {
    if (value === undefined) return;
    if (name === '--method') {
      method = value;
      methodDynamic = words.dynamic(index);
    } else if (name === '--post-data' || name === '--post-file') {
      post = true;
      if (name === '--post-data') bodies.push(value);
    } else if (name === '--body-data') bodies.push(value);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = normalizeDashes(args[i]);
    if (!arg.startsWith('-') || arg === '-') {
      urls.push({ text: args[i], dynamic: words.dynamic(i) });
      continue;
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = equals < 0 ? arg : arg.slice(0, equals);
      if (equals >= 0) option(name, arg.slice(equals + 1), i);
      else if (wgetValues.has(name)) {
        option(name, args[i + 1], i + 1);
        i++;
      }
      continue;
    }
    // `-qO- URL`: the first letter that takes a value takes the rest of the word, or the next one.
    for (let j = 1; j < arg.length; j++) {
      if (!wgetValues.has(`-${arg[j]}`)) continue;
      if (j + 1 === arg.length) i++;
      break;
    }
  }
  const effect = bodyEffect(methodEffect(method ?? (post ? 'POST' : 'GET'), methodDynamic), bodies, urls.map((url) => url.text));
  return { effect, hosts: hostsOf(urls) };
}

const httpieValues = new Set([
  '-a', '--auth', '-A', '--auth-type', '--session', '--session-read-only', '-o', '--output', '-p', '--print', '-P', '--history-print', '--pretty', '-s', '--style',
  '--format-options', '--timeout', '--max-redirects', '--cert', '--cert-key', '--cert-key-pass', '--verify', '--proxy', '--ssl', '--ciphers', '--boundary', '--raw',
  '--default-scheme', '--response-charset', '--response-mime', '--bearer', '--resolve', '--interface', '--http-version', '--unix-socket', '--path-as-is',
]);

/** httpie and xh: `http [METHOD] URL [items]`; without a method, data items (`a=b`, `a:=1`, `f@file`) or `--raw` make it a POST. */
function httpieRequest(words: Words, stdin: boolean): HttpRequest {
  const { args } = words;
  const operands: number[] = [];
  let raw: string | undefined;
  let offline = false;
  let socket: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = normalizeDashes(args[i]);
    // Options may come anywhere; request items never start with a dash.
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(i);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.startsWith('--') && equals >= 0 ? arg.slice(0, equals) : arg;
    const value = arg.startsWith('--') && equals >= 0 ? arg.slice(equals + 1) : httpieValues.has(name) ? args[++i] : undefined;
    if (name === '--offline') offline = true;
    else if (name === '--raw') raw = value;
    else if (name === '--unix-socket') socket = value;
  }
  if (offline) return { effect: 'read', hosts: [] };
  const first = operands[0] === undefined ? undefined : args[operands[0]];
  const hasMethod = operands.length >= 2 && first !== undefined && /^[A-Za-z]+$/.test(first);
  const urlIndex = operands[hasMethod ? 1 : 0];
  const url = urlIndex === undefined ? '' : args[urlIndex];
  const items = operands.slice(hasMethod ? 2 : 1).map((index) => args[index]);
  const bodies: string[] = [];
  let data = raw !== undefined || stdin;
  if (raw !== undefined) bodies.push(raw);
  for (const item of items) {
    if (/^[^=:@]*==/.test(item)) continue;
    const field = /^([^=:@]*)(:=@|=@|:=|=|@)(.*)$/s.exec(item);
    if (field) {
      data = true;
      if (field[1] === 'query' && field[2] === '=') bodies.push(JSON.stringify({ query: field[3] }));
    }
  }
  const dynamicMethod = hasMethod && words.dynamic(operands[0]);
  const method = hasMethod ? (first ?? '') : data ? 'POST' : 'GET';
  const effect = bodyEffect(methodEffect(method, dynamicMethod), bodies, [url]);
  return { effect, hosts: hostsOf([{ text: url, dynamic: urlIndex !== undefined && words.dynamic(urlIndex) }]), ...(socket ? { socket } : {}) };
}

/** PowerShell's `Invoke-RestMethod -Method Delete -Uri …` (and `irm`, `iwr`, `Invoke-WebRequest`); parameter names in any case. */
function powershellRequest(words: Words): HttpRequest {
  const { args } = words;
  let method = 'GET';
  let methodDynamic = false;
  const urls: { text: string; dynamic: boolean }[] = [];
  const valueParameters = /^-(uri|method|custommethod|body|headers|contenttype|outfile|infile|credential|token|useragent|websession|sessionvariable|timeoutsec|proxy|form|authentication|certificate|maximumredirection)$/;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const parameter = /^(-[A-Za-z]+):?(.*)$/.exec(arg);
    if (!parameter) {
      urls.push({ text: arg, dynamic: words.dynamic(i) });
      continue;
    }
    const name = parameter[1].toLowerCase();
    const attached = parameter[2] === '' ? undefined : parameter[2];
    const takes = valueParameters.test(name) || /^-(me|met|meth|metho|u|ur)$/.test(name);
    const value = attached ?? (takes ? args[++i] : undefined);
    if (value === undefined) continue;
    if (/^-(me|met|meth|metho|method|custommethod)$/.test(name)) {
      method = value;
      methodDynamic = words.dynamic(i);
    } else if (/^-(u|ur|uri)$/.test(name)) urls.push({ text: value, dynamic: words.dynamic(i) });
  }
  return { effect: methodEffect(method, methodDynamic), hosts: hostsOf(urls) };
}

/** What reading a `-K` file needs. */
export type FileContext = Pick<RuleContext, 'reader' | 'cwd' | 'home'>;

function readFile(path: string, context: FileContext | undefined): string | undefined {
  if (context?.reader === undefined) return undefined;
  const absolute = resolvePath(path, { cwd: context.cwd, home: context.home }, false).absolute;
  return absolute === undefined ? undefined : context.reader.read(absolute);
}

const clients: Readonly<Record<string, (command: SimpleCommand, context: FileContext | undefined) => HttpRequest>> = {
  curl: (command, context) => curlRequest(wordsOf(command), context),
  wget: (command) => wgetRequest(wordsOf(command)),
  wget2: (command) => wgetRequest(wordsOf(command)),
  http: (command) => httpieRequest(wordsOf(command), command.input !== undefined),
  https: (command) => httpieRequest(wordsOf(command), command.input !== undefined),
  xh: (command) => httpieRequest(wordsOf(command), command.input !== undefined),
  xhs: (command) => httpieRequest(wordsOf(command), command.input !== undefined),
  'invoke-restmethod': (command) => powershellRequest(wordsOf(command)),
  irm: (command) => powershellRequest(wordsOf(command)),
  'invoke-webrequest': (command) => powershellRequest(wordsOf(command)),
  iwr: (command) => powershellRequest(wordsOf(command)),
};

/** The request an HTTP client sends, or undefined for a program that is none (or asks only for help or a version). */
export function httpRequest(command: SimpleCommand, context?: FileContext): HttpRequest | undefined {
  const client = Object.hasOwn(clients, command.program) ? clients[command.program] : undefined;
  if (!client || command.args.some((arg) => arg === '--help' || arg === '--version')) return undefined;
  return client(command, context);
}

/** The remote hosts a request that changes something goes to (unknown ones as undefined); none for reads and local calls. */
export function changedHosts(request: HttpRequest): (string | undefined)[] {
  if (request.effect === 'read' || request.socket !== undefined) return [];
  return request.hosts.filter((host) => host === undefined || !isLocalHost(host));
}

const engineSocket = /(^|\/)(docker|podman|containerd|buildkitd)\.sock$/;

function check(command: SimpleCommand, context: RuleContext): Hit[] {
  const request = httpRequest(command, context);
  if (!request || request.effect === 'read') return [];
  if (request.socket !== undefined) return engineSocket.test(request.socket) ? [hit(engineApi)] : [];
  if (changedHosts(request).length === 0) return [];
  switch (request.effect) {
    case 'delete':
      return [hit(remoteDelete)];
    case 'mutation':
      return [hit(graphqlMutation)];
    default:
      return [hit(remoteWrite)];
  }
}

export const httpPack: RulePack = {
  name: 'http',
  title: 'HTTP requests',
  programs: Object.keys(clients),
  rules: [remoteDelete, remoteWrite, graphqlMutation, engineApi],
  check,
};
