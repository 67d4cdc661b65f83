// A stand-in for the `vscode` module, for the activation test only (esbuild
// aliases `vscode` to this file under --tests). What the extension and
// vscode-languageclient need to start a server works and records what it was
// asked; every other member is a callable no-op, and every other capitalised
// name a class (the client extends some of them).
"use strict";

const recorded = { commands: [], errors: [], infos: [], log: [], diagnostics: new Map() };

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

// A class, not a plain object: the client tests `x instanceof vscode.Uri`.
class Uri {
  constructor(fsPath) {
    this.scheme = "file";
    this.fsPath = fsPath;
    this.path = fsPath;
  }
  static file(fsPath) {
    return new Uri(fsPath);
  }
  static parse(value) {
    return new Uri(decodeURIComponent(String(value).replace(/^file:\/\//, "")));
  }
  static joinPath(base, ...parts) {
    return new Uri([base.fsPath, ...parts].join("/"));
  }
  toString() {
    return `file://${this.fsPath}`;
  }
}
const uri = (fsPath) => new Uri(fsPath);

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
}

class Range {
  constructor(start, end, endLine, endCharacter) {
    if (typeof start === "number") {
      [start, end] = [new Position(start, end), new Position(endLine, endCharacter)];
    }
    this.start = start;
    this.end = end;
  }
}

class Diagnostic {
  constructor(range, message, severity) {
    this.range = range;
    this.message = message;
    this.severity = severity;
  }
}

// Open documents (workspace.textDocuments), as VS Code hands them to the client,
// each in a visible editor.
const textDocuments = [];
const visibleTextEditors = [];

/** Opens `fsPath` (its text read from disk) as a document of `languageId`. */
function openDocument(fsPath, languageId) {
  const text = require("node:fs").readFileSync(fsPath, "utf8");
  const document = {
    uri: uri(fsPath),
    fileName: fsPath,
    languageId,
    version: 1,
    isClosed: false,
    isDirty: false,
    isUntitled: false,
    lineCount: text.split("\n").length,
    getText: () => text,
  };
  textDocuments.push(document);
  // Shown in an editor: the client pulls diagnostics for visible documents.
  visibleTextEditors.push({ document });
  return document;
}

// vscode.languages.match for the filters the extension uses: language, scheme
// and an absolute glob pattern (`**` any path, `*` any name).
function globToRegExp(glob) {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\*\*\/?/g, "\u0000").replace(/\*/g, "[^/]*").replace(/\u0000/g, ".*")}$`);
}

function match(selector, document) {
  const filters = Array.isArray(selector) ? selector : [selector];
  return filters.some(
    (filter) =>
      (filter.language === undefined || filter.language === document.languageId) &&
      (filter.scheme === undefined || filter.scheme === document.uri.scheme) &&
      (filter.pattern === undefined || globToRegExp(String(filter.pattern)).test(document.uri.fsPath)),
  )
    ? 10
    : 0;
}

// What the language client publishes: uri string -> the diagnostics it set.
function createDiagnosticCollection(name) {
  const collection = {
    name,
    set: (target, diagnostics) => void recorded.diagnostics.set(String(target), diagnostics ?? []),
    delete: (target) => void recorded.diagnostics.delete(String(target)),
    get: (target) => recorded.diagnostics.get(String(target)),
    has: (target) => recorded.diagnostics.has(String(target)),
    clear: () => recorded.diagnostics.clear(),
    forEach: (callback) => recorded.diagnostics.forEach((diagnostics, key) => callback(uri(key), diagnostics, collection)),
    dispose: () => {},
  };
  return collection;
}
const LogLevel = { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 };

const api = {
  recorded,
  openDocument,
  Disposable,
  Position,
  Range,
  Diagnostic,
  EventEmitter,
  CancellationTokenSource,
  CancellationError: class CancellationError extends Error {},
  LogLevel,
  version: "1.91.0",
  Uri,
  env: partial("env", { appName: "Visual Studio Code", language: "en", machineId: "test", sessionId: "test" }),
  workspace: partial("workspace", {
    workspaceFolders: [],
    textDocuments,
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
    visibleTextEditors,
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
  languages: partial("languages", { match, createDiagnosticCollection }),
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
