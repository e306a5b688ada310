#!/usr/bin/env node
/**
 * Browser benchmark (a script, not a test): headless Chromium, the built app, one-page reports.
 *
 *   node bench.mjs [--model DIR] [--text FILE] [--runs 20] [--url http://127.0.0.1:PORT]
 *                  [--python PATH] [--json OUT]
 *
 * For 1 and 2 WASM threads, each in a fresh browser profile (empty cache):
 *   cold  = navigation start -> model and runtime loaded -> first extraction done
 *   warm  = window.bloodclarity.extractText of the same page again (median and p90 of --runs)
 * plus what the page downloaded (without OCR language data, which loads only for images),
 * and, when a Python with bloodclarity is found, the Python Extractor on the same page.
 * Without --url it starts `bloodclarity.serve` itself (python from ../.venv or --python).
 */

import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { openApp, openBrowser } from "./tools/browser.mjs";

const WEB = dirname(fileURLToPath(import.meta.url));
const ROOT = join(WEB, "..");

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const RUNS = Number(option("runs", "20"));
const TEXT_FILE = option("text", join(ROOT, "examples", "sample-report.txt"));
const PYTHON = option("python", existsSync(join(ROOT, ".venv/bin/python")) ?
  join(ROOT, ".venv/bin/python") : "python3");
const MODEL = option("model", null);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];

async function startServer() {
  const code = [
    "import sys",
    "from bloodclarity.serve import make_server",
    `s = make_server(0, ${JSON.stringify(join(WEB, "dist"))}, model_dir=${MODEL ? JSON.stringify(MODEL) : "None"})`,
    "print(s.server_address[1], flush=True)",
    "s.serve_forever()",
  ].join("\n");
  const child = spawn(PYTHON, ["-c", code], { stdio: ["ignore", "pipe", "inherit"], cwd: ROOT });
  const port = await new Promise((resolve, reject) => {
    child.stdout.once("data", (d) => resolve(Number(String(d).trim())));
    child.once("exit", (c) => reject(new Error(`server exited (${c})`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function measure(origin, threads, text) {
  const browser = await openBrowser(origin);
  const sizes = [];
  browser.context.on("requestfinished", async (request) => {
    try {
      const s = await request.sizes();
      sizes.push({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize });
    } catch { /* aborted */ }
  });
  try {
    const { page } = browser;
    await openApp(page, `${origin}/?threads=${threads}`);
    const first = await page.evaluate(async (t) => {
      const t0 = performance.now();
      const report = await window.bloodclarity.extractText(t);
      const t1 = performance.now();
      const nav = performance.getEntriesByType("navigation")[0];
      return { first_ms: t1 - t0, cold_ms: t1 - nav.startTime, results: report.results.length,
        timings: window.bloodclarity.engine.timings, threads: window.bloodclarity.engine.threads,
        isolated: globalThis.crossOriginIsolated };
    }, text);
    const warm = await page.evaluate(async ([t, runs]) => {
      const out = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await window.bloodclarity.extractText(t);
        out.push(performance.now() - t0);
      }
      return out;
    }, [text, RUNS]);
    await page.waitForTimeout(300);
    const downloaded = sizes.reduce((n, s) => n + s.bytes, 0);
    return { ...first, warm_median_ms: median(warm), warm_p90_ms: p90(warm), warm_min_ms: Math.min(...warm),
      downloaded_bytes: downloaded, files: sizes.length };
  } finally {
    await browser.close();
  }
}

function pythonTimings(text) {
  const code = `
import json, sys, time
from bloodclarity.extract.extractor import Extractor
text = sys.stdin.read()
out = {}
for threads in (1, 2):
    t0 = time.perf_counter(); ex = Extractor(${MODEL ? JSON.stringify(MODEL) : "None"}, threads=threads)
    ex.extract("page", text=text); cold = (time.perf_counter() - t0) * 1000
    warm = []
    for _ in range(${RUNS}):
        t0 = time.perf_counter(); ex.extract("page", text=text); warm.append((time.perf_counter() - t0) * 1000)
    warm.sort()
    out[threads] = {"cold_ms": cold, "warm_median_ms": warm[len(warm) // 2], "warm_min_ms": warm[0]}
print(json.dumps(out))`;
  const run = spawnSync(PYTHON, ["-c", code], { input: text, cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) return { error: (run.stderr || "").trim().split("\n").pop() };
  return JSON.parse(run.stdout);
}

function distSizes() {
  const walk = (dir) => readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
  const files = walk(join(WEB, "dist"));
  const size = (pred) => files.filter(pred).reduce((n, f) => n + statSync(f).size, 0);
  return {
    dist_bytes: size(() => true),
    ocr_language_bytes: size((f) => f.endsWith(".traineddata.gz")),
    pdf_bytes: size((f) => f.includes("/vendor/pdfjs/")),
    ocr_runtime_bytes: size((f) => f.includes("/vendor/tesseract/") && !f.endsWith(".gz")),
  };
}

const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;

async function main() {
  const text = readFileSync(TEXT_FILE, "utf8");
  const server = option("url", null) ? { url: option("url"), stop: () => {} } : await startServer();
  const out = { text: TEXT_FILE, runs: RUNS, chromium: {}, dist: distSizes() };
  try {
    for (const threads of [1, 2]) out.chromium[threads] = await measure(server.url, threads, text);
  } finally {
    server.stop();
  }
  out.python = pythonTimings(text);
  console.log(`one-page report ${TEXT_FILE} (${text.split("\n").length} lines), ${RUNS} warm runs`);
  for (const [threads, r] of Object.entries(out.chromium)) {
    console.log(`chromium wasm ${threads} thread(s) (isolated=${r.isolated}): ` +
      `cold ${r.cold_ms.toFixed(0)} ms (runtime+model ${r.timings.load_ms.toFixed(0)} ms: fetch ` +
      `${r.timings.fetch_ms.toFixed(0)}, session ${r.timings.session_ms.toFixed(0)}; first extraction ` +
      `${r.first_ms.toFixed(0)} ms), warm median ${r.warm_median_ms.toFixed(1)} ms ` +
      `(p90 ${r.warm_p90_ms.toFixed(1)}, min ${r.warm_min_ms.toFixed(1)}), ${r.results} results, ` +
      `downloaded ${mb(r.downloaded_bytes)} in ${r.files} files`);
  }
  for (const [threads, r] of Object.entries(out.python)) {
    if (threads === "error") console.log(`python: not measured (${r})`);
    else console.log(`python onnxruntime ${threads} thread(s): cold ${r.cold_ms.toFixed(0)} ms ` +
      `(model load + first extraction), warm median ${r.warm_median_ms.toFixed(1)} ms (min ${r.warm_min_ms.toFixed(1)})`);
  }
  const d = out.dist;
  console.log(`dist ${mb(d.dist_bytes)} (pdf.js ${mb(d.pdf_bytes)}, tesseract.js runtime ` +
    `${mb(d.ocr_runtime_bytes)}, OCR English data ${mb(d.ocr_language_bytes)}); ` +
    `all-inputs download without OCR language data = first load + pdf.js + tesseract.js runtime = ` +
    `${mb(out.chromium[1].downloaded_bytes + d.pdf_bytes + d.ocr_runtime_bytes)}`);
  if (option("json", null)) writeFileSync(option("json"), JSON.stringify(out, null, 1));
}

main();
