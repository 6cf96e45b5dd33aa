// Secrets in what a person is shown or the log keeps: passwords in URLs, tokens and keys in options, assignments and
// headers, known token formats and private key blocks become `****`. Found in text, not parsed, so one function masks a
// command line, a simple command with its quotes removed, a tool call's JSON and a reason alike; the host stays in view.

/** A part of a text, in UTF-16 offsets as `String.slice` takes them. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** What a secret is shown as. */
export const secretMask = '****';

/** A text with its secrets masked, and where a part of the original text is in it. */
export interface Masked {
  readonly text: string;
  /** The secrets, in the original text: sorted, apart. */
  readonly secrets: readonly Span[];
  /** Where `span` of the original text is in the masked one; a part of a secret is the whole mask. */
  span(span: Span): Span;
}

// Last words of a name that say its value is a secret: `DB_PASSWORD`, `--api-token`, `clientSecret`, `X-Vault-Token`.
const secretWords = new Set(['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'pwd', 'pass', 'pat', 'credential', 'bearer', 'cookie']);
// Two last words that do: `AWS_SECRET_ACCESS_KEY`, `--api-key`, `STRIPE_SECRET_KEY`.
const secretPairs = new Set(['api key', 'access key', 'secret key', 'private key', 'signing key', 'encryption key', 'master key', 'account key', 'storage key', 'auth key', 'license key', 'shared key', 'session key', 'app key', 'client secret']);
// Whole names, run together, that carry passwords: keytool's and jarsigner's, openssl's, an npm registry's `_auth`.
const secretNames = new Set(['storepass', 'keypass', 'srcstorepass', 'deststorepass', 'srckeypass', 'destkeypass', 'passin', 'passout', '_auth', 'apikey', 'sig', 'signature', 'x-amz-signature', 'x-amz-security-token', 'access_token', 'client_secret']);
// Words run together at a name's end (`dbpassword`, `csrftoken`, `authtoken`).
const secretEndings = /(?:password|passwd|passphrase|secret|token|apikey)$/;
// First words of a flag that names no value: `--no-password`, `--prompt-password`, `--password-stdin` ends otherwise.
const flagWords = new Set(['no', 'prompt', 'ask', 'show', 'print', 'use', 'require', 'random', 'generate', 'reset', 'with', 'without', 'skip', 'allow']);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.:-]+/)
    .filter(Boolean);
}

/** Whether a variable's, option's, key's or header's name says its value is a secret. */
export function isSecretName(name: string): boolean {
  const bare = name.replace(/^-+/, '');
  const lower = bare.toLowerCase();
  // The working directory, not a password (`PWD=/srv`); `Pwd=` in a connection string is one.
  if (bare === 'PWD' || bare === 'OLDPWD') return false;
  if (secretNames.has(lower)) return true;
  const words = nameWords(bare);
  const last = words.at(-1);
  if (!last) return false;
  if (words.length > 1 && flagWords.has(words[0])) return false;
  if (secretWords.has(last)) return last !== 'pat' || words.length > 1;
  if (words.length > 1 && secretPairs.has(words.slice(-2).join(' '))) return true;
  return words.length === 1 && secretEndings.test(lower);
}

// Where a value that is not quoted ends: a space, a quote, an operator, a bracket, a JSON escape (`\"`, `\n`).
const valueEnd = /[\s'"`;&|()<>{}]|\\["n]/y;
// A comma ends a value only when another assignment follows (`--set a.password=x,b.user=y`).
const nextAssignment = /^,[\w.-]+=/;

/** The value starting at `at`: inside its quotes when quoted, else up to where a word ends. */
function valueAt(text: string, at: number): Span | undefined {
  const quote = text[at];
  if (quote === "'" || quote === '"') {
    let end = at + 1;
    while (end < text.length && text[end] !== quote && text[end] !== '\n') end += text[end] === '\\' && quote === '"' ? 2 : 1;
    return { start: at + 1, end: Math.min(end, text.length) };
  }
  let end = at;
  const ends = (index: number): boolean => {
    valueEnd.lastIndex = index;
    return valueEnd.test(text) || (text[index] === ',' && nextAssignment.test(text.slice(index, index + 64)));
  };
  while (end < text.length && !ends(end)) end++;
  return { start: at, end };
}

/** Whether a value is no secret itself: empty, already masked, or a variable or command the shell expands. */
function notSecret(text: string, value: Span, name: string): boolean {
  const shown = text.slice(value.start, value.end);
  if (shown === '' || shown === secretMask) return true;
  // openssl's `-passin env:VAR`, `file:path`, `stdin`: where the password is; its `pass:x` is masked on its own.
  if (/^(?:env|file|fd|pass):|^stdin$/.test(shown) && /^-?pass/.test(name.replace(/^-+/, ''))) return true;
  // `$VAR`, `${VAR}` and `$(…)` say where the secret comes from, which a person may want to read; in single quotes it is literal.
  if (shown.startsWith('$') && text[value.start - 1] !== "'") return true;
  const words = nameWords(name);
  // A key, or Docker's `--secret id=…,src=…`, is usually a file.
  const password = words.some((word) => word.startsWith('pass') || word === 'pwd');
  if (!password && /^(?:~?\/|\.\.?\/|@)/.test(shown)) return true;
  if (words.at(-1) === 'secret' && /^(?:id|src|source|env|type|target|mode|required)=/.test(shown)) return true;
  return false;
}

const pathEnd = /[\s/?#'"`<>\\]/;

/** `scheme://user:password@host`: the password; a userinfo with no password only when it reads as a token. */
function urlCredentials(text: string, found: Span[]): void {
  let covered = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    if (at < covered || !/[A-Za-z0-9+.-]/.test(text[at - 1] ?? '')) continue;
    const start = at + 3;
    let end = start;
    // Bounded: an authority longer than this is no URL a person reads.
    while (end < text.length && end - start < 2048 && !pathEnd.test(text[end])) end++;
    covered = end;
    let authority = text.slice(start, end);
    if (!authority.includes('@')) {
      // A password with a slash in it, not encoded (`postgres://app:ab/cd@db/shop`): the userinfo runs past the first slash.
      let wide = end;
      while (wide < text.length && wide - start < 2048 && !/[\s'"`<>\\]/.test(text[wide])) wide++;
      const run = text.slice(start, wide);
      const userinfo = /^[\w.~%+-]*:(?!\d*\/)[^@]*@(?=[\w[])/.exec(run);
      if (!userinfo) continue;
      authority = userinfo[0];
    }
    const userinfo = start + authority.lastIndexOf('@');
    if (userinfo < start) continue;
    const colon = start + authority.indexOf(':');
    if (colon >= start && colon < userinfo) {
      const password = { start: colon + 1, end: userinfo };
      if (password.end > password.start && !/^\$\{?\w+\}?$/.test(text.slice(password.start, password.end))) found.push(password);
    } else if (/^(?=[\w.~%-]*\d)(?=[\w.~%-]*[A-Za-z])[\w.~%-]{20,}$/.test(text.slice(start, userinfo))) {
      found.push({ start, end: userinfo });
    }
  }
}

// Tokens that say what they are: the prefix stays, the rest is masked.
const tokenFormats: readonly RegExp[] = [
  /\b(gh[pousr]_)[A-Za-z0-9]{10,}/g,
  /\b(github_pat_)[A-Za-z0-9_]{10,}/g,
  /\b((?:AKIA|ASIA))[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  /\b(xox[abposre]-)[A-Za-z0-9-]{6,}/g,
  /\b(xapp-)[A-Za-z0-9-]{10,}/g,
  /\b(glpat-)[A-Za-z0-9_-]{10,}/g,
  /\b(sk-(?:ant-|proj-|svcacct-|admin-)?)(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}/g,
  /\b((?:sk|rk|pk)_(?:live|test)_)[A-Za-z0-9]{10,}/g,
  /\b(whsec_)[A-Za-z0-9+/=]{10,}/g,
  /\b(AIza)[0-9A-Za-z_-]{35}/g,
  /\b(ya29\.)[0-9A-Za-z_-]{20,}/g,
  /\b(npm_)[A-Za-z0-9]{36}/g,
  /\b(hf_)[A-Za-z0-9]{30,}/g,
  /\b(dckr_pat_)[A-Za-z0-9_-]{20,}/g,
  /\b(pypi-)[A-Za-z0-9_-]{50,}/g,
  /\b(SG\.)[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g,
  // A JSON Web Token: header and claims, then the signature.
  /\b(eyJ)[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
  // Webhook URLs whose path is the credential.
  /(hooks\.slack\.com\/services\/)[A-Za-z0-9/]+/g,
  /(discord(?:app)?\.com\/api\/webhooks\/)[0-9]+\/[A-Za-z0-9_-]+/g,
];

function knownTokens(text: string, found: Span[]): void {
  for (const format of tokenFormats) {
    for (const match of text.matchAll(format)) found.push({ start: match.index + match[1].length, end: match.index + match[0].length });
  }
}

/** `-----BEGIN … PRIVATE KEY-----` to its end line, or to the quote or text that ends it when it has none. */
function privateKeys(text: string, found: Span[]): void {
  let covered = 0;
  let close = 0;
  for (const match of text.matchAll(/-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g)) {
    const start = match.index + match[0].length;
    if (match.index < covered) continue;
    // Searched again only past the last end line found; none found once is none for every later block.
    if (close >= 0 && close < start) close = text.indexOf('-----END ', start);
    let end = close;
    if (end < 0) {
      end = start;
      while (end < text.length && !`'"\``.includes(text[end])) end++;
    }
    if (end > start) found.push({ start, end });
    covered = end;
  }
}

// Headers whose whole value is a credential; Authorization keeps its scheme in view (`Bearer ****`).
const headerPattern = /(?<![\w./:-])([A-Za-z][\w-]*)[ \t]*:[ \t]*(?!\/\/)/g;
const authorizationSchemes = /^(?:Bearer|Basic|Token|Digest|Bot|OAuth|Negotiate|NTLM|ApiKey|Key|SSWS|AWS4-HMAC-SHA256|GoogleLogin|Splunk|Hawk)[ \t]+/i;

function headers(text: string, found: Span[]): void {
  let covered = 0;
  for (const match of text.matchAll(headerPattern)) {
    if (match.index < covered) continue;
    const name = match[1];
    const lower = name.toLowerCase();
    const authorization = lower === 'authorization' || lower === 'proxy-authorization';
    if (!authorization && lower !== 'cookie' && !isSecretName(name)) continue;
    let at = match.index + match[0].length;
    if (authorization) at += authorizationSchemes.exec(text.slice(at, at + 40))?.[0].length ?? 0;
    // Within quotes (`-H "Authorization: Bearer …"`) the value runs to the quote; bare, it is one word.
    const quote = text[match.index - 1];
    let end = at;
    if (quote === '"' || quote === "'") {
      while (end < text.length && text[end] !== quote && text[end] !== '\n') end++;
    } else {
      while (end < text.length && !/[\s'"`]/.test(text[end])) end++;
    }
    const value = { start: at, end };
    covered = end;
    if (!notSecret(text, value, name)) found.push(value);
  }
}

// `NAME=value`, `--name=value`, `-Dname=value`, `?name=value&`, `;Pwd=value;`: the name starts a word or follows a separator.
const assignmentPattern = /(?<![\w.$/-])(-{0,2})([A-Za-z_][\w.-]*)=(?!=)/g;

function assignments(text: string, found: Span[]): void {
  let covered = 0;
  for (const match of text.matchAll(assignmentPattern)) {
    if (match.index < covered) continue;
    const name = match[2];
    // `PWD=` is a secret only inside a connection string (`…;UID=sa;PWD=…`).
    if (!isSecretName(name) && !(name === 'PWD' && text[match.index - 1] === ';')) continue;
    const at = match.index + match[0].length;
    // `grep "API_KEY=" .`: the quote after `=` closes the one before the name, so there is no value.
    if ((text[at] === '"' || text[at] === "'") && text[match.index - 1] === text[at]) continue;
    // gcloud's `--secret=NAME` names the secret it reads.
    if (match[1] === '--' && name === 'secret' && /\bgcloud\b[^\n]*$/.test(text.slice(Math.max(0, match.index - 4096), match.index))) continue;
    const value = valueAt(text, at);
    if (!value) continue;
    covered = value.end;
    if (!notSecret(text, value, name)) found.push(value);
  }
}

/** `"password": "…"` in JSON, `'token': '…'` in a Python dict: the value inside its quotes. */
function quotedKeys(text: string, found: Span[]): void {
  let covered = 0;
  for (const match of text.matchAll(/(["'])([\w.-]+)\1[ \t]*:[ \t]*(["'])/g)) {
    const name = match[2];
    if (match.index < covered || (!isSecretName(name) && !/^(?:authorization|proxy-authorization|cookie)$/i.test(name))) continue;
    const value = valueAt(text, match.index + match[0].length - 1);
    if (!value) continue;
    covered = value.end;
    if (!notSecret(text, value, name)) found.push(value);
  }
}

/** SQL that sets a password: `PASSWORD 'x'`, `IDENTIFIED BY 'x'`; openssl's `pass:x`. */
function literals(text: string, found: Span[]): void {
  for (const pattern of [/\b(?:PASSWORD|IDENTIFIED\s+BY)\s+['"]/gi, /(?<![\w-])pass:/g]) {
    let covered = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index < covered) continue;
      const quoted = match[0].endsWith("'") || match[0].endsWith('"');
      const value = valueAt(text, match.index + match[0].length - (quoted ? 1 : 0));
      if (!value) continue;
      covered = value.end;
      if (value.end > value.start) found.push(value);
    }
  }
}

interface Word {
  /** The word without the quotes around it. */
  readonly bare: string;
  readonly start: number;
  readonly end: number;
  /** The simple command it is in, counted by the operators before it. */
  readonly segment: number;
}

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  let segment = 0;
  let last = 0;
  for (const match of text.matchAll(/[^\s;|&()`]+/g)) {
    if (/[;|&()`\n]/.test(text.slice(last, match.index))) segment++;
    last = match.index + match[0].length;
    const leading = /^['"]*/.exec(match[0])![0].length;
    const trailing = Math.min(match[0].length - leading, /['"]*$/.exec(match[0])![0].length);
    words.push({ bare: match[0].slice(leading, match[0].length - trailing), start: match.index + leading, end: last - trailing, segment });
  }
  return words;
}

type Short = 'attached' | 'either';

/** Programs whose one-letter options carry a password, and how: `mysql -psecret` (never `-p secret`: that prompts). */
const shortPasswords: readonly { readonly programs: RegExp; readonly option: string; readonly form: Short; readonly after?: string }[] = [
  { programs: /^(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mysqlpump|mysqlslap|mysqlbinlog|mysqlsh|mariadb|mariadb-\w+|mydumper|myloader)$/, option: '-p', form: 'attached' },
  { programs: /^(?:mongo|mongosh|mongodump|mongorestore|mongoexport|mongoimport|mongostat|mongotop|mongofiles)$/, option: '-p', form: 'either' },
  { programs: /^sshpass$/, option: '-p', form: 'either' },
  { programs: /^(?:redis-cli|keydb-cli|valkey-cli)$/, option: '-a', form: 'either' },
  { programs: /^(?:sqlcmd|bcp|osql)$/, option: '-P', form: 'either' },
  { programs: /^(?:ldapsearch|ldapadd|ldapmodify|ldapdelete|ldapwhoami|ldappasswd|ldapcompare|ldapmodrdn|ldapexop)$/, option: '-w', form: 'either' },
  { programs: /^(?:zip|unzip)$/, option: '-P', form: 'either' },
  { programs: /^(?:7z|7za|7zz|7zr|rar|unrar)$/, option: '-p', form: 'attached' },
  { programs: /^ssh-keygen$/, option: '-N', form: 'either' },
  { programs: /^ssh-keygen$/, option: '-P', form: 'either' },
  // `docker login -p`, `oc login -p`, `az login -p`, `cf login -p`, `helm registry login -p`: at login, -p is the password.
  { programs: /^login$/, option: '-p', form: 'either' },
];

const mysqlFamily = shortPasswords[0].programs;
// PostgreSQL's clients take `--password` (`-W`) as a switch that makes them prompt: the next word is no password.
const postgresFamily = /^(?:psql|pg_dump|pg_dumpall|pg_restore|pg_basebackup|pgbench|createdb|dropdb|createuser|dropuser|vacuumdb|reindexdb|clusterdb)$/;
// `user:password` after curl's and HTTPie's user options; `user%password` after Samba's.
const pairOptions: readonly { readonly programs: RegExp; readonly options: RegExp; readonly separator: string }[] = [
  { programs: /^curl$/, options: /^(?:-u|--user|-U|--proxy-user)$/, separator: ':' },
  { programs: /^(?:http|https|xh|xhs)$/, options: /^(?:-a|--auth)$/, separator: ':' },
  { programs: /^(?:smbclient|rpcclient|smbcacls|net)$/, options: /^(?:-U|--user)$/, separator: '%' },
];
const oracleTools = /^(?:sqlplus|sqlldr|rman|expdp|impdp|exp|imp|dgmgrl)$/;
const configTools = /^config(?:ure)?$/;
const gcloud = /^gcloud$/;
const gh = /^gh$/;
const secretVerb = /^secret$/;
const programPatterns: readonly RegExp[] = [...shortPasswords.map((short) => short.programs), ...pairOptions.map((pair) => pair.programs), postgresFamily, oracleTools, configTools, gcloud, gh, secretVerb];

/** The programs of a simple command so far, as the patterns above they match: one test per word, however long the command. */
class Programs {
  private readonly matched = new Set<RegExp>();

  add(program: string): void {
    for (const pattern of programPatterns) if (pattern.test(program)) this.matched.add(pattern);
  }

  has(pattern: RegExp): boolean {
    return this.matched.has(pattern);
  }
}

/** `gh secret set NAME --body VALUE`: an option that carries a secret only for this program. */
function namedSecret(programs: Programs, option: string): boolean {
  return (option === 'body' || option === 'b') && programs.has(gh) && programs.has(secretVerb);
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The next word as a value: its quoted part when it opens a quote, nothing when it is another option. */
function nextValue(text: string, words: readonly Word[], index: number): Span | undefined {
  const next = words[index + 1];
  if (!next || next.segment !== words[index].segment || next.bare.startsWith('-')) return undefined;
  const quote = text[next.start - 1];
  if (quote === '"' || quote === "'") return valueAt(text, next.start - 1);
  return { start: next.start, end: next.end };
}

/** Options whose value is a separate word (`--token abc`), and the one-letter password options of the programs above. */
function options(text: string, found: Span[]): void {
  const words = wordsOf(text);
  // The programs of the simple command so far: words that are no option's value (`docker run --name mysql` names a container).
  let programs = new Programs();
  let oracleLogin = false;
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    const first = index === 0 || words[index - 1].segment !== word.segment;
    if (first) {
      programs = new Programs();
      oracleLogin = false;
    }
    const bare = word.bare;
    if (!bare.startsWith('-')) {
      // `sqlplus scott/tiger@orcl`, `rman target sys/pw@db`: the password between the slash and the service.
      const login = /^[\w$#]+\/([^@\s/'"]+)(@?)/.exec(bare);
      if (login && programs.has(oracleTools) && (login[2] || !oracleLogin)) {
        const end = word.start + login[0].length - login[2].length;
        found.push({ start: end - login[1].length, end });
        oracleLogin = true;
      }
      // `aws configure set aws_secret_access_key VALUE`, `npm config set _authToken VALUE`.
      if (!first && /^(?:set|set-value)$/.test(words[index - 1].bare) && programs.has(configTools) && isSecretName(bare)) {
        const value = nextValue(text, words, index);
        if (value && !notSecret(text, value, bare)) found.push(value);
      }
      const before = first ? '--' : words[index - 1].bare;
      if (!before.startsWith('-') || before === '--') programs.add(basename(bare));
      continue;
    }
    const long = /^(-{1,2})([A-Za-z][\w-]*)$/.exec(bare);
    if (long && (((long[1] === '--' || long[2].length > 2) && isSecretName(long[2])) || namedSecret(programs, long[2]))) {
      // mysql's and PostgreSQL's `--password` take no separate value (the next word is the database); gcloud's `--secret` names one.
      const skip = ((programs.has(mysqlFamily) || programs.has(postgresFamily)) && /^pass(?:word)?$/.test(long[2])) || (long[2] === 'secret' && programs.has(gcloud));
      const value = skip ? undefined : nextValue(text, words, index);
      if (value && !notSecret(text, value, long[2])) found.push(value);
      continue;
    }
    for (const short of shortPasswords) {
      if (!bare.startsWith(short.option) || bare.startsWith('--') || !programs.has(short.programs)) continue;
      const attached = bare.slice(short.option.length);
      if (attached) {
        found.push({ start: word.start + short.option.length, end: word.end });
      } else if (short.form === 'either') {
        const value = nextValue(text, words, index);
        if (value && value.end > value.start) found.push(value);
      }
    }
    for (const pair of pairOptions) {
      if (!programs.has(pair.programs)) continue;
      const split = /^(-[A-Za-z]|--[\w-]+)=?(.*)$/.exec(bare);
      if (!split || !pair.options.test(split[1])) continue;
      const value = split[2] ? { start: word.start + bare.length - split[2].length, end: word.end } : nextValue(text, words, index);
      if (!value) continue;
      const separator = text.slice(value.start, value.end).indexOf(pair.separator);
      if (separator >= 0 && value.start + separator + 1 < value.end) found.push({ start: value.start + separator + 1, end: value.end });
    }
  }
}

// Something every finder above needs: a secret-sounding word, a program with password options, `@` for a URL's
// userinfo, a token's prefix. Most text has none, and is through in one scan (the log masks every entry it appends).
const secretHint =
  /pass|pwd|secret|token|key|pat(?![a-z])|credential|bearer|cookie|auth|sig|identified|@|mysql|maria|mydumper|myloader|mongo|redis|valkey|sqlcmd|bcp|osql|ldap|zip|7z|rar|login|curl|http|xh|smb|rpcclient|\bnet\b|sqlplus|sqlldr|rman|expdp|impdp|dgmgrl|\bexp\b|\bimp\b|gh[pousr]_|A[KS]IA|xox|xapp-|glpat-|sk[-_]|[rp]k_|whsec_|AIza|ya29\.|npm_|hf_|dckr_|pypi-|SG\.|eyJ|hooks\.slack|discord/i;

/** False when `text` surely holds no secret: one scan, for callers that mask many texts at once. */
export function mayHoldSecret(text: string): boolean {
  return secretHint.test(text);
}

/**
 * Compiles the quick look now: V8 compiles a regular expression at its first use and again, to machine code, at its
 * second, most of a millisecond for this one; a caller that masks under a lock held for milliseconds calls this first.
 */
export function prepareMasking(): void {
  for (let run = 0; run < 2; run++) mayHoldSecret('');
}

/** The secrets in `text`, sorted and apart (overlapping finds joined). */
export function secretSpans(text: string): Span[] {
  if (!mayHoldSecret(text)) return [];
  const found: Span[] = [];
  privateKeys(text, found);
  urlCredentials(text, found);
  knownTokens(text, found);
  headers(text, found);
  assignments(text, found);
  quotedKeys(text, found);
  literals(text, found);
  options(text, found);
  const sorted = found.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const joined: { start: number; end: number }[] = [];
  for (const span of sorted) {
    const last = joined.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else joined.push({ ...span });
  }
  return joined;
}

/** `text` with its secrets masked, and the map from its offsets to the masked text's. */
export function masking(text: string): Masked {
  const secrets = secretSpans(text);
  if (secrets.length === 0) return { text, secrets, span: (span) => span };
  let masked = '';
  let at = 0;
  for (const secret of secrets) {
    masked += text.slice(at, secret.start) + secretMask;
    at = secret.end;
  }
  masked += text.slice(at);
  const offset = (position: number, side: 'start' | 'end'): number => {
    let shift = 0;
    for (const secret of secrets) {
      if (position <= secret.start) break;
      if (position < secret.end) return secret.start + shift + (side === 'start' ? 0 : secretMask.length);
      shift += secretMask.length - (secret.end - secret.start);
    }
    return position + shift;
  };
  return { text: masked, secrets, span: (span) => ({ start: offset(span.start, 'start'), end: Math.max(offset(span.start, 'start'), offset(span.end, 'end')) }) };
}

/** `text` with every secret in it shown as `****`: `postgres://app:****@prod-db/shop`, `--password=****`, `ghp_****`. */
export function maskSecrets(text: string): string {
  return masking(text).text;
}
