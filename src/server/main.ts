// The language server: risky commands in the scripts agents run, shown where they are written, off the extension host.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ScriptChecker } from './scripts';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const checker = new ScriptChecker();

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, hoverProvider: true },
}));

/** Typing fires a change per key: check once the burst settles, each document on its own. */
const settleMs = 150;
const pending = new Map<string, NodeJS.Timeout>();

function schedule(document: TextDocument): void {
  clearTimeout(pending.get(document.uri));
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      void checker.diagnostics(document).then((diagnostics) => connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics }));
    }, settleMs),
  );
}

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
  return document ? checker.hover(document, params.position) : null;
});

documents.listen(connection);
connection.listen();
