// The language server: risky commands in the scripts agents run, and the team's policy file, shown where they are written, off the extension host.
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadPolicy, type LoadedPolicy, type PolicySources } from '../core/policy/sources';
import { policyNotification, type PolicyParams } from '../protocol/language';
import { isPolicyDocument, policyCompletions, policyDiagnostics, policyHover, withLiveWorkspace } from './policy';
import { ScriptChecker } from './scripts';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const checker = new ScriptChecker();
/** The layers as the extension last sent them; only the built-in policy until then. */
let sources: PolicySources = { user: {} };

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['"'] },
  },
}));

/** The policy file as it is being edited: its live text is the workspace layer, over the other layers as sent. */
function loadedFor(document: TextDocument): LoadedPolicy {
  const file = document.uri.startsWith('file:') ? fileURLToPath(document.uri) : document.uri;
  return loadPolicy(withLiveWorkspace(sources, file, document.getText()));
}

function diagnose(document: TextDocument): Promise<Diagnostic[]> {
  return isPolicyDocument(document.uri) ? Promise.resolve(policyDiagnostics(document, loadedFor(document))) : checker.diagnostics(document);
}

/** Typing fires a change per key: check once the burst settles, each document on its own. */
const settleMs = 150;
const pending = new Map<string, NodeJS.Timeout>();

function schedule(document: TextDocument): void {
  clearTimeout(pending.get(document.uri));
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      void diagnose(document).then((diagnostics) => connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics }));
    }, settleMs),
  );
}

connection.onNotification(policyNotification, (params: PolicyParams) => {
  sources = params;
  // Merged once per change: every script check shares it, and the broker merges the same sources the same way.
  checker.usePolicy(loadPolicy(sources).policy);
  for (const document of documents.all()) schedule(document);
});

documents.onDidOpen((event) => schedule(event.document));
documents.onDidChangeContent((event) => schedule(event.document));
documents.onDidClose((event) => {
  clearTimeout(pending.get(event.document.uri));
  pending.delete(event.document.uri);
  checker.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});
connection.onHover((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  return isPolicyDocument(document.uri) ? policyHover(document, params.position, loadedFor(document), (ruleId) => checker.matches(ruleId)) : checker.hover(document, params.position);
});
connection.onCompletion((params) => {
  const document = documents.get(params.textDocument.uri);
  return document && isPolicyDocument(document.uri) ? policyCompletions(document, params.position) : [];
});

documents.listen(connection);
connection.listen();
