/**
 * Printed unit -> UCUM code: port of src/bloodclarity/rules/units.py.
 *
 * Spelling folding (µ/μ/u/mc, superscripts, OCR damage), then look-up: exact on the folded
 * spelling first (so "G/L", the French giga-per-litre, and "g/L" stay apart), then
 * case-insensitive; a case-insensitive key shared by several units, or a spelling listed as
 * ambiguous in the knowledge base, is never resolved silently.
 */

import { editDistance } from "./names.js";
import { S, W, casefold, chars, compareStrings, maketrans, pyRepr, rstrip, translate } from "./pystr.js";

const SUPERSCRIPTS = maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-");
const SUPERSCRIPT_RUN = /[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+/gu;
const OCR_I = /(?<=[/dmfnpceiu])I(?![UuNnDd])|(?<=[mM]o)I|I(?=l)|^I(?=\/)/gu;
// Python "$" also matches before a final "\n".
const OCR_ZERO = /(?<=[A-Za-z])0(?=[A-Za-z]|\n?$)/gu;
const NOT_WORD_AFTER = `(?![${W}])`; // Python "\b" after a word character
const MICRO_MC = new RegExp(
  `(?<![A-Za-z])mc(?=(?:g|mol|l|L|IU|iu|U|kat)${NOT_WORD_AFTER}|(?:g|mol|l|L|IU|U|kat)[/ ])`, "gu");
const POWER = new RegExp(`10[${S}]*(?:\\*|\\^|e|E)[${S}]*(?=[+\\-]?\\p{Nd})`, "gu");
const SPACES = new RegExp(`[${S}]+`, "gu");

/**
 * A canonical key for a printed unit spelling; case is kept.
 * @param {string} text
 * @returns {string}
 */
export function foldUnit(text) {
  let out = text.replace(SUPERSCRIPT_RUN, (m) => "^" + translate(m, SUPERSCRIPTS));
  out = out.normalize("NFKC").replaceAll("μ", "u").replaceAll("×", "x");
  out = out.replace(OCR_I, "l").replace(OCR_ZERO, "o");
  out = out.replace(MICRO_MC, "u");
  out = out.replace(POWER, "10^");
  out = rstrip(out.replace(SPACES, ""), ".");
  const head = out.slice(0, 4);
  return head === "x10^" || head === "X10^" ? out.slice(1) : out;
}

/** The UCUM reading of a printed unit: ``ucum`` when certain, else candidates + reason. */
export class UnitMatch {
  /**
   * @param {string} text
   * @param {string|null} ucum
   * @param {string[]} [candidates]
   * @param {string|null} [reason]
   */
  constructor(text, ucum, candidates = [], reason = null) {
    this.text = text;
    this.ucum = ucum;
    this.candidates = Object.freeze([...candidates]);
    this.reason = reason;
    Object.freeze(this);
  }
}

const indexes = new WeakMap();

function unitIndex(kb) {
  let index = indexes.get(kb);
  if (index) return index;
  const exact = new Map();
  const folded = new Map();
  for (const [code, unit] of kb.units) {
    for (const spelling of [code, ...unit.spellings]) {
      const key = foldUnit(spelling);
      if (!exact.has(key)) exact.set(key, code);
      const ci = casefold(key);
      if (!folded.has(ci)) folded.set(ci, new Set());
      folded.get(ci).add(code);
    }
  }
  for (const [spelling, codes] of kb.ambiguousUnitSpellings) {
    const key = foldUnit(spelling);
    exact.delete(key);
    folded.set(casefold(key), new Set(codes));
  }
  const sortedFolded = new Map();
  for (const [k, v] of folded) sortedFolded.set(k, Object.freeze([...v].sort(compareStrings)));
  index = { exact, folded: sortedFolded };
  indexes.set(kb, index);
  return index;
}

// OCR misreads, tried one at a time (then all together) only on spellings that are otherwise
// unknown: the micro sign read as "p" ("10^3/pL", "pg/dL") or dropped ("10^3/L", "K/L"); a
// superscript exponent flattened ("x103/uL") or its caret read as "%", "7", a quote or a degree
// sign ("x10%3/uL", "x1079/L", "10°9/L"); "l" read as "1" or "7" at the end ("U/1", "U/7"),
// as "t" ("mg/dt", "ft", "mmot/L") or lost at the end ("IU/m", "mg/d", "U/"); the O of H2O
// read as a zero; the q of mEq read as "a". Python "$" also matches before a final "\n".
const LOST_FINAL_L = /(?<=\/[dm]|\/)(?=\n?$)/u;
const LOST_MICRO = /^(?=g\/|mol\/)/u;
const MICRO_READ_AS_P = /(?<![A-Za-z])p(?=[A-Za-z])/u;
const OCR_READS = [[MICRO_READ_AS_P, "u"], [/(?<=\/)(?=[lL]\n?$)/u, "u"],
  [/(?<=10)[%7"°](?=\d)/u, "^"], [/(?<=10)(?=\d\/)/u, "^"], [/(?<=\/)[17](?=\n?$)/u, "l"],
  [/t(?=\n?$)/u, "l"], [/(?<=mo)t(?=\/)/u, "l"], [/(?<=H2)0/u, "O"], [/(?<=mE)a(?=\/)/u, "q"],
  [LOST_FINAL_L, "l"]];

/**
 * Map a printed unit to its UCUM code, or explain why not (unknown or ambiguous).
 *
 * A spelling that is unknown as printed is retried with each OCR misread of OCR_READS undone,
 * then with all of them, and the match says so in ``reason``.
 * @param {string} text
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @returns {UnitMatch}
 */
export function normaliseUnit(text, kb) {
  const key = foldUnit(text);
  if (!key) return new UnitMatch(text, null, [], "no unit");
  const match = lookUp(text, key, kb);
  if (match.ucum === null && !match.candidates.length) {
    let every = key; // last, all of them together ("x103/pL")
    for (const [pattern, replacement] of OCR_READS) every = foldUnit(every.replace(pattern, replacement));
    const singles = OCR_READS.map(([pattern, replacement]) => foldUnit(key.replace(pattern, replacement)));
    for (const repaired of [...singles, every]) {
      const again = repaired !== key ? lookUp(text, repaired, kb) : match;
      if (again.ucum !== null) {
        return new UnitMatch(text, again.ucum, [], `OCR damage: read as ${pyRepr(repaired)}`);
      }
    }
  }
  return match;
}

function lookUp(text, key, kb) {
  const index = unitIndex(kb);
  if (index.exact.has(key)) return new UnitMatch(text, index.exact.get(key));
  const candidates = index.folded.get(casefold(key)) ?? [];
  if (candidates.length === 1) return new UnitMatch(text, candidates[0]);
  if (candidates.length) {
    return new UnitMatch(text, null, candidates, `ambiguous unit: could be ${candidates.join(" or ")}`);
  }
  return new UnitMatch(text, null, [], "unknown unit");
}

// Characters OCR confuses in units, each class read as one (see units.py).
const UNIT_LOOKALIKES = maketrans("yw¡p1I|itTL0OQgqS", "uuuulllllllooo999");
const MIN_LOOKALIKE_EDIT_LENGTH = 3;
const LOST_EXPONENT = /^[xX]?10[^\p{Nd}/^]?(\/[^]+)$/u; // a superscript lost: "x10?/uL", "x10/uL"

/** A folded unit with OCR look-alikes merged, case-insensitive. */
export function unitSkeleton(text) {
  return casefold(translate(foldUnit(text), UNIT_LOOKALIKES));
}

/**
 * The one unit of `analyte` ([UCUM code, spelling]) whose spelling `text` reads as, up to OCR
 * look-alikes and one edit in units of 3 characters or more, or up to an exponent OCR lost
 * ("x10?/uL"); null if none or several.
 */
export function lookalikeUnit(text, analyte, kb) {
  const lost = foldUnit(text).match(LOST_EXPONENT);
  if (lost !== null) {
    const per = casefold(lost[1]);
    const codes = analyte.units.filter((c) => /^10\*\p{Nd}+\/[^]+$/u.test(c) &&
      casefold(c.slice(c.indexOf("/"))) === per);
    return codes.length === 1 ? [codes[0], codes[0]] : null;
  }
  const key = unitSkeleton(text);
  const allowed = chars(key).length >= MIN_LOOKALIKE_EDIT_LENGTH ? 1 : 0;
  const best = new Map();
  for (const code of analyte.units) {
    for (const spelling of [code, ...kb.units.get(code).spellings]) {
      const d = editDistance(key, unitSkeleton(spelling), allowed + 1);
      if (d <= allowed && d < (best.get(code)?.[0] ?? allowed + 1)) best.set(code, [d, spelling]);
    }
  }
  if (!best.size) return null;
  const top = Math.min(...[...best.values()].map(([d]) => d));
  const codes = [...best.keys()].filter((c) => best.get(c)[0] === top);
  return codes.length === 1 ? [codes[0], best.get(codes[0])[1]] : null;
}

/**
 * Like normaliseUnit, resolving an ambiguous spelling by the analyte's units; a known spelling
 * the analyte never has that lost its final "l" ("mg/d" for magnesium) or its micro sign
 * ("g/dL" for total T4), or whose micro sign was read as "p" ("pmol/L" for creatinine), is read
 * with it; an unknown spelling is read as the analyte's unit it is
 * an OCR misreading of (lookalikeUnit: "ymol/L" for µmol/L).
 * @param {string} text
 * @param {import("./knowledge.js").Analyte} analyte
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @returns {UnitMatch}
 */
export function unitForAnalyte(text, analyte, kb) {
  const match = normaliseUnit(text, kb);
  if (match.ucum === null && match.candidates.length) {
    const fitting = match.candidates.filter((c) => analyte.units.includes(c));
    if (fitting.length === 1) return new UnitMatch(text, fitting[0], match.candidates, null);
  }
  if (match.ucum === null && !match.candidates.length) {
    const found = lookalikeUnit(text, analyte, kb);
    if (found !== null) return new UnitMatch(text, found[0], [], `OCR damage: read as ${pyRepr(found[1])}`);
  }
  if (match.ucum !== null && !analyte.units.includes(match.ucum)) {
    const key = foldUnit(text);
    for (const [pattern, replacement] of [[LOST_FINAL_L, "l"], [LOST_MICRO, "u"], [MICRO_READ_AS_P, "u"]]) {
      const repaired = key.replace(pattern, replacement);
      if (repaired === key) continue;
      const again = lookUp(text, repaired, kb);
      if (again.ucum !== null && analyte.units.includes(again.ucum)) {
        return new UnitMatch(text, again.ucum, [], `OCR damage: read as ${pyRepr(repaired)}`);
      }
    }
  }
  return match;
}
