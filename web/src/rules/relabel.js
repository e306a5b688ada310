/**
 * Spans the model labelled wrongly or left out, set right with the knowledge base: port of
 * src/bloodclarity/extract/relabel.py.
 *
 * - A FLAG or UNIT span that reads as no flag and no unit but as a test name is a name
 *   ("4.31 Potassium 3.5 - 5.1 mmol/L"), and a one-word RANGE after a name that completes the
 *   name is part of it ("CA" + "19-9"), as is a VALUE after a name that is no name without it
 *   ("Partial pressure" + "O2").
 * - A name with no value of its own (no VALUE before it on its line, none after it before the
 *   next name) and an untagged number right after it on its line ("ANA: 2 titer") gets that
 *   number as its value, with confidence RULE_CONFIDENCE; not a number that completes the
 *   name ("CA" + "125"). Offsets are in code points, as in Python.
 */

import { parseFlag } from "./flags.js";
import { matchName } from "./names.js";
import { isSpace } from "./pystr.js";
import { normaliseUnit } from "./units.js";

export const RULE_CONFIDENCE = 0.5;
const NUMBER_AFTER_NAME = /^[ \t]*:?[ \t]*([<>≤≥]?[0-9]+(?:[.,][0-9]+)?)(?=[ \t)\n]|$)/u;

/** relabel.is_misread_name: a FLAG or UNIT span that reads as a test name, not a flag or unit. */
export function isMisreadName(e, kb, lexicon) {
  if ((e.label !== "FLAG" && e.label !== "UNIT") ||
      (e.label === "FLAG" && parseFlag(e.text, { lexicon }) !== null)) return false;
  if (e.label === "UNIT") {
    const unit = normaliseUnit(e.text, kb);
    if (unit.ucum !== null || unit.candidates.length) return false;
  }
  const match = matchName(e.text, kb);
  return match.analytes.length > 0 && match.method !== "fuzzy";
}

/** relabel.relabel: `entities` (in text order) set right. */
export function relabel(entities, text, kb, lexicon) {
  const cps = Array.from(text);
  const named = namesCompleted(entities.map((e) => (isMisreadName(e, kb, lexicon)
    ? Object.freeze({ ...e, label: "BIOMARKER" }) : e)), cps, kb);
  const out = [];
  named.forEach((e, i) => {
    out.push(e);
    if (e.label !== "BIOMARKER" || hasValue(named, i + 1) || valueBefore(named, i)) return;
    const limit = i + 1 < named.length ? named[i + 1].start : cps.length;
    const m = NUMBER_AFTER_NAME.exec(cps.slice(e.end, limit).join(""));
    if (m === null || matchName(`${e.text} ${m[1]}`, kb).analytes.length) return;
    const start = e.end + m[0].length - m[1].length;
    out.push(Object.freeze({ ...e, label: "VALUE", start, end: start + m[1].length, text: m[1],
      confidence: RULE_CONFIDENCE }));
  });
  return out;
}

/** relabel._names_completed: a name followed, after spaces, by a one-word RANGE that
 * completes it ("CA" + "19-9") takes that word; so does a name that is no name without the
 * VALUE after it ("Partial pressure" + "O2"). */
function namesCompleted(entities, cps, kb) {
  const out = [];
  for (const e of entities) {
    const last = out.length ? out[out.length - 1] : null;
    const between = last === null ? [] : cps.slice(last.end, e.start);
    if (last !== null && last.label === "BIOMARKER" &&
        (e.label === "RANGE" || e.label === "VALUE") && e.line === last.line &&
        between.every((ch) => ch === " " || ch === "\t") &&
        !Array.from(e.text).some(isSpace) &&
        (e.label === "RANGE" || !matchName(last.text, kb).analytes.length)) {
      const joined = cps.slice(last.start, e.end).join("");
      const match = matchName(joined, kb);
      if (match.analytes.length && match.method !== "fuzzy") {
        out[out.length - 1] = Object.freeze({ ...last, end: e.end, text: joined,
          confidence: Math.min(last.confidence, e.confidence) });
        continue;
      }
    }
    out.push(e);
  }
  return out;
}

/** relabel._value_before: a VALUE comes before entities[i] on its line, after any other name. */
function valueBefore(entities, i) {
  for (let k = i - 1; k >= 0; k -= 1) {
    const e = entities[k];
    if (e.line !== entities[i].line || e.label === "BIOMARKER") return false;
    if (e.label === "VALUE") return true;
  }
  return false;
}

/** relabel._has_value: a VALUE comes from entities[start] on, before the next name. */
function hasValue(entities, start) {
  for (const e of entities.slice(start)) {
    if (e.label === "BIOMARKER") return false;
    if (e.label === "VALUE") return true;
  }
  return false;
}
