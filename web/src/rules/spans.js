/**
 * Snap the model's VALUE, RANGE and UNIT spans to whole printed tokens: port of
 * src/bloodclarity/extract/spans.py.
 *
 * A VALUE is widened over the digits, separators and OCR look-alike letters touching it (and a
 * minus sign before it) when the widened span is a whole token; a BIOMARKER span that had
 * taken those characters gives them back. A RANGE is widened the same way at both ends, taking
 * a FLAG that is only a look-alike letter glued to it, unless that would take another span's
 * characters. Touching UNIT spans are joined, a UNIT is widened over the unit characters
 * touching it that no other span holds and takes back the few letters a RANGE glued to it took,
 * and a RANGE of punctuation only is dropped. Dot leaders are no part of a number: a VALUE never
 * widens across one (nor over look-alike letters up to one), a VALUE run across one or across a
 * wide gap is split there, and a minus sign after one belongs to the value. A BIOMARKER span
 * takes the untagged letters and digits glued to its end, and a short whole number glued to it
 * when another value follows on the line ("CA 19-" + "9"); trailing leaders are cut off. A
 * VALUE that is only a minus sign is joined to the value it touches.
 * Offsets are in code points, as in Python.
 */

import { OCR_DIGIT_LOOKALIKES } from "./numbers.js";
import { S, isAlnum, isAlpha, isDigit, isSpace, rstrip } from "./pystr.js";

const NUMBER_CHARS = new Set("0123456789.," + OCR_DIGIT_LOOKALIKES);
const BEFORE = new Set(" \t\n|:(↑↓*");
const AFTER = new Set(" \t\n|)*");
const GLUED_NAME_DIGITS = 3;
const MINUS = ["-", "−"];
const COMPARATORS = new Set("<>≤≥");
const UNIT_LETTERS = new Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
const UNIT_CHARS = new Set([...UNIT_LETTERS, ..."0123456789/^*%µμ⁰¹²³⁴⁵⁶⁷⁸⁹⁻"]);
const GLUED_UNIT_LETTERS = 3;
const LEADER = /\.{2,}|…+/gu;
const RANGE_TAIL = new RegExp( // " 2 - 3.6", " 2 -", ") 0-5"
  "[ \\t]([0-9][0-9.,]*[ \\t]+[-–](?:[ \\t]+[0-9][0-9.,]*)?)$" +
  "|(?<=\\))[ \\t]+([0-9][0-9.,]*[ \\t]*[-–](?:[ \\t]*[0-9][0-9.,]*)?)$", "u");
const OPEN_RANGE = /[-–]$/u;
const NUMBER = /^[0-9][0-9.,]*$/u;
const VALUE_GAP = new RegExp(`\\.{2,}|…+|(?<![.,])[${S}]{2,}`, "gu"); // "19.  5" is one number

/** Whether cps[i] is part of a dot leader (two or more dots, or "…"). */
export function isLeader(cps, i) {
  return cps[i] === "…" || (cps[i] === "." &&
    ((i > 0 && cps[i - 1] === ".") || (i + 1 < cps.length && cps[i + 1] === ".")));
}

/**
 * The whole-number span around cps[start:end], or the span itself.
 * @param {string[]} cps the text's code points
 * @returns {[number, number]}
 */
export function widenValue(cps, start, end) {
  let a = start;
  let b = end;
  while (a > 0 && NUMBER_CHARS.has(cps[a - 1]) && !isLeader(cps, a - 1)) a -= 1;
  while (b < cps.length && NUMBER_CHARS.has(cps[b]) && !isLeader(cps, b)) b += 1;
  a = withMinus(cps, withTitre(cps, a));
  const letters = cps.slice(a, b).some(isAlpha); // OCR look-alikes
  const whole = (a === 0 || BEFORE.has(cps[a - 1]) || isLeader(cps, a - 1)) &&
    (b === cps.length || AFTER.has(cps[b]) || (isLeader(cps, b) && !letters));
  return whole && cps.slice(a, b).some(isDigit) ? [a, b] : [withMinus(cps, start), end];
}

/** spans._with_titre: `a` moved back over the "1:" of a titre and a comparator before it. */
function withTitre(cps, a) {
  if (a < 2 || cps[a - 2] !== "1" || cps[a - 1] !== ":" ||
      (a > 2 && (isAlnum(cps[a - 3]) || cps[a - 3] === "." || cps[a - 3] === ","))) return a;
  return a - 2 > 0 && COMPARATORS.has(cps[a - 3]) ? a - 3 : a - 2;
}

/** `a` moved back over a minus sign glued to the digit at `a` and standing after a space, a
 * colon or a leader ("Base deficit: -1.7mmol/L"). */
function withMinus(cps, a) {
  if (a > 0 && cps[a - 1] === "-" && (a === 1 || BEFORE.has(cps[a - 2]) || isLeader(cps, a - 2)) &&
      isDigit(cps[a])) return a - 1;
  return a;
}

/**
 * cps[start:end] widened over the unit characters touching it, stopping at the spans in `taken`
 * (none of which overlaps it).
 * @param {string[]} cps the text's code points
 * @param {Array<[number, number]>} taken
 * @returns {[number, number]}
 */
export function widenUnit(cps, start, end, taken) {
  const left = Math.max(0, ...taken.filter(([, b]) => b <= start).map(([, b]) => b));
  const right = Math.min(cps.length, ...taken.filter(([a]) => a >= end).map(([a]) => a));
  let a = start;
  let b = end;
  while (a > left && UNIT_CHARS.has(cps[a - 1])) a -= 1;
  while (b < right && UNIT_CHARS.has(cps[b])) b += 1;
  return [a, b];
}

/** spans._joined_units: each run of touching UNIT spans made one. */
/**
 * spans._joined: touching UNIT spans made one; a lone minus VALUE joined to the VALUE it
 * touches; the letters of a unit that a RANGE took given back.
 */
function joined(entities, cps) {
  const out = [];
  for (const e of entities) {
    const last = out.length ? out[out.length - 1] : null;
    if (last !== null && last.label === e.label && last.end === e.start &&
        (e.label === "UNIT" || (e.label === "VALUE" && MINUS.includes(last.text)))) {
      out[out.length - 1] = Object.freeze({
        ...last, end: e.end, text: last.text + e.text,
        confidence: Math.min(last.confidence, e.confidence),
      });
    } else if (last !== null && last.label === "UNIT" && e.label === "RANGE" && last.end === e.start) {
      const [unit, rest] = unitLettersBack(last, e, cps);
      out[out.length - 1] = unit;
      if (rest !== null) out.push(rest);
    } else {
      out.push(e);
    }
  }
  return out;
}

/** spans._unit_letters_back: a RANGE glued to a UNIT gives it the few letters it starts with. */
function unitLettersBack(unit, rng, cps) {
  let k = rng.start;
  while (k < rng.end && UNIT_LETTERS.has(cps[k])) k += 1;
  if (k === rng.start || k - rng.start > GLUED_UNIT_LETTERS || (k < rng.end && isAlpha(cps[k]))) {
    return [unit, rng];
  }
  const widenedUnit = Object.freeze({ ...unit, end: k, text: cps.slice(unit.start, k).join("") });
  while (k < rng.end && (isLeader(cps, k) || isSpace(cps[k]))) k += 1;
  const rest = Object.freeze({ ...rng, start: k, text: cps.slice(k, rng.end).join("") });
  return [widenedUnit, k < rng.end ? rest : null];
}

function trimmed(e, valueStart, cps) {
  if (e.label !== "BIOMARKER" || e.start >= valueStart) return null;
  const kept = Array.from(rstrip(cps.slice(e.start, valueStart).join(""), " \t-"));
  if (!kept.length) return null;
  return Object.freeze({ ...e, end: e.start + kept.length, text: kept.join("") });
}

/**
 * ``entities`` with VALUE, RANGE and UNIT spans widened (see the module comment).
 * @param {import("./assemble.js").Entity[]} entities
 * @param {string} text
 */
export function snapSpans(entities, text) {
  const cps = Array.from(text);
  const out = joined(splitAtGaps(entities, cps), cps);
  const widened = (e, start, end) =>
    Object.freeze({ ...e, start, end, text: cps.slice(start, end).join("") });
  out.forEach((e, i) => {
    if (e === null) return;
    const others = [];
    out.forEach((o, k) => { if (o !== null && k !== i) others.push([k, o]); });
    if (e.label === "UNIT") {
      const [start, end] = widenUnit(cps, e.start, e.end, others.map(([, o]) => [o.start, o.end]));
      out[i] = widened(e, start, end);
    } else if (e.label === "RANGE") {
      const [start, end] = widenValue(cps, e.start, e.end);
      const hit = others.filter(([, o]) => o.start < end && start < o.end);
      if (hit.every(([, o]) => o.label === "FLAG" && start <= o.start && o.end <= end)) {
        out[i] = widened(e, start, end);
        for (const [k] of hit) out[k] = null;
      }
    } else if (e.label === "VALUE") {
      const [start, end] = widenValue(cps, e.start, e.end);
      if (start === e.start && end === e.end) return;
      out[i] = widened(e, start, end);
      for (const [k, o] of others) {
        if (o.start < end && start < o.end) out[k] = trimmed(o, start, cps);
      }
    }
  });
  return rangesOutOfNames(
    wholeNames(out.filter((e) => e !== null).sort((a, b) => a.start - b.start), cps), cps);
}

/** spans._split_at_gaps: VALUE spans cut at their dot leaders and wide gaps, RANGE spans
 * without the leaders at their ends. */
function splitAtGaps(entities, cps) {
  const out = [];
  for (const e of entities) {
    if (e.label !== "VALUE" && e.label !== "RANGE") {
      out.push(e);
      continue;
    }
    let found = pieces(e, e.label === "VALUE" ? VALUE_GAP : LEADER);
    if (e.label === "RANGE") {
      found = found.length ? [[found[0][0], found[found.length - 1][1]]] : [];
      found = found.filter(([a, b]) => cps.slice(a, b).some(isAlnum));
    } else if (found.length > 1) {
      found = found.filter(([a, b]) => cps.slice(a, b).some(isDigit));
    }
    for (const [a, b] of found) {
      out.push(Object.freeze({ ...e, start: a, end: b, text: cps.slice(a, b).join("") }));
    }
  }
  return out;
}

/** spans._pieces: the spans of e's text between the matches of `gap`, as text offsets. */
function pieces(e, gap) {
  const bounds = [e.start];
  for (const m of e.text.matchAll(gap)) {
    const at = e.start + Array.from(e.text.slice(0, m.index)).length;
    bounds.push(at, at + Array.from(m[0]).length);
  }
  bounds.push(e.end);
  const out = [];
  for (let i = 0; i < bounds.length; i += 2) if (bounds[i] < bounds[i + 1]) out.push([bounds[i], bounds[i + 1]]);
  return out;
}

/** spans._whole_names: BIOMARKER spans ended at a word's end. */
function wholeNames(entities, cps) {
  const out = [...entities];
  entities.forEach((e, i) => {
    if (e.label !== "BIOMARKER") return;
    let end = e.end;
    const following = i + 1 < entities.length ? entities[i + 1] : null;
    const limit = following !== null ? following.start : cps.length;
    while (end < limit && isAlnum(cps[end])) end += 1;
    if (following !== null && following.label === "VALUE" && following.start === end &&
        numberGoesOn(cps, end) && Array.from(following.text).every(isDigit) &&
        following.end - following.start <= GLUED_NAME_DIGITS && valueFollows(entities, i + 2, e.line)) {
      end = following.end;
      out[i + 1] = null;
    }
    while (end > e.start + 1 && (isLeader(cps, end - 1) || isSpace(cps[end - 1]))) end -= 1;
    out[i] = Object.freeze({ ...e, end, text: cps.slice(e.start, end).join("") });
  });
  return out.filter((e) => e !== null);
}

/** spans._ranges_out_of_names: a range that a name took ("Transferrin 1.9 - 3.4",
 * "Transferrin 1.9 -", "CEA (ECLIA) 0-4") is cut from it; a RANGE left open ("2 -") takes the
 * number after it on its line. */
function rangesOutOfNames(entities, cps) {
  const cut = [];
  for (const e of entities) {
    const m = e.label === "BIOMARKER" ? RANGE_TAIL.exec(e.text) : null;
    if (m === null) {
      cut.push(e);
      continue;
    }
    const tail = m[1] ?? m[2];
    const nameEnd = e.start + Array.from(rstrip(e.text.slice(0, m.index))).length;
    cut.push(Object.freeze({ ...e, end: nameEnd, text: cps.slice(e.start, nameEnd).join("") }));
    cut.push(Object.freeze({ ...e, label: "RANGE", start: e.end - tail.length, text: tail }));
  }
  const out = [];
  for (const e of cut) {
    const last = out.length ? out[out.length - 1] : null;
    if (last !== null && last.label === "RANGE" && OPEN_RANGE.test(last.text) &&
        (e.label === "VALUE" || e.label === "RANGE") && NUMBER.test(e.text) &&
        cps.slice(last.end, e.start).every((ch) => ch === " " || ch === "\t")) {
      out[out.length - 1] = Object.freeze({ ...last, end: e.end,
        text: cps.slice(last.start, e.end).join(""),
        confidence: Math.min(last.confidence, e.confidence) });
    } else {
      out.push(e);
    }
  }
  return out;
}

/** spans._number_goes_on: a number glued at `end` continues the name ("Vitamin B" + "12",
 * "CA 19-" + "9", "CA-" + "125"). */
function numberGoesOn(cps, end) {
  return isAlpha(cps[end - 1]) || (cps[end - 1] === "-" && end > 1 && isAlnum(cps[end - 2]));
}

/** spans._value_follows: a VALUE comes on `line` from entities[start] on, before any name. */
function valueFollows(entities, start, line) {
  for (const e of entities.slice(start)) {
    if (e.line !== line || e.label === "BIOMARKER") return false;
    if (e.label === "VALUE") return true;
  }
  return false;
}
