// Where the foil binary comes from, in the order the README promises:
// the `foil.server.path` setting, then FOIL_PATH, then the binary bundled in the
// extension (server/foil), then `foil` on PATH. Kept free of the vscode API so
// that it runs under node's test runner.

import * as path from "node:path";

export interface Lookup {
  /** The `foil.server.path` setting ("" when unset). */
  setting: string;
  /** The environment (process.env). */
  env: Record<string, string | undefined>;
  /** The extension's install folder. */
  extensionPath: string;
  /** "win32", "linux", ... (process.platform). */
  platform: string;
  /** Whether `file` exists and may be executed. */
  isExecutable(file: string): boolean;
}

export interface Found {
  command: string;
  source: "setting" | "FOIL_PATH" | "bundled" | "PATH";
}

export function binaryName(platform: string): string {
  return platform === "win32" ? "foil.exe" : "foil";
}

/** The first candidate that exists; `undefined` when there is none. */
export function findServer(lookup: Lookup): Found | undefined {
  const setting = lookup.setting.trim();
  if (setting !== "") {
    // An explicit setting is final: falling back silently would hide a typo.
    return lookup.isExecutable(setting) ? { command: setting, source: "setting" } : undefined;
  }
  const fromEnv = lookup.env.FOIL_PATH?.trim();
  if (fromEnv) {
    return lookup.isExecutable(fromEnv) ? { command: fromEnv, source: "FOIL_PATH" } : undefined;
  }
  const bundled = path.join(lookup.extensionPath, "server", binaryName(lookup.platform));
  if (lookup.isExecutable(bundled)) {
    return { command: bundled, source: "bundled" };
  }
  const onPath = searchPath(lookup);
  return onPath ? { command: onPath, source: "PATH" } : undefined;
}

function searchPath(lookup: Lookup): string | undefined {
  const separator = lookup.platform === "win32" ? ";" : ":";
  const pathVariable = lookup.env.PATH ?? lookup.env.Path ?? "";
  for (const dir of pathVariable.split(separator)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, binaryName(lookup.platform));
    if (lookup.isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

/** Why nothing was found, for the error shown to the user. */
export function explainMissing(lookup: Lookup): string {
  const setting = lookup.setting.trim();
  if (setting !== "") {
    return `foil.server.path is "${setting}", which is not an executable file.`;
  }
  const fromEnv = lookup.env.FOIL_PATH?.trim();
  if (fromEnv) {
    return `FOIL_PATH is "${fromEnv}", which is not an executable file.`;
  }
  return "No foil binary: set foil.server.path, or FOIL_PATH, or put foil on PATH (cargo install --path . in the foil repository).";
}
