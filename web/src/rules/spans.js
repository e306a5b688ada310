/**
 * Snap the model's VALUE spans to whole printed numbers: port of
 * src/bloodclarity/extract/spans.py.
 *
 * A VALUE is widened over the digits, separators and OCR look-alike letters touching it (and a
 * minus sign before it) when the widened span is a whole token; a BIOMARKER span that had
 * taken those characters gives them back. Offsets are in code points, as in Python.
 */

import { OCR_DIGIT_LOOKALIKES } from "./numbers.js";
import { isDigit, rstrip } from "./pystr.js";

const NUMBER_CHARS = new Set("0123456789.," + OCR_DIGIT_LOOKALIKES);
const BEFORE = new Set(" \t\n|:(↑↓*");
const AFTER = new Set(" \t\n|)*");

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

function trimmed(e, valueStart, cps) {
  if (e.label !== "BIOMARKER" || e.start >= valueStart) return null;
  const kept = Array.from(rstrip(cps.slice(e.start, valueStart).join(""), " \t-"));
  if (!kept.length) return null;
  return Object.freeze({ ...e, end: e.start + kept.length, text: kept.join("") });
}

/**
 * ``entities`` with VALUE spans widened to whole numbers.
 * @param {import("./assemble.js").Entity[]} entities
 * @param {string} text
 */
export function snapValues(entities, text) {
  const cps = Array.from(text);
  const out = [...entities];
  out.forEach((e, i) => {
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
