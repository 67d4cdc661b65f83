// The bundled extension, activated against a stand-in `vscode` module (esbuild
// aliases it, see esbuild.mjs), starting the real server from FOIL_PATH through
// vscode-languageclient: the commands register without clashing with the ones
// the client registers for the server's executeCommandProvider, initialize
// succeeds, and no error reaches the user. Skipped without FOIL_PATH
// (tests/editors.rs sets it).
import assert from "node:assert/strict";
import { test } from "node:test";
import { recorded } from "./fake-vscode.cjs";
import { activate, deactivate } from "../src/extension";

test("activation starts foil lsp and registers every command", { skip: !process.env.FOIL_PATH && "FOIL_PATH is not set" }, async () => {
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
  } finally {
    await deactivate();
    context.subscriptions.forEach((item) => item.dispose());
  }
});
