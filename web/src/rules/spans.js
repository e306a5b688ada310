/**
 * Snap the model's VALUE and UNIT spans to whole printed tokens: port of
 * src/bloodclarity/extract/spans.py.
 *
 * A VALUE is widened over the digits, separators and OCR look-alike letters touching it (and a
 * minus sign before it) when the widened span is a whole token; a BIOMARKER span that had
 * taken those characters gives them back. A RANGE is widened the same way at both ends, taking
 * a FLAG that is only a look-alike letter glued to it, unless that would take another span's
 * characters. Touching UNIT spans are joined, and a UNIT is widened
 * over the unit characters touching it that no other span holds. Offsets are in code points, as
 * in Python.
 */

import { OCR_DIGIT_LOOKALIKES } from "./numbers.js";
import { isDigit, rstrip } from "./pystr.js";

const NUMBER_CHARS = new Set("0123456789.," + OCR_DIGIT_LOOKALIKES);
const BEFORE = new Set(" \t\n|:(↑↓*");
const AFTER = new Set(" \t\n|)*");
const UNIT_CHARS = new Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" +
  "/^*%µμ⁰¹²³⁴⁵⁶⁷⁸⁹⁻");

/**
 * The whole-number span around cps[start:end], or the span itself.
 * @param {string[]} cps the text's code points
 * @returns {[number, number]}
 */
export function widenValue(cps, start, end) {
  let a = start;
  let b = end;
  while (a > 0 && NUMBER_CHARS.has(cps[a - 1])) a -= 1;
  while (b < cps.length && NUMBER_CHARS.has(cps[b])) b += 1;
  if (a > 0 && cps[a - 1] === "-" && (a === 1 || BEFORE.has(cps[a - 2])) && isDigit(cps[a])) a -= 1;
  const whole = (a === 0 || BEFORE.has(cps[a - 1])) && (b === cps.length || AFTER.has(cps[b]));
  return whole && cps.slice(a, b).some(isDigit) ? [a, b] : [start, end];
}

/**
 * cps[start:end] widened over the unit characters touching it, stopping at the spans in `taken`.
 * @param {string[]} cps the text's code points
 * @param {Array<[number, number]>} taken
 * @returns {[number, number]}
 */
export function widenUnit(cps, start, end, taken) {
  const held = new Set();
  for (const [a, b] of taken) for (let i = a; i < b; i++) held.add(i);
  let a = start;
  let b = end;
  while (a > 0 && UNIT_CHARS.has(cps[a - 1]) && !held.has(a - 1)) a -= 1;
  while (b < cps.length && UNIT_CHARS.has(cps[b]) && !held.has(b)) b += 1;
  return [a, b];
}

/** spans._joined_units: each run of touching UNIT spans made one. */
function joinedUnits(entities) {
  const out = [];
  for (const e of entities) {
    const last = out.length ? out[out.length - 1] : null;
    if (e.label === "UNIT" && last !== null && last.label === "UNIT" && last.end === e.start) {
      out[out.length - 1] = Object.freeze({
        ...last, end: e.end, text: last.text + e.text,
        confidence: Math.min(last.confidence, e.confidence),
      });
    } else {
      out.push(e);
    }
  }
  return out;
}

function trimmed(e, valueStart, cps) {
  if (e.label !== "BIOMARKER" || e.start >= valueStart) return null;
  const kept = Array.from(rstrip(cps.slice(e.start, valueStart).join(""), " \t-"));
  if (!kept.length) return null;
  return Object.freeze({ ...e, end: e.start + kept.length, text: kept.join("") });
}

/**
 * ``entities`` with VALUE spans widened to whole numbers and UNIT spans to whole units.
 * @param {import("./assemble.js").Entity[]} entities
 * @param {string} text
 */
export function snapSpans(entities, text) {
  const cps = Array.from(text);
  const out = joinedUnits(entities);
  out.forEach((e, i) => {
    if (e !== null && e.label === "UNIT") {
      const others = out.filter((o, k) => k !== i && o !== null).map((o) => [o.start, o.end]);
      const [start, end] = widenUnit(cps, e.start, e.end, others);
      out[i] = Object.freeze({ ...e, start, end, text: cps.slice(start, end).join("") });
    }
    if (e !== null && e.label === "RANGE") {
      const [start, end] = widenValue(cps, e.start, e.end);
      const hit = [];
      out.forEach((o, k) => {
        if (o !== null && k !== i && o.start < end && start < o.end) hit.push(k);
      });
      if (hit.every((k) => out[k].label === "FLAG" && start <= out[k].start && out[k].end <= end)) {
        out[i] = Object.freeze({ ...e, start, end, text: cps.slice(start, end).join("") });
        for (const k of hit) out[k] = null;
      }
    }
    if (e === null || e.label !== "VALUE") return;
    const [start, end] = widenValue(cps, e.start, e.end);
    if (start === e.start && end === e.end) return;
    out[i] = Object.freeze({ ...e, start, end, text: cps.slice(start, end).join("") });
    out.forEach((other, k) => {
      if (k !== i && other !== null && other.start < end && start < other.end) {
        out[k] = trimmed(other, start, cps);
      }
    });
  });
  return out.filter((e) => e !== null).sort((a, b) => a.start - b.start);
}
