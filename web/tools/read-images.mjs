#!/usr/bin/env node
/**
 * Read image files through the app's file picker (OCR with tesseract.js) in headless Chromium,
 * for benchmarks/bench_browser_ocr.py. One JSON job on stdin, one JSON answer on stdout:
 *
 *   {"origin": "http://127.0.0.1:PORT", "images": [PATH, ...]}
 *   -> {"load_ms", "reports": [report or null, ...], "errors": [message or null, ...],
 *       "seconds": [per image, ...]}
 *
 * A report is the app's JSON report of that image (`window.bloodclarity.report()`).
 */

import { readFileSync } from "node:fs";

import { openApp, openBrowser, waitExtracted } from "./browser.mjs";

async function main() {
  const job = JSON.parse(readFileSync(0, "utf8"));
  const browser = await openBrowser(job.origin);
  const answer = { reports: [], errors: [], seconds: [] };
  try {
    answer.load_ms = await openApp(browser.page, `${job.origin}/`);
    for (const path of job.images) {
      const t0 = Date.now();
      await browser.page.setInputFiles("#file", path);
      const { status, kind } = await waitExtracted(browser.page, path.split("/").pop());
      answer.seconds.push((Date.now() - t0) / 1000);
      const ok = kind === "ok";
      answer.reports.push(ok ? await browser.page.evaluate(() => window.bloodclarity.report()) : null);
      answer.errors.push(ok ? null : status);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}

main();
