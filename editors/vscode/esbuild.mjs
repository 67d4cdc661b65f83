// Bundles the extension into dist/extension.js (`vscode` stays external: VS Code
// provides it). `--tests` bundles test/*.test.ts into dist-test/ for node --test,
// with `vscode` replaced by test/fake-vscode.cjs.
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const tests = process.argv.includes("--tests");

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
};

const options = tests
  ? {
      ...common,
      entryPoints: readdirSync("test")
        .filter((name) => name.endsWith(".test.ts"))
        .map((name) => `test/${name}`),
      outdir: "dist-test",
      // The activation test runs the extension against a stand-in vscode API.
      alias: { vscode: "./test/fake-vscode.cjs" },
    }
  : {
      ...common,
      entryPoints: ["src/extension.ts"],
      outfile: "dist/extension.js",
      external: ["vscode"],
      minify: production,
      sourcemap: !production,
      sourcesContent: false,
    };

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
