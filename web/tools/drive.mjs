#!/usr/bin/env node
/**
 * Drive the app in headless Chromium for tests/web/test_browser.py. Reads one JSON job on
 * stdin, writes one JSON answer on stdout (observations only; the test asserts):
 *
 *   {"origin": "http://127.0.0.1:PORT",
 *    "parity": [{"source": "...", "text": "..."}, ...],       optional: extractText of each
 *    "tags": true,                                               optional: also the token tags
 *    "ui": {"pdf": PATH, "image": PATH, "text": "...", "downloads": DIR}}   optional
 *
 *   -> {"load_ms", "threads", "isolated", "parity": [report, ...], "tags": [[tag, ...], ...],
 *       "ui": {...}, "requests": [{url, method, type}], "console_errors": [...]}
 */

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { openApp, openBrowser, waitExtracted } from "./browser.mjs";

async function rows(page) {
  return page.$$eval("#results tr.result", (trs) => trs.map((tr) => ({
    index: Number(tr.dataset.index),
    category: tr.closest("section.category")?.dataset.category ?? null,
    biomarker: tr.dataset.biomarker || null,
    name: tr.querySelector(".printed-name")?.textContent ?? "",
    value: tr.querySelector(".value .printed")?.textContent ?? "",
    converted: tr.querySelector(".value .converted")?.textContent ?? null,
    unit: tr.querySelector(".unit")?.textContent ?? "",
    range: tr.querySelector(".range-text")?.textContent ?? "",
    bar: Boolean(tr.querySelector(".bar .marker")),
    flag: tr.querySelector(".flag .badge")?.textContent ?? "",
    flag_class: tr.querySelector(".flag .badge")?.className ?? "",
  })));
}

async function exportFile(page, kind, dir) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 30_000 }),
    page.click(`#export-${kind}`),
  ]);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return { filename: download.suggestedFilename(), text: readFileSync(path, "utf8") };
}

async function ui(page, job) {
  const out = {};
  // 1. a PDF through the file picker
  if (job.pdf) {
    await page.setInputFiles("#file", job.pdf);
    const name = job.pdf.split("/").pop();
    out.pdf = { ...(await waitExtracted(page, name)), rows: await rows(page) };
    const first = await page.$("#results tr.result");
    if (first) {
      await first.click();
      await page.waitForSelector("#page-view .box", { timeout: 30_000 });
      out.pdf.highlight = await page.evaluate(() => ({
        line: document.querySelector("#source-text .line.hit")?.textContent ?? null,
        box: Boolean(document.querySelector("#page-view canvas")) &&
          document.querySelector("#page-view .box").getBoundingClientRect().width > 0,
      }));
    }
  }
  // 2. an image (OCR)
  if (job.image) {
    await page.setInputFiles("#file", job.image);
    const name = job.image.split("/").pop();
    out.image = { ...(await waitExtracted(page, name)), rows: await rows(page),
      warnings: await page.$$eval("#warnings li", (lis) => lis.map((li) => li.textContent)) };
  }
  // 3. pasted text, then review: select, edit, delete, add, units, exports
  if (job.text) {
    await page.click("#paste-box summary");
    await page.fill("#paste", job.text);
    await page.click("#extract-text");
    out.text = { ...(await waitExtracted(page, "pasted text")), rows: await rows(page),
      rejected: await page.$$eval("#rejected li", (lis) => lis.map((li) => li.textContent)) };
    const before = await rows(page);
    if (before.length) {
      await page.click(`#results tr.result[data-index="${before[0].index}"] td.name`);
      out.text.highlight = await page.evaluate(() =>
        document.querySelector("#source-text .line.hit")?.textContent ?? null);
      // edit the first row's value
      await page.click(`#results tr.result[data-index="${before[0].index}"] button.edit`);
      await page.fill("form.edit input[name=value]", job.edit_value ?? "999");
      await page.click("form.edit button.save");
      await page.waitForSelector("form.edit", { state: "detached" });
      out.edited = { before: before[0], after: (await rows(page)).find((r) => r.index === before[0].index),
        report: await page.evaluate((i) => window.bloodclarity.report().results[i], before[0].index) };
      // delete the last row
      const last = before[before.length - 1];
      await page.click(`#results tr.result[data-index="${last.index}"] button.delete`);
      out.deleted = { name: last.name, count_before: before.length, count_after: (await rows(page)).length };
    }
    // add a row
    await page.click("#add-row");
    await page.fill("form.edit input[name=name]", "Sodium");
    await page.fill("form.edit input[name=value]", "150");
    await page.fill("form.edit input[name=unit]", "mmol/L");
    await page.fill("form.edit input[name=range]", "135 - 145");
    await page.click("form.edit button.save");
    await page.waitForSelector("form.edit", { state: "detached" });
    const all = await page.evaluate(() => window.bloodclarity.report().results);
    out.added = all[all.length - 1];
    // SI / conventional
    await page.selectOption("#units", "conventional");
    out.conventional = (await rows(page)).filter((r) => r.converted).length;
    out.conventional_report = await page.evaluate(() =>
      window.bloodclarity.report().results.filter((r) => r.converted).length);
    await page.selectOption("#units", "as-printed");
    // exports
    out.exports = {};
    for (const kind of ["json", "csv", "fhir"]) out.exports[kind] = await exportFile(page, kind, job.downloads);
    out.final_report = await page.evaluate(() => window.bloodclarity.report());
    // phone width
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    out.phone = await page.evaluate(() => ({
      scroll_width: document.documentElement.scrollWidth,
      visible_rows: [...document.querySelectorAll("#results tr.result")].filter((tr) =>
        tr.getBoundingClientRect().width > 0 && tr.getBoundingClientRect().right <= 390 + 1).length,
    }));
    if (job.screenshot) await page.screenshot({ path: job.screenshot, fullPage: true });
  }
  return out;
}

async function main() {
  const job = JSON.parse(readFileSync(0, "utf8"));
  const browser = await openBrowser(job.origin);
  const answer = {};
  try {
    answer.load_ms = await openApp(browser.page, `${job.origin}/${job.query ?? ""}`);
    Object.assign(answer, await browser.page.evaluate(() => ({
      threads: window.bloodclarity.engine.threads, isolated: globalThis.crossOriginIsolated })));
    if (job.parity) {
      answer.parity = await browser.page.evaluate(async (items) => {
        const out = [];
        for (const { source, text } of items) {
          out.push(await window.bloodclarity.extractText(text, { source }));
        }
        return out;
      }, job.parity);
      if (job.tags) { // one text at a time, as extractText tags them (batches change INT8 scales)
        answer.tags = await browser.page.evaluate(async (texts) => {
          const out = [];
          for (const text of texts) out.push((await window.bloodclarity.engine.tag([text]))[0].tags);
          return out;
        }, job.parity.map((p) => p.text));
      }
    }
    if (job.ui) answer.ui = await ui(browser.page, job.ui);
  } catch (error) {
    answer.error = String(error && error.stack ? error.stack : error);
  } finally {
    answer.requests = browser.requests;
    answer.console_errors = browser.consoleErrors;
    await browser.close();
  }
  const text = JSON.stringify(answer);
  if (job.out) writeFileSync(job.out, text);
  else process.stdout.write(text + "\n");
}

main();
