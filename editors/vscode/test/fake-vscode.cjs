// A stand-in for the `vscode` module, for the activation test only (esbuild
// aliases `vscode` to this file under --tests). What the extension and
// vscode-languageclient need to start a server works and records what it was
// asked; every other member is a callable no-op, and every other capitalised
// name a class (the client extends some of them).
"use strict";

const recorded = { commands: [], errors: [], infos: [], log: [] };

class Disposable {
  constructor(onDispose) {
    this.onDispose = onDispose;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose() {
    if (this.onDispose) this.onDispose();
  }
}

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (listener) => {
      this.listeners.push(listener);
      return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
    };
  }
  fire(event) {
    this.listeners.forEach((listener) => listener(event));
  }
  dispose() {
    this.listeners = [];
  }
}

class CancellationTokenSource {
  constructor() {
    this.token = { isCancellationRequested: false, onCancellationRequested: () => new Disposable() };
  }
  cancel() {
    this.token.isCancellationRequested = true;
  }
  dispose() {}
}

function noop(path) {
  return new Proxy(function () {}, {
    apply: () => noop(`${path}()`),
    construct: () => noop(`new ${path}`),
    get: (_, property) => {
      if (property === "then") return undefined; // not a promise
      if (property === "dispose") return () => {};
      if (property === Symbol.iterator) return function* () {};
      if (property === Symbol.toPrimitive) return () => path;
      return noop(`${path}.${String(property)}`);
    },
  });
}

function partial(path, members) {
  return new Proxy(members, {
    get: (target, property) => (property in target ? target[property] : noop(`${path}.${String(property)}`)),
  });
}

const uri = (fsPath) => ({ scheme: "file", fsPath, path: fsPath, toString: () => `file://${fsPath}` });
const LogLevel = { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 };

const api = {
  recorded,
  Disposable,
  EventEmitter,
  CancellationTokenSource,
  CancellationError: class CancellationError extends Error {},
  LogLevel,
  version: "1.91.0",
  Uri: partial("Uri", {
    file: uri,
    parse: (value) => uri(String(value).replace(/^file:\/\//, "")),
    joinPath: (base, ...parts) => uri([base.fsPath, ...parts].join("/")),
  }),
  env: partial("env", { appName: "Visual Studio Code", language: "en", machineId: "test", sessionId: "test" }),
  workspace: partial("workspace", {
    workspaceFolders: [],
    textDocuments: [],
    notebookDocuments: [],
    getConfiguration: () =>
      partial("WorkspaceConfiguration", { get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined }),
    onDidChangeConfiguration: () => new Disposable(),
    createFileSystemWatcher: () =>
      partial("FileSystemWatcher", {
        onDidCreate: () => new Disposable(),
        onDidChange: () => new Disposable(),
        onDidDelete: () => new Disposable(),
        dispose: () => {},
      }),
  }),
  window: partial("window", {
    activeTextEditor: undefined,
    visibleTextEditors: [],
    createOutputChannel: (name) =>
      partial("OutputChannel", {
        name,
        logLevel: LogLevel.Info,
        onDidChangeLogLevel: () => new Disposable(),
        info: (message) => recorded.log.push(message),
        warn: (message) => recorded.log.push(message),
        error: (message) => recorded.errors.push(message),
        appendLine: (message) => recorded.log.push(message),
        dispose: () => {},
      }),
    showErrorMessage: async (message) => void recorded.errors.push(message),
    showWarningMessage: async (message) => void recorded.errors.push(message),
    showInformationMessage: async (message) => void recorded.infos.push(message),
  }),
  commands: partial("commands", {
    registerCommand: (id) => {
      if (recorded.commands.includes(id)) throw new Error(`command '${id}' already exists`);
      recorded.commands.push(id);
      return new Disposable(() => (recorded.commands = recorded.commands.filter((c) => c !== id)));
    },
    executeCommand: async () => undefined,
  }),
};

const classes = new Map();
module.exports = new Proxy(api, {
  get: (target, property) => {
    if (property in target) return target[property];
    const name = String(property);
    if (/^[A-Z]/.test(name)) {
      if (!classes.has(name)) {
        // A class to extend or construct, whose static members (CodeActionKind.Empty,
        // DiagnosticSeverity.Error, ...) are no-ops too.
        const base = { [name]: class {} }[name];
        classes.set(
          name,
          new Proxy(base, {
            get: (cls, member) => (member in cls ? cls[member] : noop(`${name}.${String(member)}`)),
          }),
        );
      }
      return classes.get(name);
    }
    return noop(name);
  },
});
