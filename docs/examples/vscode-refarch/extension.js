// A minimal VS Code extension that starts `refarch lsp` for the YAML files of a refarch model.
// The language server does the work; this only tells VS Code how to start it (docs/editors.md).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("refarch");
  const [command, ...args] = settings.get("command");
  const model = settings.get("model");
  client = new LanguageClient(
    "refarch",
    "refarch",
    { command, args, options: { cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath } },
    {
      documentSelector: [{ scheme: "file", language: "yaml", pattern: `**/${model}/**/*.{yaml,yml}` }],
      initializationOptions: { model },
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}") },
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
