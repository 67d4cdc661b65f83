// The bundled extension, activated against a stand-in `vscode` module (esbuild
// aliases it, see esbuild.mjs), starting the real server from FOIL_PATH through
// vscode-languageclient: the commands register without clashing with the ones
// the client registers for the server's executeCommandProvider, initialize
// succeeds, no error reaches the user, and a plain-text FOI response (no
// foil.toml, no .foi.txt name) gets foil's diagnostics while an ordinary text
// file gets none. tests/it/editors.rs sets FOIL_PATH and the FOIL_PLAIN_* files;
// without them the test is skipped, except under CI=true, where it fails.
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { openDocument, recorded } from "./fake-vscode.cjs";
import { activate, deactivate } from "../src/extension";

const plain = {
  dir: process.env.FOIL_PLAIN_DIR ?? "",
  response: process.env.FOIL_PLAIN_RESPONSE ?? "",
  codes: (process.env.FOIL_PLAIN_CODES ?? "").split(",").filter((code) => code !== ""),
  other: process.env.FOIL_PLAIN_OTHER ?? "",
};
const missing = !process.env.FOIL_PATH ? "FOIL_PATH is not set" : plain.dir === "" ? "FOIL_PLAIN_DIR is not set" : undefined;
// Under CI a missing input is a failure (below), not a skip.
const skip = process.env.CI === "true" ? false : missing ?? false;

async function until<T>(what: string, seconds: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = probe();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: nothing after ${seconds} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function codesOf(diagnostics: { source?: string; code?: unknown }[]): string[] {
  const codes = diagnostics
    .filter((d) => d.source === "foil")
    .map((d) => String(typeof d.code === "object" && d.code !== null ? (d.code as { value: unknown }).value : d.code));
  return [...new Set(codes)].sort();
}

test("activation starts foil lsp, registers every command, and lights up a plain response", { skip }, async () => {
  assert.equal(missing, undefined, `${missing} (tests/it/editors.rs sets it)`);
  const response = openDocument(path.join(plain.dir, plain.response), "plaintext") as { uri: { toString(): string } };
  const other = openDocument(path.join(plain.dir, plain.other), "plaintext") as { uri: { toString(): string } };
  const context = { subscriptions: [] as { dispose(): unknown }[], extensionPath: "/nonexistent" };
  await activate(context as never);
  try {
    assert.deepEqual(recorded.errors, [], "errors shown to the user");
    for (const command of ["foil.editor.restartServer", "foil.editor.exportDataset", "foil.editor.verifyAll"]) {
      assert.ok(recorded.commands.includes(command), `${command} is not registered`);
    }
    // vscode-languageclient registers the server's own commands once initialize succeeded.
    for (const command of ["foil.exportDataset", "foil.verifyAll"]) {
      assert.ok(recorded.commands.includes(command), `the server does not offer ${command}`);
    }
    assert.ok(recorded.log.some((line) => line.includes("(from FOIL_PATH)")), recorded.log.join("\n"));

    const wanted = [...plain.codes].sort();
    const got = await until("foil's diagnostics on the plain response", 15, () => {
      const codes = codesOf(recorded.diagnostics.get(response.uri.toString()) ?? []);
      return codes.join(",") === wanted.join(",") ? codes : undefined;
    }).catch((error: Error) => {
      const seen = codesOf(recorded.diagnostics.get(response.uri.toString()) ?? []);
      throw new Error(`${error.message}: codes [${seen.join(",")}], the engine finds [${wanted.join(",")}]`);
    });
    assert.deepEqual(got, wanted);
    // Both documents went to the server together; give the other one's reading time to land.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const others = recorded.diagnostics.get(other.uri.toString()) ?? [];
    assert.deepEqual(codesOf(others), [], `${plain.other} is no FOI response, yet got foil diagnostics`);
  } finally {
    await deactivate();
    context.subscriptions.forEach((item) => item.dispose());
  }
});
