// package.json and the extension code must agree: every contributed command is
// registered, every registered command is contributed, every setting read exists.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const manifest = JSON.parse(readFileSync("package.json", "utf8"));
const source = readFileSync("src/extension.ts", "utf8");

test("contributed and registered commands are the same set", () => {
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  const registered = [...source.matchAll(/registerCommand\("([^"]+)"/g)].map((m) => m[1]).sort();
  assert.deepEqual(registered, contributed);
});

test("command titles read as `foil: ...` in the palette", () => {
  const titles = manifest.contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`);
  assert.deepEqual(titles.sort(), ["foil: Export dataset", "foil: Restart server", "foil: Verify all answers"]);
});

test("every setting the extension reads is declared", () => {
  const declared = Object.keys(manifest.contributes.configuration.properties);
  const read = [...source.matchAll(/get<[^>]+>\("([^"]+)"/g)].map((m) => `foil.${m[1]}`);
  assert.ok(read.length > 0);
  for (const key of read) {
    assert.ok(declared.includes(key), `${key} is read but not declared`);
  }
  assert.ok(declared.includes("foil.trace.server"), "the language client reads foil.trace.server");
});

test("the FOI response language covers both file patterns", () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, "foi");
  assert.deepEqual(language.extensions, [".foi.txt", ".foi.md"]);
  assert.ok(manifest.activationEvents.includes("workspaceContains:foil.toml"));
});

test("plain text activates the extension and goes to the server", () => {
  // Responses arrive as plain .txt; the server answers only for those that read as one.
  assert.ok(manifest.activationEvents.includes("onLanguage:plaintext"));
  assert.ok(manifest.activationEvents.includes("onLanguage:foi"));
  assert.match(source, /\{ language: "plaintext", scheme: "file" \}/);
});

test("vsce package runs unattended and bundles the server", () => {
  // Without a repository field vsce stops to ask; without vscode:prepublish
  // the package has no dist/extension.js and no server/foil.
  assert.equal(manifest.repository.type, "git");
  assert.ok(manifest.repository.url);
  assert.match(manifest.scripts["vscode:prepublish"], /esbuild\.mjs --production/);
  assert.match(manifest.scripts["vscode:prepublish"], /scripts\/bundle-server\.mjs/);
  assert.equal(manifest.scripts.package, "vsce package --target linux-x64");
  const ignored = readFileSync(".vscodeignore", "utf8").split("\n");
  assert.ok(!ignored.some((line) => line.startsWith("server")), "server/ must go into the package");
});

test("engines.vscode is at least what vscode-languageclient needs", () => {
  const needed = JSON.parse(readFileSync("node_modules/vscode-languageclient/package.json", "utf8")).engines.vscode;
  const version = (range: string) => range.replace(/^[\^~>=]+/, "").split(".").map(Number);
  const [ours, theirs] = [version(manifest.engines.vscode), version(needed)];
  assert.ok(ours[0] > theirs[0] || (ours[0] === theirs[0] && ours[1] >= theirs[1]), `${manifest.engines.vscode} < ${needed}`);
  const types = version(manifest.devDependencies["@types/vscode"]);
  assert.ok(types[1] <= ours[1], "@types/vscode must not be newer than engines.vscode");
});
