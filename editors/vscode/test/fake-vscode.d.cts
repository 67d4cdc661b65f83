// What the activation test reads back from the stand-in vscode module.
export declare const recorded: {
  commands: string[];
  errors: string[];
  infos: string[];
  log: string[];
};
