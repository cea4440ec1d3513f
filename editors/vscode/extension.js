// The knot client: starts `knot lsp` over stdio for Python and Rust files. Everything else
// (checking, cross-file analysis, configuration, suppressions) happens in the server, so every
// editor gets the same behaviour.

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

function serverOptions() {
  const config = vscode.workspace.getConfiguration("knot");
  const command = config.get("path") || "knot";
  const args = ["lsp", ...config.get("args", [])];
  return { run: { command, args }, debug: { command, args } };
}

function clientOptions() {
  return {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "file", language: "rust" },
      { scheme: "untitled", language: "python" },
      { scheme: "untitled", language: "rust" },
    ],
    outputChannelName: "knot",
  };
}

async function start() {
  client = new LanguageClient("knot", "knot", serverOptions(), clientOptions());
  try {
    await client.start();
  } catch (err) {
    const path = vscode.workspace.getConfiguration("knot").get("path") || "knot";
    vscode.window.showErrorMessage(
      `knot: cannot start \`${path} lsp\` (${err}). Install knot or set "knot.path".`
    );
  }
}

async function restart() {
  if (client) {
    await client.stop().catch(() => undefined);
    client = undefined;
  }
  await start();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("knot.restart", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("knot.path") || event.affectsConfiguration("knot.args")) {
        restart();
      }
    })
  );
  await start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
