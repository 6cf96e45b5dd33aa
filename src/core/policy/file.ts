// The team's policy file (`.vscode/four-eyes.json`, JSONC): its shape, and a parser that keeps every value's place in the text.
import type { Node, ParseError } from 'jsonc-parser';
import { requirements, type Requirement } from '../model/assessment';
import { levels, type Level } from '../model/levels';
import { rulesById } from '../rules/packs';
import type { MarkerKind } from '../rules/production';

/** The file's names for production marker kinds, and the target kind each names. */
export const productionKinds = {
  kubeContexts: 'kube-context',
  terraformWorkspaces: 'terraform-workspace',
  awsProfiles: 'aws-profile',
  gcpProjects: 'gcp-project',
  azureSubscriptions: 'azure-subscription',
  azureResourceGroups: 'azure-resource-group',
  pulumiStacks: 'pulumi-stack',
  databaseHosts: 'database-host',
  dockerContexts: 'docker-context',
  apps: 'app',
  apiHosts: 'api-host',
  sshHosts: 'ssh-host',
  gitBranches: 'git-branch',
  awsAccounts: 'aws-account',
  kubeClusters: 'kube-cluster',
} as const satisfies Record<string, MarkerKind>;

export type ProductionKey = keyof typeof productionKinds;

/** Keys the file may have at the top level. */
export const policyKeys = ['$schema', 'version', 'rules', 'production', 'protectedPaths', 'credentials', 'autorunPaths', 'approval', 'approvers'] as const;

const ruleKeys = ['id', 'match', 'level', 'reason', 'saferAlternative'];
const matchKeys = ['program', 'subcommand', 'args', 'commandLine', 'server', 'tool'];
const approvalKeys = [...levels, 'productionCritical', 'timeoutSeconds', 'humans'];

export type Humans = 'log' | 'approve';

/** What a custom rule looks at; every field given must match. */
export interface RuleMatch {
  /** Glob on the program name (`psql`, `terraform*`). */
  readonly program?: string;
  /** Glob on the first operands, as many as the glob has words (`workspace delete`). */
  readonly subcommand?: string;
  /** Globs on the arguments joined by spaces; any one matching is enough. `*` crosses `/` here. */
  readonly args?: readonly string[];
  /** Glob on the whole simple command, program and arguments joined by spaces. */
  readonly commandLine?: string;
  /** Glob on an MCP server's name, as the agent's configuration names it: the rule then matches that server's tool calls, not commands. */
  readonly server?: string;
  /** Glob on an MCP tool's name (`execute_sql`, `*delete*`): the rule matches tool calls, not commands. */
  readonly tool?: string;
}

export interface PolicyRule {
  readonly id: string;
  /** Absent: the rule changes the level of the built-in rule with this id. */
  readonly match?: RuleMatch;
  readonly level: Level;
  readonly reason?: string;
  readonly saferAlternative?: string;
}

export interface ApprovalSettings extends Partial<Record<Level, Requirement>> {
  /** What a critical command on production needs. */
  readonly productionCritical?: Requirement;
  readonly timeoutSeconds?: number;
  readonly humans?: Humans;
}

export interface Approver {
  readonly name: string;
  /** `ed25519:` and the 32-byte key in base64. */
  readonly publicKey: string;
}

export interface TextRange {
  readonly offset: number;
  readonly length: number;
}

/**
 * A policy as one layer states it. Markers and protected paths starting with `!` remove what a lower layer
 * named (a loosening, honoured only from a trusted layer).
 */
export interface PolicyFile {
  readonly version?: number;
  readonly rules: readonly PolicyRule[];
  readonly production: Partial<Record<MarkerKind, readonly string[]>>;
  readonly protectedPaths: readonly string[];
  /** Credential files and folders agents in the sandbox may not read (`~/` for the home folder), beyond the built-in stores. */
  readonly credentials: readonly string[];
  /** Files and folders whose contents run by themselves later (`~/` for the home folder), beyond the built-in ones: writing code there is planting it. */
  readonly autorunPaths?: readonly string[];
  readonly approval: ApprovalSettings;
  readonly approvers: readonly Approver[];
  /** Where each value is in the text, by `policyLocation` keys; empty for policies not read from a file. */
  readonly locations: ReadonlyMap<string, TextRange>;
}

export type PolicyProblemKind = 'syntax' | 'type' | 'unknown-key' | 'glob' | 'duplicate-id' | 'approver-key' | 'marker-kind' | 'value';

export interface PolicyProblem extends TextRange {
  readonly kind: PolicyProblemKind;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface ParsedPolicy {
  readonly policy: PolicyFile;
  readonly problems: readonly PolicyProblem[];
}

/** Keys of `PolicyFile.locations`, written in one place so parser and layering agree. */
export const policyLocation = {
  rule: (index: number): string => `rules[${index}]`,
  ruleLevel: (index: number): string => `rules[${index}].level`,
  marker: (kind: MarkerKind, pattern: string): string => `production.${kind}:${pattern}`,
  protectedPath: (pattern: string): string => `protectedPaths:${pattern}`,
  credential: (pattern: string): string => `credentials:${pattern}`,
  autorunPath: (pattern: string): string => `autorunPaths:${pattern}`,
  approval: (key: string): string => `approval.${key}`,
  approver: (index: number): string => `approvers[${index}]`,
};

export const emptyPolicyFile: PolicyFile = { rules: [], production: {}, protectedPaths: [], credentials: [], approval: {}, approvers: [], locations: new Map() };

/** An approver's public key as the policy writes it: `ed25519:` and the raw 32 bytes in base64. */
export const approverKey = /^ed25519:[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** Why a glob is unusable, or undefined when it is fine. minimatch accepts almost anything, so the usual mistakes are checked here. */
export function globProblem(pattern: string): string | undefined {
  if (pattern === '') return 'an empty glob matches nothing';
  let brackets = false;
  let braces = 0;
  let parens = 0;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      index++;
      continue;
    }
    if (brackets) {
      if (char === ']' && pattern[index - 1] !== '[' && pattern.slice(index - 2, index) !== '[!' && pattern.slice(index - 2, index) !== '[^') brackets = false;
      else if (pattern[index + 1] === '-' && pattern[index + 2] !== undefined && pattern[index + 2] !== ']' && pattern[index + 2] < char) {
        return `the range ${char}-${pattern[index + 2]} is backwards, so the glob matches nothing`;
      }
      continue;
    }
    if (char === '[') brackets = true;
    else if (char === '{') braces++;
    else if (char === '}') braces = Math.max(0, braces - 1);
    else if (char === '(' && index > 0 && '*?+@!'.includes(pattern[index - 1])) parens++;
    else if (char === ')' && parens > 0) parens--;
  }
  if (brackets) return 'a [ is never closed';
  if (braces > 0) return 'a { is never closed';
  if (parens > 0) return 'a ( is never closed';
  // minimatch's one refusal of a string; checked here so a hook reading the policy never loads minimatch for it.
  if (pattern.length > 64 * 1024) return 'the glob is longer than 65536 characters';
  return undefined;
}

class Reader {
  readonly problems: PolicyProblem[] = [];
  readonly locations = new Map<string, TextRange>();

  report(node: TextRange, kind: PolicyProblemKind, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.problems.push({ offset: node.offset, length: node.length, kind, severity, message });
  }

  place(key: string, node: Node): void {
    this.locations.set(key, { offset: node.offset, length: node.length });
  }

  /** The object's properties by name; reports unknown keys, and the node when it is not an object. */
  object(node: Node, what: string, known: readonly string[]): Map<string, Node> | undefined {
    if (node.type !== 'object') {
      this.report(node, 'type', `${what} must be an object`);
      return undefined;
    }
    const properties = new Map<string, Node>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value) continue;
      const name = String(key.value);
      if (!known.includes(name)) this.report(key, 'unknown-key', `unknown key "${name}" in ${what} (expected ${known.join(', ')})`);
      else properties.set(name, value);
    }
    return properties;
  }

  string(node: Node, what: string): string | undefined {
    if (node.type === 'string') return node.value as string;
    this.report(node, 'type', `${what} must be a string`);
    return undefined;
  }

  glob(node: Node, what: string): string | undefined {
    const pattern = this.string(node, what);
    if (pattern === undefined) return undefined;
    const problem = globProblem(pattern.startsWith('!') ? pattern.slice(1) : pattern);
    if (problem === undefined) return pattern;
    this.report(node, 'glob', `invalid glob ${JSON.stringify(pattern)} in ${what}: ${problem}`);
    return undefined;
  }

  globs(node: Node, what: string, oneAllowed = false): string[] | undefined {
    if (oneAllowed && node.type === 'string') {
      const pattern = this.glob(node, what);
      return pattern === undefined ? undefined : [pattern];
    }
    if (node.type !== 'array') {
      this.report(node, 'type', `${what} must be ${oneAllowed ? 'a glob or ' : ''}an array of globs`);
      return undefined;
    }
    const patterns = (node.children ?? []).map((child) => this.glob(child, what));
    // In a rule one bad glob spoils the whole list; elsewhere the good ones still apply.
    if (oneAllowed && patterns.includes(undefined)) return undefined;
    return patterns.filter((pattern) => pattern !== undefined);
  }

  oneOf<T extends string>(node: Node, what: string, allowed: readonly T[]): T | undefined {
    if (node.type === 'string' && allowed.includes(node.value as T)) return node.value as T;
    this.report(node, node.type === 'string' ? 'value' : 'type', `${what} must be one of ${allowed.join(', ')}`);
    return undefined;
  }
}

function readRule(reader: Reader, node: Node, index: number, seen: Map<string, Node>): PolicyRule | undefined {
  const properties = reader.object(node, 'a rule', ruleKeys);
  if (!properties) return undefined;
  const idNode = properties.get('id');
  const levelNode = properties.get('level');
  const id = idNode && reader.string(idNode, 'a rule id');
  const level = levelNode && reader.oneOf(levelNode, 'a rule level', levels);
  if (!idNode) reader.report({ offset: node.offset, length: 1 }, 'value', 'a rule needs an "id"');
  if (!levelNode) reader.report({ offset: node.offset, length: 1 }, 'value', 'a rule needs a "level"');
  if (id !== undefined && idNode) {
    if (!/^[A-Za-z0-9][\w.-]*$/.test(id)) reader.report(idNode, 'value', `rule id ${JSON.stringify(id)}: use letters, digits, dots, dashes and underscores`);
    if (seen.has(id)) reader.report(idNode, 'duplicate-id', `duplicate rule id "${id}"`);
    else seen.set(id, idNode);
  }
  const matchNode = properties.get('match');
  let match: RuleMatch | undefined;
  if (matchNode) {
    const fields = reader.object(matchNode, 'a rule match', matchKeys);
    if (fields) {
      const program = fields.get('program');
      const subcommand = fields.get('subcommand');
      const args = fields.get('args');
      const commandLine = fields.get('commandLine');
      const server = fields.get('server');
      const tool = fields.get('tool');
      if ((server || tool) && (program || subcommand || args || commandLine)) reader.report(matchNode, 'value', 'a match names either a command (program, subcommand, args, commandLine) or an MCP tool (server, tool), not both');
      match = {
        ...(program ? { program: reader.glob(program, 'match.program') } : {}),
        ...(subcommand ? { subcommand: reader.glob(subcommand, 'match.subcommand') } : {}),
        ...(args ? { args: reader.globs(args, 'match.args', true) } : {}),
        ...(commandLine ? { commandLine: reader.glob(commandLine, 'match.commandLine') } : {}),
        ...(server ? { server: reader.glob(server, 'match.server') } : {}),
        ...(tool ? { tool: reader.glob(tool, 'match.tool') } : {}),
      };
      if (fields.size === 0) reader.report(matchNode, 'value', 'an empty match would match every command');
    }
  } else if (id !== undefined && !rulesById.has(id)) {
    reader.report(idNode ?? node, 'value', `rule "${id}" needs a "match": only a built-in rule's id may go without one`);
  }
  const reasonNode = properties.get('reason');
  const saferNode = properties.get('saferAlternative');
  const reason = reasonNode && reader.string(reasonNode, 'a rule reason');
  const saferAlternative = saferNode && reader.string(saferNode, 'a rule saferAlternative');
  if (id === undefined || level === undefined) return undefined;
  // A match with an unusable glob is dropped whole: half a match would match more than meant.
  if (match && Object.values(match).some((value) => value === undefined)) return undefined;
  reader.place(policyLocation.rule(index), node);
  if (levelNode) reader.place(policyLocation.ruleLevel(index), levelNode);
  return { id, level, ...(match ? { match } : {}), ...(reason !== undefined ? { reason } : {}), ...(saferAlternative !== undefined ? { saferAlternative } : {}) };
}

function readProduction(reader: Reader, node: Node): Partial<Record<MarkerKind, readonly string[]>> {
  if (node.type !== 'object') {
    reader.report(node, 'type', '"production" must be an object');
    return {};
  }
  const production: Partial<Record<MarkerKind, readonly string[]>> = {};
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    const name = String(key.value);
    if (!Object.hasOwn(productionKinds, name)) {
      reader.report(key, 'marker-kind', `unknown production marker kind "${name}" (expected ${Object.keys(productionKinds).join(', ')})`);
      continue;
    }
    const kind = productionKinds[name as ProductionKey];
    const patterns = reader.globs(value, `production.${name}`);
    if (!patterns) continue;
    production[kind] = patterns;
    for (const child of value.children ?? []) if (child.type === 'string') reader.place(policyLocation.marker(kind, child.value as string), child);
  }
  return production;
}

function readApproval(reader: Reader, node: Node): ApprovalSettings {
  const properties = reader.object(node, '"approval"', approvalKeys);
  if (!properties) return {};
  const approval: Record<string, unknown> = {};
  for (const [key, value] of properties) {
    reader.place(policyLocation.approval(key), value);
    if (key === 'timeoutSeconds') {
      if (value.type !== 'number' || !Number.isFinite(value.value) || (value.value as number) <= 0) reader.report(value, 'type', 'approval.timeoutSeconds must be a positive number');
      else approval[key] = value.value;
    } else if (key === 'humans') {
      approval[key] = reader.oneOf<Humans>(value, 'approval.humans', ['log', 'approve']);
    } else {
      approval[key] = reader.oneOf(value, `approval.${key}`, requirements);
    }
  }
  return Object.fromEntries(Object.entries(approval).filter((entry) => entry[1] !== undefined));
}

function readApprovers(reader: Reader, node: Node): Approver[] {
  if (node.type !== 'array') {
    reader.report(node, 'type', '"approvers" must be an array');
    return [];
  }
  const approvers: Approver[] = [];
  for (const child of node.children ?? []) {
    const properties = reader.object(child, 'an approver', ['name', 'publicKey']);
    if (!properties) continue;
    const nameNode = properties.get('name');
    const keyNode = properties.get('publicKey');
    const name = nameNode && reader.string(nameNode, 'an approver name');
    const publicKey = keyNode && reader.string(keyNode, 'an approver publicKey');
    if (!nameNode || !keyNode) reader.report({ offset: child.offset, length: 1 }, 'value', 'an approver needs a "name" and a "publicKey"');
    if (publicKey !== undefined && keyNode && !approverKey.test(publicKey)) {
      reader.report(keyNode, 'approver-key', 'malformed approver key: expected "ed25519:" and a 32-byte key in base64 (44 characters)');
      continue;
    }
    if (name === undefined || publicKey === undefined) continue;
    reader.place(policyLocation.approver(approvers.length), child);
    approvers.push({ name, publicKey });
  }
  return approvers;
}

/** A JSON value in the shape of the position-keeping parser's tree, every position 0. */
function plainTree(value: unknown, parent?: Node): Node {
  const node: { -readonly [K in keyof Node]: Node[K] } = { type: 'null', offset: 0, length: 0, ...(parent ? { parent } : {}) };
  if (Array.isArray(value)) {
    node.type = 'array';
    node.children = value.map((item) => plainTree(item, node));
  } else if (typeof value === 'object' && value !== null) {
    node.type = 'object';
    node.children = Object.entries(value).map(([key, item]) => {
      const property: { -readonly [K in keyof Node]: Node[K] } = { type: 'property', offset: 0, length: 0, parent: node };
      property.children = [plainTree(key, property), plainTree(item, property)];
      return property;
    });
  } else if (value !== null) {
    node.type = typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean';
    node.value = value;
  }
  return node;
}

/**
 * Read a policy file. Whatever is malformed is left out of the policy and reported; the rest still applies. With
 * `positions: false` a plain JSON file with no problems is read without the position-keeping parser (a hook's case);
 * any problem reads it again with positions, so every report has its place.
 */
export function parsePolicyFile(text: string, options: { readonly positions?: boolean } = {}): ParsedPolicy {
  const reader = new Reader();
  if (text.trim() === '') {
    reader.report({ offset: 0, length: 0 }, 'syntax', 'the policy file is empty: it needs at least {}');
    return { policy: emptyPolicyFile, problems: reader.problems };
  }
  if (options.positions === false) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const quick = value === undefined ? undefined : readPolicy(reader, plainTree(value));
    if (quick && quick.problems.length === 0) return quick;
    return parsePolicyFile(text);
  }
  // Required here: a hook in a folder with no policy file never loads the parser.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseTree, printParseErrorCode } = require('jsonc-parser') as typeof import('jsonc-parser');
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const error of errors) reader.report(error, 'syntax', `syntax error: ${printParseErrorCode(error.error)}`);
  if (!root) {
    return { policy: emptyPolicyFile, problems: reader.problems };
  }
  return readPolicy(reader, root);
}

function readPolicy(reader: Reader, root: Node): ParsedPolicy {
  const properties = reader.object(root, 'the policy', policyKeys);
  if (!properties) return { policy: emptyPolicyFile, problems: reader.problems };
  let version: number | undefined;
  const versionNode = properties.get('version');
  if (versionNode) {
    if (versionNode.value === 1) version = 1;
    else reader.report(versionNode, versionNode.type === 'number' ? 'value' : 'type', '"version" must be 1');
  }
  const schema = properties.get('$schema');
  if (schema) reader.string(schema, '"$schema"');
  const rulesNode = properties.get('rules');
  const rules: PolicyRule[] = [];
  if (rulesNode && rulesNode.type !== 'array') reader.report(rulesNode, 'type', '"rules" must be an array');
  else if (rulesNode) {
    const seen = new Map<string, Node>();
    for (const child of rulesNode.children ?? []) {
      const found = readRule(reader, child, rules.length, seen);
      if (found) rules.push(found);
    }
  }
  const productionNode = properties.get('production');
  const pathsNode = properties.get('protectedPaths');
  const protectedPaths = pathsNode ? (reader.globs(pathsNode, '"protectedPaths"') ?? []) : [];
  for (const child of pathsNode?.children ?? []) if (child.type === 'string') reader.place(policyLocation.protectedPath(child.value as string), child);
  const credentialsNode = properties.get('credentials');
  const credentials = credentialsNode ? (reader.globs(credentialsNode, '"credentials"') ?? []) : [];
  for (const child of credentialsNode?.children ?? []) if (child.type === 'string') reader.place(policyLocation.credential(child.value as string), child);
  const autorunNode = properties.get('autorunPaths');
  const autorunPaths = autorunNode ? (reader.globs(autorunNode, '"autorunPaths"') ?? []) : [];
  for (const child of autorunNode?.children ?? []) if (child.type === 'string') reader.place(policyLocation.autorunPath(child.value as string), child);
  const approvalNode = properties.get('approval');
  const approversNode = properties.get('approvers');
  const policy: PolicyFile = {
    ...(version !== undefined ? { version } : {}),
    rules,
    production: productionNode ? readProduction(reader, productionNode) : {},
    protectedPaths,
    credentials,
    ...(autorunPaths.length ? { autorunPaths } : {}),
    approval: approvalNode ? readApproval(reader, approvalNode) : {},
    approvers: approversNode ? readApprovers(reader, approversNode) : [],
    locations: reader.locations,
  };
  return { policy, problems: reader.problems.sort((a, b) => a.offset - b.offset) };
}

/** Line and column (both from 1) of an offset, for `file:line:col` messages. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    start = index + 1;
  }
  return { line, column: offset - start + 1 };
}
