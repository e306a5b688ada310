#!/usr/bin/env node
/**
 * Build the static app: web/dist/ (and a copy in src/bloodclarity/webapp/, which the Python
 * package ships and `bloodclarity serve` serves).
 *
 *   node build.mjs                 dist/ + src/bloodclarity/webapp/
 *   node build.mjs --no-package    dist/ only
 *   node build.mjs --with-model [DIR]
 *                                  also copy the model (default: the shipped model folder) and
 *                                  the rule data into dist/model/ and dist/data/, for a static
 *                                  host without the Python server (see README.md)
 *
 * No bundler: the app is plain ES modules (src/), copied as they are, beside the runtime files
 * vendored from node_modules (only the variants the app loads). Nothing is downloaded.
 */

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync }
  from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const WEB = dirname(fileURLToPath(import.meta.url));
const ROOT = join(WEB, "..");
const DIST = join(WEB, "dist");
const PACKAGE_COPY = join(ROOT, "src", "bloodclarity", "webapp");
const DATA = join(ROOT, "src", "bloodclarity", "data");
const SHIPPED_MODEL = join(ROOT, "src", "bloodclarity", "models", "bloodclarity-ner");
const NM = join(WEB, "node_modules");

/** [package file, dist path]: the runtime files the app loads, nothing else. */
const VENDOR = [
  // onnxruntime-web: the WASM-only ES module, and its one SIMD(+threads) build
  ["onnxruntime-web/dist/ort.wasm.min.mjs", "vendor/ort/ort.wasm.min.mjs"],
  ["onnxruntime-web/dist/ort-wasm-simd-threaded.mjs", "vendor/ort/ort-wasm-simd-threaded.mjs"],
  ["onnxruntime-web/dist/ort-wasm-simd-threaded.wasm", "vendor/ort/ort-wasm-simd-threaded.wasm"],
  // pdf.js: the library and its worker
  ["pdfjs-dist/build/pdf.min.mjs", "vendor/pdfjs/pdf.min.mjs"],
  ["pdfjs-dist/build/pdf.worker.min.mjs", "vendor/pdfjs/pdf.worker.min.mjs"],
  ["pdfjs-dist/LICENSE", "vendor/pdfjs/LICENSE"],
  // tesseract.js: the library, its worker, the SIMD LSTM-only core and English (best_int);
  // the core sits beside the worker: Emscripten looks for its .wasm in the worker's folder
  ["tesseract.js/dist/tesseract.esm.min.js", "vendor/tesseract/tesseract.esm.min.js"],
  ["tesseract.js/dist/worker.min.js", "vendor/tesseract/worker.min.js"],
  ["tesseract.js/LICENSE.md", "vendor/tesseract/LICENSE.md"],
  ["tesseract.js-core/tesseract-core-simd-lstm.js", "vendor/tesseract/tesseract-core-simd-lstm.js"],
  ["tesseract.js-core/tesseract-core-simd-lstm.wasm", "vendor/tesseract/tesseract-core-simd-lstm.wasm"],
  ["tesseract.js-core/LICENSE", "vendor/tesseract/LICENSE-core"],
  ["@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz", "vendor/tesseract/lang/eng.traineddata.gz"],
];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function copy(src, dst) {
  mkdirSync(dirname(dst), { recursive: true });
  cpSync(src, dst);
}

function version(pkg) {
  return JSON.parse(readFileSync(join(NM, pkg, "package.json"), "utf8")).version;
}

function main(argv) {
  if (!existsSync(NM)) {
    console.error("build: web/node_modules is missing; run `npm ci` in web/ first");
    process.exit(2);
  }
  const withModel = argv.indexOf("--with-model");
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });

  for (const [src, dst] of VENDOR) {
    const path = join(NM, src);
    if (!existsSync(path)) throw new Error(`build: ${src} not found in node_modules`);
    copy(path, join(DIST, dst));
  }
  // the app: index.html and style at the top, the ES modules under app/
  copy(join(WEB, "index.html"), join(DIST, "index.html"));
  copy(join(WEB, "style.css"), join(DIST, "style.css"));
  for (const file of walk(join(WEB, "src"))) {
    if (file.endsWith(".js") || file.endsWith(".mjs")) {
      copy(file, join(DIST, "app", relative(join(WEB, "src"), file)));
    }
  }
  // what the app needs to know at run time without listing folders over HTTP
  const lexicons = readdirSync(join(DATA, "lexicon")).filter((n) => n.endsWith(".json"))
    .map((n) => n.slice(0, -5)).sort();
  const build = {
    lexicons,
    versions: Object.fromEntries(["onnxruntime-web", "pdfjs-dist", "tesseract.js",
      "tesseract.js-core", "@tesseract.js-data/eng"].map((p) => [p, version(p)])),
  };
  writeFileSync(join(DIST, "vendor", "NOTICE.txt"), [
    "Runtime files copied unchanged from these npm packages:",
    ...Object.entries(build.versions).map(([p, v]) =>
      `  ${p} ${v} (${JSON.parse(readFileSync(join(NM, p, "package.json"), "utf8")).license})`),
    "Their licence texts, where the package has one, are in the folders beside this file.", ""]
    .join("\n"));
  writeFileSync(join(DIST, "app", "build-info.js"),
    `// written by build.mjs\nexport const BUILD = ${JSON.stringify(build, null, 1)};\n`);

  if (withModel >= 0) {
    const next = argv[withModel + 1];
    const modelDir = next && !next.startsWith("--") ? next : SHIPPED_MODEL;
    for (const name of ["model.onnx", "vocab.txt", "config.json", "label_map.json"]) {
      copy(join(modelDir, name), join(DIST, "model", name));
    }
    copy(join(DATA, "knowledge_base.json"), join(DIST, "data", "knowledge_base.json"));
    for (const name of lexicons) {
      copy(join(DATA, "lexicon", `${name}.json`), join(DIST, "data", "lexicon", `${name}.json`));
    }
  }

  let total = 0;
  for (const file of walk(DIST)) total += statSync(file).size;
  console.log(`build: wrote ${relative(ROOT, DIST)}/ (${(total / 1e6).toFixed(1)} MB)`);

  if (!argv.includes("--no-package") && withModel < 0) {
    rmSync(PACKAGE_COPY, { recursive: true, force: true });
    cpSync(DIST, PACKAGE_COPY, { recursive: true });
    writeFileSync(join(PACKAGE_COPY, "__init__.py"),
      '"""The built browser app (web/dist), served by `bloodclarity serve`."""\n');
    // a build output (22 MB, most of it vendored runtimes): kept out of git, shipped in wheels
    writeFileSync(join(PACKAGE_COPY, ".gitignore"), "# written by web/build.mjs\n*\n");
    console.log(`build: copied to ${relative(ROOT, PACKAGE_COPY)}/`);
  }
}

main(process.argv.slice(2));
