/**
 * Printed reference ranges: port of src/bloodclarity/rules/ranges.py.
 *
 * Each line of the text is cut into tokens (numbers, comparators, separators, lexicon phrases),
 * read into values (the ranges) and labels (sex words, age groups, ages such as "18-49 years"),
 * and grouped into bands: a line with one value takes all its labels; with several, each value
 * takes the labels before it (or after it, when the line starts with a value and ends with a
 * label); a line of labels alone heads the next line. The band that applies to the patient is
 * kept when it is the only one not ruled out by the known ``sex`` and ``age``.
 */

import {
  COMPARATOR_SYMBOLS,
  NUMBER_STICKY,
  SYMBOLS_LONGEST_FIRST,
  detectDecimalConvention,
  normalize,
  readNumber,
  reciprocalTitres,
  repairOcr,
} from "./numbers.js";
import {
  LETTER, casefold, charWidthAt, cpLength, isDigit, lastChar, reEscape, rstrip, splitlines, strip,
} from "./pystr.js";

/** Age group -> [from, to) in years; overlapping groups printed together select no band. */
export const AGE_GROUP_YEARS = Object.freeze({
  newborn: [0.0, 28 / 365.25], infant: [0.0, 1.0], child: [0.0, 18.0], adult: [18.0, Infinity],
});
const PER_YEAR = { year: 1.0, month: 12.0, day: 365.25 };
const SEXES = new Map([["male", "male"], ["m", "male"], ["female", "female"], ["f", "female"]]);
const SYMBOL = new RegExp(
  "\\.{2,}|[~;+\\-]|" + SYMBOLS_LONGEST_FIRST.map(reEscape).join("|"), "uy");
const WORD = new RegExp(`[${LETTER}]+`, "uy");
// OCR reads "≤" as "s" ("s 40" -> "≤ 40"); its "<" for "≤" needs no repair, and its "=" may
// be "≤" or "≥", so it is read only as the caller's loneEquals
const OCR_AT_MOST = /^(\s*)s(?=\s+\d)/u;
const LONE_EQUALS = /(?<![<>=])=(?![<>=])(?=\s*\d)/gu;

/** A printed reference range; ``low``/``high`` are null when open or not applicable. */
export class ReferenceRange {
  /**
   * @param {number|null} low
   * @param {number|null} high
   * @param {string} text
   */
  constructor(low, high, text) {
    this.low = low;
    this.high = high;
    this.text = text;
    Object.freeze(this);
  }

  /** `{low, high, text}`. */
  toDict() {
    return { low: this.low, high: this.high, text: this.text };
  }

  /** Inverse of toDict. */
  static fromDict(data) {
    const low = data.low ?? null;
    const high = data.high ?? null;
    return new ReferenceRange(low === null ? null : Number(low),
      high === null ? null : Number(high), data.text ?? "");
  }
}

class Token {
  constructor(kind, text, value = 0.0, afterUnit = false) {
    this.kind = kind; // num, op, sep, plus, word or other
    this.text = text;
    this.value = value;
    this.afterUnit = afterUnit; // next to a digit or "/" (spaces aside), as a unit would be
  }
}

/** An interval; with ``unit`` (year, month, day) it is an age condition, not a range. */
class Bound {
  constructor({ low = null, high = null, lowStrict = false, highStrict = false, unit = null } = {}) {
    this.low = low;
    this.high = high;
    this.lowStrict = lowStrict;
    this.highStrict = highStrict;
    this.unit = unit;
  }

  /** Whether ``age`` (in ``unit``s) fits; ages count whole units ("18-49": below 50). */
  containsAge(age) {
    if (this.low !== null && (age < this.low || (age === this.low && this.lowStrict))) return false;
    if (this.high === null) return true;
    if (!this.highStrict && Number.isInteger(this.high)) return age < this.high + 1;
    return age < this.high || (age === this.high && !this.highStrict);
  }
}

function matchAt(re, text, pos) {
  re.lastIndex = pos;
  return re.exec(text);
}

function tokenize(line, lexicon, decimal) {
  const tokens = [];
  let pos = 0;
  while (pos < line.length) {
    let number = matchAt(NUMBER_STICKY, line, pos);
    if (number && number.groups.sign && tokens.length && tokens[tokens.length - 1].kind === "num") {
      number = null; // "3-5": the dash separates
    }
    if (number) {
      const read = readNumber(number[0], { decimal });
      if (read) tokens.push(new Token("num", number[0], read[0]));
      pos += number[0].length;
      continue;
    }
    let match;
    let kind;
    if ((match = matchAt(SYMBOL, line, pos))) {
      kind = Object.hasOwn(COMPARATOR_SYMBOLS, match[0]) ? "op" : match[0] === "+" ? "plus" : "sep";
    } else if ((match = matchAt(lexicon.phrasesSticky, line, pos))) {
      kind = "word";
    } else if ((match = matchAt(WORD, line, pos))) {
      kind = "other";
    } else {
      pos += charWidthAt(line, pos);
      continue;
    }
    const before = lastChar(rstrip(line.slice(0, pos)));
    tokens.push(new Token(kind, match[0], 0.0, isDigit(before) || before === "/"));
    pos += match[0].length;
  }
  return tokens;
}

const DECIMALS = /[.,](\p{Nd}+)\n?$/u; // Python "$" also matches before a final "\n"

/**
 * A low bound above the high one whose decimal point OCR lost ("39 - 5.5", "350 - 5,00"): the
 * low bound with the high bound's decimals put back, when that puts it below.
 * @param {string} lowText
 * @param {number} low
 * @param {string} highText
 * @param {number} high
 * @returns {number}
 */
export function restoreLostDecimal(lowText, low, highText, high) {
  const decimals = DECIMALS.exec(highText);
  if (low <= high || decimals === null || /[.,]/.test(lowText)) return low;
  const restored = low / Number(`1e${cpLength(decimals[1])}`);
  return restored < high ? restored : low;
}

function unitAt(tokens, i, lexicon) {
  if (i < tokens.length && tokens[i].kind === "word" && lexicon.ageUnits.has(tokens[i].text)) {
    return [i + 1, lexicon.ageUnits.get(tokens[i].text)];
  }
  return [i, null];
}

function oneSided(op, value, unit) {
  if (op.startsWith("<")) return new Bound({ high: value, highStrict: op === "<", unit });
  return new Bound({ low: value, lowStrict: op === ">", unit });
}

function boundAt(tokens, i, lexicon) {
  const kind = (k) => (k < tokens.length ? tokens[k].kind : "");
  const token = tokens[i];
  if (kind(i) === "num") {
    const [j, unit] = unitAt(tokens, i + 1, lexicon);
    const sep = j < tokens.length ? tokens[j] : null;
    const separates = sep && (sep.kind === "sep" || (
      sep.kind === "word" && lexicon.rangeSeparators.has(sep.text)));
    if (separates && kind(j + 1) === "num") {
      const [k, highUnit] = unitAt(tokens, j + 2, lexicon);
      const low = restoreLostDecimal(token.text, token.value, tokens[j + 1].text, tokens[j + 1].value);
      return [new Bound({ low, high: tokens[j + 1].value, unit: unit || highUnit }), k];
    }
    const op = sep === null ? "" : sep.kind === "plus" ? ">=" : (
      sep.kind === "word" ? (lexicon.boundsAfter.get(sep.text) ?? "") : "");
    if (op) {
      const [k, lateUnit] = unitAt(tokens, j + 1, lexicon);
      return [oneSided(op, token.value, unit || lateUnit), k];
    }
    return null;
  }
  const op = token.kind === "op" ? COMPARATOR_SYMBOLS[token.text] ?? null : (
    token.kind === "word" ? (lexicon.bounds.get(token.text) ?? null) : null);
  if (op && kind(i + 1) === "num") {
    const twoSided = boundAt(tokens, i + 1, lexicon); // "from 3 to 5"
    if (twoSided && twoSided[0].low !== null && twoSided[0].high !== null) return twoSided;
    const [k, unit] = unitAt(tokens, i + 2, lexicon);
    return [oneSided(op, tokens[i + 1].value, unit), k];
  }
  return null;
}

function isSexWord(text, lexicon) {
  for (const table of lexicon.sex.values()) if (table.has(text)) return true;
  return false;
}

function items(tokens, lexicon) {
  let out = [];
  let i = 0;
  while (i < tokens.length) {
    const found = boundAt(tokens, i, lexicon);
    if (found) {
      out.push([found[0].unit ? "age" : "value", found[0]]);
      i = found[1];
      continue;
    }
    const token = tokens[i];
    i += 1;
    if (token.kind !== "word") continue;
    if (isSexWord(token.text, lexicon)) {
      out.push([token.afterUnit ? "unit?" : "sex", token.text]);
    } else if (lexicon.ageGroups.has(token.text)) {
      out.push(["group", lexicon.ageGroups.get(token.text)]);
    } else if (lexicon.qualitative.has(token.text)) {
      out.push(["qual", null]);
    }
  }
  // a sex letter placed like a unit ("mg/24 h", "10^9 /L") is one unless a value follows it
  let lastValue = -1;
  out.forEach(([kind], n) => { if (kind === "value") lastValue = n; });
  out = out.filter(([kind], n) => kind !== "unit?" || n < lastValue)
    .map(([kind, p]) => (kind === "unit?" ? ["sex", p] : [kind, p]));
  if (lastValue >= 0) return out.filter(([kind]) => kind !== "qual");
  return out.map(([kind, p]) => (kind === "qual" ? ["value", null] : [kind, p]));
}

function band(group) {
  const of = (kind) => group.filter(([k]) => k === kind).map(([, p]) => p);
  return { bound: group.find(([k]) => k === "value")[1], sexWords: of("sex"), groups: of("group"), ages: of("age") };
}

function bands(lines) {
  const out = [];
  let pending = [];
  for (const line of lines) {
    const all = pending.concat(line);
    const values = [];
    all.forEach(([kind], n) => { if (kind === "value") values.push(n); });
    if (!values.length) {
      pending = all;
      continue;
    }
    pending = [];
    let groups;
    if (values.length === 1) {
      groups = [all];
    } else if (values[0] === 0 && all[all.length - 1][0] !== "value") { // "13-17 (M) 12-15 (F)"
      const ends = values.slice(1).concat([all.length]);
      groups = values.map((a, n) => all.slice(a, ends[n]));
    } else {
      const starts = [0].concat(values.slice(0, -1).map((v) => v + 1));
      groups = starts.map((a, n) => all.slice(a, values[n] + 1));
    }
    for (const group of groups) out.push(band(group));
  }
  return out;
}

function sexMeanings(words, lexicon) {
  const all = [...lexicon.sex.values()];
  let tables = all.filter((t) => [...words].every((w) => t.has(w)));
  if (!tables.length) tables = all;
  const out = new Map();
  for (const word of words) {
    const meanings = new Set(tables.filter((t) => t.has(word)).map((t) => t.get(word)));
    out.set(word, meanings.size === 1 ? [...meanings][0] : null);
  }
  return out;
}

function ruledOut(b, sexes, sex, age) {
  const meanings = new Set(b.sexWords.map((w) => sexes.get(w)));
  if (meanings.has(null) || (sex && meanings.size && !meanings.has(sex))) return true;
  if (age === null || age === undefined) return false;
  if (b.groups.length && !b.groups.some(
    (g) => AGE_GROUP_YEARS[g][0] <= age && age < AGE_GROUP_YEARS[g][1])) return true;
  return b.ages.some((bound) => !bound.containsAge(age * PER_YEAR[bound.unit]));
}

/**
 * Read a printed reference range: "3.5-5.0", "<5", "Hasta 40", "M: 13-17".
 *
 * ``sex`` ("male"/"female"/"m"/"f") and ``age`` (years) select a band; when not exactly one
 * band remains, or the range is qualitative ("Negative"), low and high are null and only the
 * text is kept. ``decimal`` is the report's decimal separator, detected from the text when
 * null. Returns null when the text holds no range at all.
 * @param {string} text
 * @param {{sex?: string|null, age?: number|null, decimal?: string|null, lexicon: object}} options
 * @returns {ReferenceRange|null}
 */
export function parseRange(text, { sex = null, age = null, decimal = null, lexicon, loneEquals = null } = {}) {
  if (sex !== null && sex !== undefined && !SEXES.has(casefold(sex))) {
    throw new Error(`sex must be male, female, m or f, not '${sex}'`);
  }
  if (!lexicon) throw new Error("a lexicon is required (createLexicon(data))");
  const patientSex = sex ? SEXES.get(casefold(sex)) : sex;
  let lines = splitlines(text).map((line) => repairOcr(normalize(reciprocalTitres(line)))
    .replace(OCR_AT_MOST, "$1≤"));
  if (loneEquals !== null) lines = lines.map((line) => line.replace(LONE_EQUALS, loneEquals));
  const dec = decimal || detectDecimalConvention(lines);
  const found = bands(lines.map((line) => items(tokenize(line, lexicon, dec), lexicon)));
  if (!found.length) return null;
  const words = new Set();
  for (const b of found) for (const w of b.sexWords) words.add(w);
  const sexes = sexMeanings(words, lexicon);
  const fitting = found.filter((b) => !ruledOut(b, sexes, patientSex, age));
  const bound = fitting.length === 1 ? fitting[0].bound : null;
  if (bound === null) return new ReferenceRange(null, null, strip(text));
  return new ReferenceRange(bound.low, bound.high, strip(text));
}
