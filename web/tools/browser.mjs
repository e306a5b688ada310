/**
 * Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, with a log of every
 * request the page makes. Shared by tools/drive.mjs (the tests), tools/read-images.mjs and
 * bench.mjs.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium } from "playwright-core";

export const CHROMIUM = process.env.BLOODCLARITY_CHROMIUM || "/usr/bin/chromium";
export const ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run"];

/**
 * A fresh browser (new user-data-dir) and page; every request is logged, and any request
 * that leaves `origin` is aborted (and still logged, so a test sees it).
 * @param {string} origin e.g. "http://127.0.0.1:8765"
 * @param {{viewport?: {width: number, height: number}, acceptDownloads?: boolean}} options
 */
export async function openBrowser(origin, { viewport = { width: 1280, height: 900 } } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), "bloodclarity-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport, acceptDownloads: true,
  });
  const requests = [];
  const consoleErrors = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/") || url === origin || url.startsWith("blob:" + origin) ||
        url.startsWith("data:")) {
      return route.continue();
    }
    return route.abort("blockedbyclient");
  });
  context.on("request", (request) => requests.push({ url: request.url(),
    method: request.method(), type: request.resourceType() }));
  // requests of workers (pdf.js, tesseract.js, ONNX Runtime threads) too
  context.on("serviceworker", () => {});
  const page = context.pages()[0] ?? await context.newPage();
  page.on("console", (msg) => { if (msg.type() === "error") consoleErrors.push(msg.text()); });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, page, requests, consoleErrors, close };
}

/** Open the app and wait until the model is loaded; returns the load time in ms. */
export async function openApp(page, url, { timeout = 120_000 } = {}) {
  const t0 = Date.now();
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout });
  const ready = await page.evaluate(() => document.body.dataset.ready);
  if (ready !== "1") {
    throw new Error(`the app did not load: ${await page.textContent("#status")}`);
  }
  return Date.now() - t0;
}

const READ_TIMEOUT = 240_000;

/** Wait until the status line reports the extraction of `source` (or an error). */
export async function waitExtracted(page, source) {
  await page.waitForFunction((s) => {
    const el = document.getElementById("status");
    return (el.dataset.kind === "ok" && el.textContent.startsWith(`${s}:`)) ||
      el.dataset.kind === "error";
  }, source, { timeout: READ_TIMEOUT });
  return page.evaluate(() => ({ status: document.getElementById("status").textContent,
    kind: document.getElementById("status").dataset.kind }));
}
