// Puts the foil binary into server/ for `vsce package` (run by
// `vscode:prepublish`), so that the .vsix needs no Rust toolchain and no foil
// on PATH: the extension runs server/foil when no path is configured.
//
// The binary is FOIL_BUNDLE_BINARY when set, else the repository's
// target/release/foil, built with `cargo build --release --locked --bin foil`
// when it is missing. It must run (`foil --version`): a binary for another
// platform fails here, not on a user's machine. Package it for the platform it
// was built for: `vsce package --target linux-x64` on Linux x64. Its debug
// info is stripped (the code and symbols stay).
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const extension = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repository = resolve(extension, "../..");
const name = process.platform === "win32" ? "foil.exe" : "foil";

let binary = process.env.FOIL_BUNDLE_BINARY;
if (!binary) {
  binary = join(repository, "target", "release", name);
  if (!existsSync(binary)) {
    console.log(`bundle-server: building ${binary} (cargo build --release)`);
    execFileSync("cargo", ["build", "--release", "--locked", "--bin", "foil"], {
      cwd: repository,
      stdio: "inherit",
    });
  }
}
if (!existsSync(binary)) {
  console.error(`bundle-server: no foil binary at ${binary}`);
  process.exit(1);
}

let version;
try {
  version = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
} catch (error) {
  console.error(`bundle-server: ${binary} does not run here (${error.message}); build foil for this platform`);
  process.exit(1);
}

const target = join(extension, "server", name);
mkdirSync(dirname(target), { recursive: true });
copyFileSync(binary, target);
chmodSync(target, 0o755);
// The release profile keeps line tables (70 MB); users need only the code and
// its symbols (14 MB). Best effort: without `strip` the binary goes as it is.
let stripped = "";
if (process.platform !== "win32") {
  try {
    execFileSync("strip", ["--strip-debug", target], { stdio: "ignore" });
    stripped = ", debug info stripped";
  } catch {
    stripped = ", not stripped (no strip)";
  }
}
console.log(`bundle-server: ${version} (${process.platform}-${process.arch}${stripped}) -> server/${name}`);
