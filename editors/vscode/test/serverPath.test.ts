// The binary lookup order the README promises: setting, FOIL_PATH, bundled, PATH.
import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";
import { explainMissing, findServer, type Lookup } from "../src/serverPath";

function lookup(overrides: Partial<Lookup>, executables: string[]): Lookup {
  return {
    setting: "",
    env: { PATH: "/usr/local/bin:/usr/bin" },
    extensionPath: "/ext",
    platform: "linux",
    isExecutable: (file) => executables.includes(file),
    ...overrides,
  };
}

const bundled = path.join("/ext", "server", "foil");
const everywhere = ["/opt/foil", "/env/foil", bundled, "/usr/bin/foil"];

test("the setting wins over everything", () => {
  assert.deepEqual(findServer(lookup({ setting: "/opt/foil", env: { FOIL_PATH: "/env/foil", PATH: "/usr/bin" } }, everywhere)), {
    command: "/opt/foil",
    source: "setting",
  });
});

test("FOIL_PATH comes next", () => {
  assert.deepEqual(findServer(lookup({ env: { FOIL_PATH: "/env/foil", PATH: "/usr/bin" } }, everywhere)), {
    command: "/env/foil",
    source: "FOIL_PATH",
  });
});

test("then the binary bundled in the extension", () => {
  assert.deepEqual(findServer(lookup({}, everywhere)), { command: bundled, source: "bundled" });
});

test("then PATH, in order", () => {
  assert.deepEqual(findServer(lookup({}, ["/usr/bin/foil"])), { command: "/usr/bin/foil", source: "PATH" });
  assert.deepEqual(findServer(lookup({}, ["/usr/local/bin/foil", "/usr/bin/foil"])), {
    command: "/usr/local/bin/foil",
    source: "PATH",
  });
});

test("a setting that points nowhere is reported, not skipped", () => {
  const where = lookup({ setting: "/typo/foil" }, everywhere);
  assert.equal(findServer(where), undefined);
  assert.match(explainMissing(where), /foil\.server\.path is "\/typo\/foil"/);
});

test("a FOIL_PATH that points nowhere is reported, not skipped", () => {
  const where = lookup({ env: { FOIL_PATH: "/missing/foil", PATH: "/usr/bin" } }, everywhere.filter((f) => f !== "/env/foil"));
  assert.equal(findServer(where), undefined);
  assert.match(explainMissing(where), /FOIL_PATH is "\/missing\/foil"/);
});

test("Windows looks for foil.exe on a ;-separated Path", () => {
  const exe = path.join("C:\\tools", "foil.exe");
  assert.deepEqual(findServer(lookup({ platform: "win32", env: { Path: "C:\\tools;C:\\bin" } }, [exe])), {
    command: exe,
    source: "PATH",
  });
});

test("nothing found says how to fix it", () => {
  assert.equal(findServer(lookup({}, [])), undefined);
  assert.match(explainMissing(lookup({}, [])), /set foil\.server\.path/);
});
