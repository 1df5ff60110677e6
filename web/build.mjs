// Build the pages' scripts: handoff/static/src/{widget,console,studio}/main.js -> handoff/static/dist/{widget,console,studio}.js
// (one file each, with source maps). Imports of data/contract.json and data/content/ui.yml are bundled:
// the ui.yml texts as the fallback only (the pages load the studio's published texts at run time, see
// handoff/ui_texts.py), so an edit of the file needs a rebuild: `make web` (run by `make run` and `make test`).
// Usage: node web/build.mjs [--watch]
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import YAML from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "handoff", "static", "src");

/** ``import texts from ".../ui.yml"``: the YAML file as a JSON module; ``".../ui.yml?widget"``: only
 * its top-level key ``widget`` (so the widget does not carry the console's texts). */
const yamlPlugin = {
  name: "yaml",
  setup(build) {
    build.onResolve({ filter: /\.ya?ml(\?\w+)?$/ }, (args) => {
      const [file, key] = args.path.split("?");
      return { path: path.resolve(args.resolveDir, file), suffix: key ? "?" + key : "", pluginData: key };
    });
    build.onLoad({ filter: /\.ya?ml$/ }, async (args) => {
      const data = YAML.parse(await readFile(args.path, "utf8"));
      return { contents: JSON.stringify(args.pluginData ? data[args.pluginData] : data), loader: "json" };
    });
  },
};

const options = {
  entryPoints: { widget: path.join(src, "widget", "main.js"), console: path.join(src, "console", "main.js"),
    studio: path.join(src, "studio", "main.js"),
    "studio-intents": path.join(src, "studio-intents", "main.js"),
    "studio-inbox": path.join(src, "studio", "inbox-main.js"),
    "studio-suggestions": path.join(src, "studio", "suggestions.js"),
    "studio-insights": path.join(src, "insights", "main.js"),
    "studio-models": path.join(src, "studio-models", "main.js") },
  outdir: path.join(root, "handoff", "static", "dist"),
  bundle: true,
  format: "iife",
  target: ["es2020"],
  minify: true,
  sourcemap: "linked",
  legalComments: "linked",
  nodePaths: [path.join(root, "web", "node_modules")],
  plugins: [yamlPlugin],
  logLevel: "warning",
  banner: { js: "/* Built by web/build.mjs from handoff/static/src/: edit the sources, not this file. */" },
};

if (process.argv.includes("--watch")) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log("watching handoff/static/src, data/contract.json and data/content/ui.yml");
} else {
  await esbuild.build(options);
}
