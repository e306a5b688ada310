/**
 * Link labelled spans into raw results: port of src/bloodclarity/extract/assemble.py.
 *
 * On each line, every VALUE opens a result; a UNIT, FLAG or RANGE joins the value before it on
 * the line when that result lacks one, else the value after it. A value takes the last
 * BIOMARKER before it on its line; with none there, a name after it on its line that no value
 * follows (the value printed first); else the last BIOMARKER of up to NAME_LINES_ABOVE lines
 * above.
 *
 * OFFSETS ARE IN UNICODE CODE POINTS, as in Python (and as the model's spans are): for text
 * outside the BMP they differ from JavaScript string indices; makeEntities converts.
 */

import { hasAstral, isSpace } from "./pystr.js";

export const NAME_LINES_ABOVE = 3;

/**
 * @typedef {object} Entity a labelled span of the input text
 * @property {string} label
 * @property {number} start code point offset
 * @property {number} end code point offset
 * @property {string} text
 * @property {number} line 0-based line of ``start``
 * @property {number} confidence
 */

/** A value with the spans linked to it, before any rule is applied. */
export class RawResult {
  /** @param {Entity} value */
  constructor(value) {
    this.value = value;
    /** @type {Entity|null} */ this.name = null;
    /** @type {Entity|null} */ this.unit = null;
    /** @type {Entity|null} */ this.range = null;
    /** @type {Entity|null} */ this.flag = null;
    /** @type {Entity[]} */ this.extras = [];
  }
}

/** The code points of ``text`` when it has astral characters, else the string itself. */
function indexable(text) {
  return hasAstral(text) ? Array.from(text) : text;
}

/**
 * Offsets (code points) where each line begins.
 * @param {string} text
 */
export function lineStarts(text) {
  const cps = indexable(text);
  const starts = [0];
  for (let i = 0; i < cps.length; i++) if (cps[i] === "\n") starts.push(i + 1);
  return starts;
}

function pySlice(cps, start, end) {
  const n = cps.length;
  const norm = (i) => (i < 0 ? Math.max(0, n + i) : Math.min(i, n));
  const a = norm(start);
  const b = norm(end);
  if (b <= a) return "";
  return typeof cps === "string" ? cps.slice(a, b) : cps.slice(a, b).join("");
}

/**
 * Entities (label, start, end, confidence) of ``text`` with their line numbers.
 * @param {string} text
 * @param {Array<[string, number, number, number]>} spans code point offsets
 * @returns {Entity[]}
 */
export function makeEntities(text, spans) {
  const cps = indexable(text);
  const starts = lineStarts(text);
  const out = [];
  let line = 0;
  const sorted = [...spans].sort((a, b) => a[1] - b[1]);
  for (const [label, start, end, conf] of sorted) {
    while (line + 1 < starts.length && starts[line + 1] <= start) line += 1;
    out.push(Object.freeze({ label, start, end, text: pySlice(cps, start, end), line,
      confidence: conf ?? 1.0 }));
  }
  return out;
}

const SLOT = { UNIT: "unit", RANGE: "range", FLAG: "flag" };

function put(result, e) {
  const slot = SLOT[e.label];
  if (result[slot] === null) result[slot] = e;
  else result.extras.push(e);
}

function attachLine(entities, cps) {
  const results = [];
  let pending = [];
  for (const e of entities) {
    if (e.label === "VALUE") {
      const result = new RawResult(e);
      for (const p of pending) put(result, p);
      pending = [];
      results.push(result);
    } else if (Object.hasOwn(SLOT, e.label)) {
      const last = results.length ? results[results.length - 1] : null;
      const gluedBefore = e.label === "FLAG" && e.end >= 0 && e.end < cps.length &&
        !isSpace(cps[e.end]);
      if (last !== null && last[SLOT[e.label]] === null && !gluedBefore) put(last, e);
      else pending.push(e);
    } else if (e.label === "BIOMARKER") {
      pending = [];
    }
  }
  if (pending.length && results.length) {
    for (const p of pending) put(results[results.length - 1], p);
  }
  return results;
}

/** The first name after `value` on its line, if no value of the line follows it. */
function bareNameAfter(value, names, results) {
  const after = names.find((n) => n.start > value.start);
  if (after === undefined || results.some((r) => r.value.start > after.start)) return null;
  return after;
}

/**
 * Raw results of a document (see the module comment).
 * @param {Entity[]} entities
 * @param {string} text
 * @returns {RawResult[]}
 */
export function assemble(entities, text) {
  const cps = indexable(text);
  const byLine = new Map();
  for (const e of entities) {
    if (!byLine.has(e.line)) byLine.set(e.line, []);
    byLine.get(e.line).push(e);
  }
  const results = [];
  let lastName = null;
  for (const line of [...byLine.keys()].sort((a, b) => a - b)) {
    const items = byLine.get(line);
    const lineResults = attachLine(items, cps);
    const names = items.filter((e) => e.label === "BIOMARKER");
    for (const result of lineResults) {
      const before = names.filter((n) => n.start < result.value.start);
      const after = before.length ? null : bareNameAfter(result.value, names, lineResults);
      if (before.length) result.name = before[before.length - 1];
      else if (after !== null) result.name = after;
      else if (lastName !== null && line - lastName.line <= NAME_LINES_ABOVE) result.name = lastName;
    }
    if (names.length) lastName = names[names.length - 1];
    results.push(...lineResults);
  }
  return results;
}
