// What the activation test reads back from the stand-in vscode module.
export declare const recorded: {
  commands: string[];
  errors: string[];
  infos: string[];
  log: string[];
  /** Diagnostics the language client set, by document URI. */
  diagnostics: Map<string, { source?: string; code?: string | number | { value: string | number }; message: string }[]>;
};

/** Opens a file as a document of `languageId` (before activation: the client syncs it on start). */
export declare function openDocument(fsPath: string, languageId: string): unknown;
