// The foil extension: starts `foil lsp` and hands it FOI responses. Everything a
// person sees (findings, hovers, inlay hints, quick fixes, outline, lens) comes
// from the server; the commands below only forward to it.

import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  ExecuteCommandRequest,
  LanguageClient,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { binaryName, explainMissing, findServer, type Lookup } from "./serverPath";

const CLIENT_ID = "foil"; // also the prefix of `foil.trace.server`
const EXPORT_DATASET = "foil.exportDataset";
const VERIFY_ALL = "foil.verifyAll";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let tomlWatcher: vscode.FileSystemWatcher | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("foil", { log: true });
  context.subscriptions.push(
    output,
    // IDs differ from the server's own command names: the language client
    // registers those itself when the server advertises them.
    vscode.commands.registerCommand("foil.editor.restartServer", () => restart(context)),
    vscode.commands.registerCommand("foil.editor.exportDataset", exportDataset),
    vscode.commands.registerCommand("foil.editor.verifyAll", verifyAll),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("foil.server.path")) {
        void restart(context);
      }
    }),
  );

  // Adding or removing a foil.toml changes which markdown files foil reads,
  // so the document selector is rebuilt.
  tomlWatcher = vscode.workspace.createFileSystemWatcher("**/foil.toml");
  context.subscriptions.push(
    tomlWatcher,
    tomlWatcher.onDidCreate(() => restart(context)),
    tomlWatcher.onDidDelete(() => restart(context)),
  );

  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

function workspaceFoldersWithToml(): vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter(
    (folder) => folder.uri.scheme === "file" && fs.existsSync(vscode.Uri.joinPath(folder.uri, "foil.toml").fsPath),
  );
}

function documentSelector(foilWorkspaces: vscode.WorkspaceFolder[]): DocumentSelector {
  const selector: DocumentSelector = [
    { language: "foi", scheme: "file" },
    { language: "foi", scheme: "untitled" },
    // Every plain text file: FOI responses arrive as plain .txt, and the server
    // answers only for text that reads as one (nothing at all for the rest).
    { language: "plaintext", scheme: "file" },
    { language: "plaintext", scheme: "untitled" },
  ];
  for (const folder of foilWorkspaces) {
    // A glob on the absolute path: the one pattern form that both the language
    // client's types and vscode.languages.match take as they are.
    const inFolder = `${folder.uri.fsPath.replace(/\\/g, "/")}/**/*`;
    selector.push({ language: "markdown", scheme: "file", pattern: inFolder });
  }
  return selector;
}

function serverSettings(): { schema?: string; severity: Record<string, string> } {
  const config = vscode.workspace.getConfiguration("foil");
  const schema = config.get<string>("schema", "").trim();
  return {
    ...(schema === "" ? {} : { schema }),
    severity: config.get<Record<string, string>>("severity", {}),
  };
}

function lookup(context: vscode.ExtensionContext): Lookup {
  return {
    setting: vscode.workspace.getConfiguration("foil").get<string>("server.path", ""),
    env: process.env,
    extensionPath: context.extensionPath,
    platform: process.platform,
    isExecutable(file: string): boolean {
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
      } catch {
        return false;
      }
    },
  };
}

/** A bundled binary whose executable bit the package lost is made executable again. */
function ensureBundledExecutable(extensionPath: string): void {
  const bundled = path.join(extensionPath, "server", binaryName(process.platform));
  try {
    fs.accessSync(bundled, fs.constants.X_OK);
  } catch {
    try {
      if (fs.statSync(bundled).isFile()) {
        fs.chmodSync(bundled, 0o755);
      }
    } catch {
      // No bundled binary (a package without one): the lookup goes on to PATH.
    }
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  ensureBundledExecutable(context.extensionPath);
  const where = lookup(context);
  const found = findServer(where);
  if (!found) {
    const choice = await vscode.window.showErrorMessage(`foil: ${explainMissing(where)}`, "Open settings");
    if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "foil.server.path");
    }
    return;
  }
  output?.info(`starting ${found.command} lsp (from ${found.source})`);

  const foilWorkspaces = workspaceFoldersWithToml();
  void vscode.commands.executeCommand("setContext", "foil.workspace", foilWorkspaces.length > 0);

  const serverOptions: ServerOptions = {
    run: { command: found.command, args: ["lsp"] },
    debug: { command: found.command, args: ["lsp"], options: { env: { ...process.env, RUST_LOG: "foil=debug" } } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(foilWorkspaces),
    initializationOptions: serverSettings(),
    // The server asks for section "foil" (workspace/configuration) and is told
    // when it changes.
    synchronize: {
      configurationSection: "foil",
      fileEvents: tomlWatcher,
    },
    outputChannel: output,
    traceOutputChannel: output,
  };
  client = new LanguageClient(CLIENT_ID, "foil", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`foil: the server did not start: ${String(error)}`);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  // A client whose start failed has nothing to stop, and stop() would throw.
  if (running?.isRunning()) {
    try {
      await running.dispose();
    } catch (error) {
      output?.warn(`stopping the server: ${String(error)}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

/** The running client, if the server offers `command`; else tells the user why not. */
function clientOffering(command: string): LanguageClient | undefined {
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage("foil: the server is not running (foil: Restart server).");
    return undefined;
  }
  const offered = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (!offered.includes(command)) {
    void vscode.window.showErrorMessage(`foil: this foil server does not offer ${command}; update foil.`);
    return undefined;
  }
  return client;
}

function describe(result: unknown): string {
  if (typeof result === "string") {
    return result;
  }
  if (result && typeof result === "object" && "path" in result) {
    return String((result as { path: unknown }).path);
  }
  return "done";
}

async function exportDataset(): Promise<void> {
  const format = await vscode.window.showQuickPick(["csv", "json"], {
    title: "foil: Export dataset",
    placeHolder: "Format of the dataset of every response in the workspace",
  });
  if (!format) {
    return;
  }
  const running = clientOffering(EXPORT_DATASET);
  if (!running) {
    return;
  }
  try {
    const result = await running.sendRequest(ExecuteCommandRequest.type, {
      command: EXPORT_DATASET,
      arguments: [{ format }],
    });
    void vscode.window.showInformationMessage(`foil: dataset exported: ${describe(result)}`);
  } catch (error) {
    void vscode.window.showErrorMessage(`foil: export failed: ${String(error)}`);
  }
}

async function verifyAll(): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showErrorMessage("foil: open an FOI response first.");
    return;
  }
  const running = clientOffering(VERIFY_ALL);
  if (!running) {
    return;
  }
  try {
    // The server answers with workspace/applyEdit, which the client applies.
    await running.sendRequest(ExecuteCommandRequest.type, {
      command: VERIFY_ALL,
      arguments: [running.code2ProtocolConverter.asUri(document.uri)],
    });
  } catch (error) {
    void vscode.window.showErrorMessage(`foil: verify failed: ${String(error)}`);
  }
}
