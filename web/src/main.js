/**
 * The page: input (file drop/picker for PDF, images and text; pasted text), extraction with
 * the Engine, review (results grouped by category, range bars, flags, source highlighting,
 * edit/delete/add), unit systems and exports. Also `window.bloodclarity` for automation:
 *
 *   await window.bloodclarity.ready;
 *   const report = await window.bloodclarity.extractText(text);   // `bloodclarity extract --format json`
 *
 * Nothing here sends data anywhere: files are read with the File API, and exports are
 * downloads made from in-memory Blobs.
 */

import { BUILD } from "./build-info.js";
import { Engine } from "./engine.js";
import { toCsv, toFhir, toJson } from "./outputs.js";
import { RawResult, interpret, detectSex } from "./rules/index.js";

const $ = (id) => document.getElementById(id);
const MAX_TEXT_BYTES = 5_000_000;
const MAX_PDF_BYTES = 100_000_000;
const FLAG_NAMES = { H: "high", L: "low", HH: "critically high", LL: "critically low" };

const state = {
  engine: null,
  report: null, // the current report (results are edited in place)
  pages: [], // [{number, text, boxes, view, pdfPage}]
  units: "as-printed",
  selected: null,
};

function setStatus(text, kind = "") {
  const el = $("status");
  el.textContent = text;
  el.dataset.kind = kind;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/* ---------------------------------------------------------------- reading documents */

function sniff(head) {
  const starts = (...bytes) => bytes.every((b, i) => head[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "pdf";
  if (starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x49, 0x49, 0x2a, 0) ||
      starts(0x4d, 0x4d, 0, 0x2a) || starts(0x47, 0x49, 0x46, 0x38) || starts(0x42, 0x4d)) {
    return "image";
  }
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...head.slice(8, 12)) === "WEBP") {
    return "image";
  }
  return "text";
}

/** inputs.decode_text: BOMs, UTF-8, else cp1252; refuses binary junk. */
function decodeText(bytes, name) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const head = bytes.subarray(0, 65536);
  let controls = 0;
  for (const b of head) {
    if (b === 0) throw new Error(`${name}: not a text, PDF or image file (binary content)`);
    if (b < 9 || (b > 13 && b < 32)) controls += 1;
  }
  if (controls > 0.05 * head.length) {
    throw new Error(`${name}: not a text, PDF or image file (binary content)`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

async function readFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const name = file.name || "file";
  if (!bytes.length) throw new Error(`${name}: empty file`);
  const kind = sniff(bytes.subarray(0, 16));
  if (kind === "pdf") {
    if (bytes.length > MAX_PDF_BYTES) throw new Error(`${name}: PDF too large`);
    const { readPdf } = await import("./pdfinput.js");
    const { ocrImage } = await import("./ocr.js");
    const { pages } = await readPdf(bytes, name, {
      ocrCanvas: (canvas, label) => ocrImage(canvas, label),
      onProgress: (m) => setStatus(`${name}: ${m}…`),
    });
    return { kind, pages };
  }
  if (kind === "image") {
    const { decodeImage, ocrImage } = await import("./ocr.js");
    setStatus(`${name}: reading the image (OCR)…`);
    const bitmap = await decodeImage(new Blob([bytes]), name);
    const page = await ocrImage(bitmap, name);
    return { kind, pages: [{ number: 1, text: page.text, warnings: page.warnings, bitmap }] };
  }
  if (bytes.length > MAX_TEXT_BYTES) throw new Error(`${name}: text too large`);
  const text = decodeText(bytes, name).replace(/\r\n?/g, "\n");
  if (!text.trim()) throw new Error(`${name}: empty document`);
  return { kind, pages: [{ number: 1, text }] };
}

/* ---------------------------------------------------------------- extraction */

async function run(source, read) {
  const t0 = performance.now();
  try {
    const engine = await api.ready;
    setStatus(`${source}: reading…`);
    const { pages } = await read();
    setStatus(`${source}: extracting…`);
    const report = await engine.extractPages(source, pages);
    state.pages = pages;
    state.report = report;
    applyUnits();
    render();
    const ms = performance.now() - t0;
    setStatus(`${source}: ${report.results.length} results, ${report.rejected.length} rejected ` +
      `(${ms.toFixed(0)} ms, on this device)`, "ok");
  } catch (error) {
    console.error(error);
    setStatus(String(error && error.message ? error.message : error), "error");
  }
}

function applyUnits() {
  if (!state.report) return;
  const { engine } = state;
  state.report.results = state.report.results.map((r) => engine.convert(r, state.units));
}

/* ---------------------------------------------------------------- rendering */

function fmt(x) {
  if (x === null || x === undefined) return "";
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}

function categoryOf(r) {
  const kb = state.engine.kb;
  const analyte = r.biomarker ? kb.analytes.get(r.biomarker) : null;
  return analyte ? analyte.category : "unrecognised";
}

function categoryName(id) {
  return id === "unrecognised" ? "Unrecognised tests" : state.engine.kb.categories[id] ?? id;
}

/** The reference range as a bar with the value's position, or null. */
function rangeBar(r) {
  const rng = r.reference_range;
  if (!rng || r.value === null || (rng.low === null && rng.high === null)) return null;
  let lo;
  let hi;
  let zone;
  if (rng.low !== null && rng.high !== null && rng.high > rng.low) {
    const pad = (rng.high - rng.low) / 2;
    [lo, hi] = [rng.low - pad, rng.high + pad];
    zone = [rng.low, rng.high];
  } else if (rng.high !== null) {
    [lo, hi] = [Math.min(0, rng.high), rng.high * 2 || 1];
    zone = [lo, rng.high];
  } else {
    [lo, hi] = [0, rng.low * 2 || 1];
    zone = [rng.low, hi];
  }
  const pos = (x) => Math.max(0, Math.min(100, ((x - lo) / (hi - lo)) * 100));
  const bar = el("span", { class: "bar", role: "img",
    "aria-label": `value ${fmt(r.value)} against the range ${rng.text}` });
  bar.append(el("span", { class: "zone", style: `left:${pos(zone[0])}%;width:${pos(zone[1]) - pos(zone[0])}%` }));
  bar.append(el("span", { class: `marker ${r.flag ? "flagged" : ""}`, style: `left:${pos(r.value)}%` }));
  return bar;
}

function valueCell(r) {
  const printed = r.value !== null ? `${r.comparator ?? ""}${fmt(r.value)}` : r.value_text;
  const cell = el("td", { class: "value" }, el("span", { class: "printed", text: printed }));
  if (r.converted) {
    cell.append(el("span", { class: "converted",
      text: `${r.comparator ?? ""}${fmt(Number(r.converted.value.toPrecision(3)))} ${r.converted.unit}` }));
  }
  return cell;
}

function flagCell(r) {
  const td = el("td", { class: "flag" });
  if (r.flag) {
    td.append(el("span", { class: `badge flag-${r.flag}`, title: `${FLAG_NAMES[r.flag] ?? r.flag}` +
      (r.flag_source === "derived" ? " (derived from the range)" : " (printed on the report)"),
    text: r.flag + (r.flag_source === "derived" ? "*" : "") }));
  }
  return td;
}

function resultRow(r, index) {
  const kb = state.engine.kb;
  const analyte = r.biomarker ? kb.analytes.get(r.biomarker) : null;
  const row = el("tr", { class: `result status-${r.status}${state.selected === index ? " selected" : ""}`,
    "data-index": index, "data-biomarker": r.biomarker ?? "", tabindex: 0,
    onclick: (event) => {
      if (event.target.closest("button")) return;
      select(index);
    },
    onkeydown: (event) => { if (event.key === "Enter") select(index); } },
  el("td", { class: "name" }, el("span", { class: "printed-name", text: r.name }),
    analyte && analyte.name !== r.name ? el("span", { class: "canonical", text: analyte.name }) : null,
    r.status !== "ok" ? el("span", { class: "status-tag", title: r.reasons.join("; "),
      text: r.status.replace("_", " ") }) : null),
  valueCell(r),
  el("td", { class: "unit", text: (r.unit ?? "") + (r.unit_inferred ? " (inferred)" : "") }),
  el("td", { class: "range" }, el("span", { class: "range-text", text: r.reference_range ? r.reference_range.text : "" }),
    rangeBar(r)),
  flagCell(r),
  el("td", { class: "actions" },
    el("button", { type: "button", class: "icon edit", title: "Edit", "aria-label": "Edit",
      onclick: () => editRow(index), text: "✎" }),
    el("button", { type: "button", class: "icon delete", title: "Delete", "aria-label": "Delete",
      onclick: () => deleteRow(index), text: "✕" })));
  return row;
}

function render() {
  const report = state.report;
  $("output").hidden = false;
  $("report-title").textContent =
    `${report.results.length} result${report.results.length === 1 ? "" : "s"}`;
  $("source-name").textContent = report.source;
  const box = $("results");
  box.replaceChildren();
  const groups = new Map();
  report.results.forEach((r, i) => {
    const cat = categoryOf(r);
    if (!groups.has(cat)) groups.set(cat, []);
    groups.get(cat).push([r, i]);
  });
  const order = [...Object.keys(state.engine.kb.categories), "unrecognised"];
  for (const cat of order.filter((c) => groups.has(c))) {
    box.append(el("section", { class: "category", "data-category": cat },
      el("h3", { text: categoryName(cat) }),
      el("table", { class: "results" },
        el("thead", {}, el("tr", {}, ...["Test", "Value", "Unit", "Reference range", "Flag", ""]
          .map((h) => el("th", { text: h })))),
        el("tbody", {}, groups.get(cat).map(([r, i]) => resultRow(r, i))))));
  }
  if (!report.results.length) box.append(el("p", { class: "hint", text: "No results found." }));
  const rejected = $("rejected");
  rejected.replaceChildren(...report.rejected.map((r) => el("li", { class: "rejected-item",
    "data-line": r.line ?? "" },
  el("span", { class: "printed-name", text: `${r.name || "(no name)"}: ${r.value_text} ${r.unit ?? ""}` }),
  el("span", { class: "reason", text: r.reasons.join("; ") }),
  r.line ? el("button", { type: "button", class: "small link", text: `line ${r.line}`,
    onclick: () => showSource(r) }) : null)));
  $("rejected-box").hidden = !report.rejected.length;
  $("warnings").replaceChildren(...report.warnings.map((w) => el("li", { text: w })));
  renderSource();
}

function pageOf(r) {
  return state.pages.find((p) => p.number === (r.page ?? 1)) ?? state.pages[0];
}

function renderSource(highlight = null) {
  const page = highlight ? pageOf(highlight) : state.pages[0];
  const pre = $("source-text");
  pre.replaceChildren();
  if (!page) return;
  const lines = page.text.split("\n");
  if (lines.length && lines[lines.length - 1] === "") lines.pop();
  lines.forEach((line, i) => {
    pre.append(el("span", { class: `line${highlight && highlight.line === i + 1 ? " hit" : ""}`,
      "data-line": i + 1, text: line || " " }), "\n");
  });
  pre.dataset.page = page.number;
}

async function showSource(r) {
  renderSource(r);
  const hit = $("source-text").querySelector(".line.hit");
  if (hit) hit.scrollIntoView({ block: "center", behavior: "smooth" });
  const view = $("page-view");
  const page = pageOf(r);
  if (page && page.pdfPage && r.bbox) {
    const { renderPage, boxToViewport } = await import("./pdfinput.js");
    const width = Math.min(view.clientWidth || 600, 900);
    const scale = width / (page.view[2] - page.view[0]);
    if (view.dataset.page !== String(page.number) || view.dataset.scale !== String(scale)) {
      const canvas = await renderPage(page.pdfPage, scale * (window.devicePixelRatio || 1));
      canvas.style.width = `${width}px`;
      view.replaceChildren(canvas, el("div", { class: "box" }));
      view.dataset.page = String(page.number);
      view.dataset.scale = String(scale);
    }
    const rect = boxToViewport(page.pdfPage, scale, r.bbox);
    const box = view.querySelector(".box");
    Object.assign(box.style, { left: `${rect.left - 3}px`, top: `${rect.top - 3}px`,
      width: `${rect.width + 6}px`, height: `${rect.height + 6}px` });
    box.scrollIntoView({ block: "center", behavior: "smooth" });
  } else if (!page || !page.pdfPage) {
    view.replaceChildren();
    delete view.dataset.page;
  }
}

function select(index) {
  state.selected = index;
  document.querySelectorAll("tr.result.selected").forEach((tr) => tr.classList.remove("selected"));
  const row = document.querySelector(`tr.result[data-index="${index}"]`);
  if (row) row.classList.add("selected");
  showSource(state.report.results[index]);
}

/* ---------------------------------------------------------------- editing */

function entity(label, text, line) {
  return Object.freeze({ label, start: 0, end: 0, text, line, confidence: 1.0 });
}

/**
 * A result from what the user typed, read by the same rules as extracted text (name matching,
 * units, plausibility, range, derived flag). Page, line and box stay those of the original.
 */
function reinterpret(fields, original) {
  const { engine } = state;
  const line = (original?.line ?? 1) - 1;
  const raw = new RawResult(entity("VALUE", fields.value.trim(), line));
  if (fields.name.trim()) raw.name = entity("BIOMARKER", fields.name.trim(), line);
  if (fields.unit.trim()) raw.unit = entity("UNIT", fields.unit.trim(), line);
  if (fields.range.trim()) raw.range = entity("RANGE", fields.range.trim(), line);
  if (fields.flag.trim()) raw.flag = entity("FLAG", fields.flag.trim(), line);
  const sex = detectSex(state.pages.map((p) => p.text).join("\n"), engine.lexicon);
  const result = interpret(raw, engine.kb, { lexicon: engine.lexicon, sex });
  result.line = original ? original.line : null;
  result.page = original ? original.page : null;
  result.bbox = original ? original.bbox : null;
  result.confidence = 1.0;
  result.reasons.push(original ? "edited by the user" : "added by the user");
  return engine.convert(result.toDict(), state.units);
}

function editRow(index) {
  const r = index === null ? null : state.report.results[index];
  const row = index === null ? null : document.querySelector(`tr.result[data-index="${index}"]`);
  const input = (name, value, label) => el("input", { name, value: value ?? "", "aria-label": label,
    placeholder: label, list: name === "name" ? "analyte-names" : null });
  const form = el("tr", { class: "edit-row" }, el("td", { colspan: 6 },
    el("form", { class: "edit", onsubmit: (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(event.target).entries());
      const updated = reinterpret(data, r);
      if (index === null) state.report.results.push(updated);
      else state.report.results[index] = updated;
      render();
      setStatus(index === null ? "Result added." : "Result updated.", "ok");
    } },
    input("name", r?.name, "Test name"),
    input("value", r ? (r.value_text || `${r.comparator ?? ""}${fmt(r.value)}`) : "", "Value"),
    input("unit", r?.unit_inferred ? "" : r?.unit, "Unit"),
    input("range", r?.reference_range?.text, "Reference range"),
    input("flag", r?.flag_source === "report" ? r.flag : "", "Flag (H, L…)"),
    el("button", { type: "submit", class: "button small save", text: "Save" }),
    el("button", { type: "button", class: "button small secondary cancel", text: "Cancel",
      onclick: () => render() }))));
  if (row) row.replaceWith(form);
  else {
    let table = document.querySelector("#results table.results tbody");
    if (!table) {
      $("results").replaceChildren(el("table", { class: "results" }, el("tbody")));
      table = document.querySelector("#results tbody");
    }
    table.append(form);
  }
  form.querySelector("input").focus();
}

function deleteRow(index) {
  const [removed] = state.report.results.splice(index, 1);
  state.selected = null;
  render();
  setStatus(`Deleted ${removed.name}.`, "ok");
}

/* ---------------------------------------------------------------- exports */

function download(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function stem() {
  const source = state.report?.source ?? "report";
  return source.replace(/\.[A-Za-z0-9]+$/, "").replace(/[^\w.-]+/g, "_") || "report";
}

const exporters = {
  json: () => toJson(state.report),
  csv: () => toCsv(state.report),
  fhir: () => toFhir(state.report, state.engine.kb),
};

/* ---------------------------------------------------------------- wiring */

function wire() {
  const drop = $("drop");
  const take = (file) => file && run(file.name, () => readFile(file));
  $("file").addEventListener("change", (e) => {
    take(e.target.files[0]);
    e.target.value = "";
  });
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  for (const type of ["dragleave", "drop"]) {
    drop.addEventListener(type, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    take(e.dataTransfer.files[0]);
  });
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter") $("file").click(); });
  // a file dropped anywhere else must not make the browser navigate to it
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => e.preventDefault());
  $("extract-text").addEventListener("click", () => {
    const text = $("paste").value.replace(/\r\n?/g, "\n");
    if (!text.trim()) {
      setStatus("Paste the text of a report first.", "error");
      return;
    }
    run("pasted text", async () => ({ pages: [{ number: 1, text }] }));
  });
  $("units").addEventListener("change", (e) => {
    state.units = e.target.value;
    applyUnits();
    if (state.report) render();
  });
  $("add-row").addEventListener("click", () => editRow(null));
  for (const [kind, ext, type] of [["json", ".json", "application/json"], ["csv", ".csv", "text/csv"],
    ["fhir", ".fhir.json", "application/fhir+json"]]) {
    $(`export-${kind}`).addEventListener("click", () => {
      if (state.report) download(exporters[kind](), `${stem()}${ext}`, type);
    });
  }
}

const api = {
  version: BUILD.versions,
  ready: null,
  engine: null,
  /** `bloodclarity extract --format json` of a text (a Promise of the report object). */
  async extractText(text, { source = "text", units = "as-printed" } = {}) {
    const engine = await api.ready;
    return engine.extractText(text, { source, units });
  },
  /** The report on screen, with the user's edits. */
  report: () => state.report && JSON.parse(JSON.stringify(state.report)),
  /** The pages of the document on screen, as read (text; PDF character boxes). */
  pages: () => state.pages.map((p) => ({ number: p.number, text: p.text,
    boxes: p.boxes ?? null, warnings: p.warnings ?? [] })),
  export: (kind) => exporters[kind](),
};
window.bloodclarity = api;

api.ready = (async () => {
  wire();
  const t0 = performance.now();
  try {
    const engine = await Engine.load({ onProgress: (m) => setStatus(`${m}…`) });
    state.engine = api.engine = engine;
    const names = el("datalist", { id: "analyte-names" },
      [...engine.kb].map((a) => el("option", { value: a.name })));
    document.body.append(names);
    setStatus(`Ready: the model runs on this device (WebAssembly, ${engine.threads} ` +
      `thread${engine.threads > 1 ? "s" : ""}, loaded in ${(performance.now() - t0).toFixed(0)} ms).`, "ok");
    document.body.dataset.ready = "1";
    return engine;
  } catch (error) {
    console.error(error);
    setStatus(`Could not load the model: ${error.message}`, "error");
    document.body.dataset.ready = "error";
    throw error;
  }
})();
