/**
 * Printed test name -> analyte id: port of src/bloodclarity/rules/names.py.
 * Alias folding, exact look-up, qualifiers, OCR look-alikes, then guarded fuzzy matching.
 */

import {
  LETTER, S, W, casefold, chars, compareTuples, cpLength, maketrans, splitWords, strip, translate,
} from "./pystr.js";

export const MIN_FUZZY_LENGTH = 5;

const SPECIAL = new Map([["đ", "d"], ["Đ", "D"], ["ı", "i"], ["ø", "o"], ["Ø", "O"], ["ł", "l"],
  ["Ł", "L"], ["µ", "u"], ["μ", "u"], ["ß", "ss"], ["æ", "ae"], ["œ", "oe"]]);
const LATIN_MARKS = /[\u0300-\u036f]/gu;
const PUNCT = new RegExp(`[${S}.,:;_\\-–—/\\\\()\\[\\]{}'"\`´*]+`, "gu");

/**
 * Accent-, case- and punctuation-insensitive key of a printed name.
 *
 * Only Latin combining marks (U+0300-U+036F: é, ü, Vietnamese tones) are removed; Thai and
 * other scripts keep theirs. "+" is dropped, so "Ca++" and "Na+" fold like "Ca" and "Na".
 * @param {string} text
 * @returns {string}
 */
export function foldName(text) {
  let out = translate(text.normalize("NFKC"), SPECIAL).normalize("NFKD");
  out = out.replace(LATIN_MARKS, "");
  out = casefold(out.normalize("NFC")).replaceAll("+", " ");
  return strip(out.replace(PUNCT, " "));
}

/** Analytes a printed name may denote (several only for aliases marked ambiguous). */
export class NameMatch {
  /**
   * @param {string} text
   * @param {string[]} analytes
   * @param {string|null} method "exact", "qualified", "ocr", "fuzzy" or null
   * @param {string|null} [alias]
   * @param {number} [score]
   */
  constructor(text, analytes, method, alias = null, score = 0.0) {
    this.text = text;
    this.analytes = Object.freeze([...analytes]);
    this.method = method;
    this.alias = alias;
    this.score = score;
    Object.freeze(this);
  }
}

// Characters OCR confuses, each class read as one ("rn" -> "m", "Bilirubln", "5erum", "urca").
const SKELETON_PAIRS = Object.freeze([["rn", "m"], ["cl", "d"]]);
const SKELETON_CHARS = maketrans("l1|c8b0s5", "iiiehhoss");
export const MIN_SKELETON_LENGTH = 3;
export const MIN_GLUED_QUALIFIER = 4;
// OCR reads an ion's "+" as "t": "Nat", "Kt", "Catt" (folded names drop the charge)
const CHARGE_READ_AS_T = /(?<=[a-z])t{1,2}$/u;
const MAX_ION_LENGTH = 4;

/**
 * A folded name with OCR look-alikes merged and spaces dropped: the same for
 * "bilirubin direct", "8ilirubln direct" and "bilirubindirect".
 * @param {string} key a folded name
 */
export function ocrSkeleton(key) {
  let out = key;
  for (const [a, b] of SKELETON_PAIRS) out = out.replaceAll(a, b);
  return translate(out.replaceAll(" ", ""), SKELETON_CHARS);
}

const indexes = new WeakMap();

function nameIndex(kb) {
  let index = indexes.get(kb);
  if (index) return index;
  const exact = new Map();
  for (const analyte of kb) {
    for (const alias of analyte.allAliases()) {
      const key = foldName(alias);
      if (!exact.has(key)) exact.set(key, []);
      const ids = exact.get(key);
      if (!ids.includes(analyte.id)) ids.push(analyte.id);
    }
  }
  const byLength = new Map();
  for (const key of exact.keys()) {
    const n = cpLength(key);
    if (!byLength.has(n)) byLength.set(n, []);
    byLength.get(n).push(key);
  }
  const qualifiers = new Set((kb.raw.name_qualifiers ?? []).map(foldName));
  const skeletonOf = new Map([...exact.keys()].map((key) => [key, ocrSkeleton(key)]));
  const shared = new Map(); // skeleton -> the distinct analyte lists of its aliases
  for (const [key, skeleton] of skeletonOf) {
    if (!shared.has(skeleton)) shared.set(skeleton, new Set());
    shared.get(skeleton).add(JSON.stringify(exact.get(key)));
  }
  const skeletons = new Map(); // OCR skeleton -> the one alias that has it (the last, as in Python)
  for (const [key, skeleton] of skeletonOf) {
    if (shared.get(skeleton).size === 1) skeletons.set(skeleton, key);
  }
  const glued = [...qualifiers].filter((q) => !q.includes(" ") && cpLength(q) >= MIN_GLUED_QUALIFIER)
    .sort((a, b) => cpLength(b) - cpLength(a) || (a < b ? -1 : a > b ? 1 : 0));
  index = { exact, byLength, qualifiers, glued, skeletons };
  indexes.set(kb, index);
  return index;
}

const OCR_LETTERS = { 0: "o", 1: "l", 5: "s", 8: "b" };
const DIGIT_IN_WORD = new RegExp(
  `(?<=[${LETTER}])[0158](?=[${LETTER}])|(?<=[${LETTER}]{2})[0158](?![${W}])|(?<=[${LETTER}])0(?=\\p{Nd})`,
  "gu");

/**
 * Digits OCR read for letters inside words: "cholester0l" -> "cholesterol".
 * @param {string} key a folded name
 */
export function repairOcrLetters(key) {
  return key.replace(DIGIT_IN_WORD, (m) => OCR_LETTERS[m]);
}

/**
 * names._strip_qualifiers: a folded name without the specimen, method and sex words at its
 * ends, keeping at least one word: the first alias met when cutting as few as possible
 * ("serum fasting blood sugar" -> "fasting blood sugar"), else the name with all of them cut.
 */
function stripQualifiers(key, index) {
  const words = splitWords(key);
  let level = [[0, words.length]];
  const seen = new Set();
  while (level.length) {
    for (const [a, b] of level) {
      const part = words.slice(a, b).join(" ");
      if (index.exact.has(part)) return part;
    }
    for (const [a, b] of level) seen.add(`${a},${b}`);
    const next = new Map();
    for (const [a, b] of level) {
      for (const cut of cuts(words.slice(a, b), a, b, index.qualifiers)) {
        const id = `${cut[0]},${cut[1]}`;
        if (!seen.has(id) && !next.has(id)) next.set(id, cut);
      }
    }
    level = [...next.values()];
  }
  let n;
  while ((n = qualifierWords(words, index.qualifiers, false))) words.splice(words.length - n, n);
  while ((n = qualifierWords(words, index.qualifiers, true))) words.splice(0, n);
  return words.join(" ");
}

/** names._cuts: the spans words[a:b] leaves when one qualifier is cut from its end or start. */
function cuts(words, a, b, qualifiers) {
  const out = [];
  let n = qualifierWords(words, qualifiers, false);
  if (n) out.push([a, b - n]);
  n = qualifierWords(words, qualifiers, true);
  if (n) out.push([a + n, b]);
  return out;
}

/** How many words (two, else one) of a qualifier open or close `words`; 0 for none. */
function qualifierWords(words, qualifiers, atStart) {
  for (const n of [2, 1]) {
    const part = atStart ? words.slice(0, n) : words.slice(words.length - n);
    if (words.length > n && qualifiers.has(part.join(" "))) return n;
  }
  return 0;
}

function maxEdits(length) {
  return length < MIN_FUZZY_LENGTH ? 0 : length < 8 ? 1 : length < 13 ? 2 : 3;
}

const ROMAN = /^(?=[ivxl]+$)(xl|l?x{0,3})(ix|iv|v?i{0,3})$/u;
const NON_DIGITS = /\P{Nd}/gu;

function fuzzyCompatible(key, alias) {
  if (key.replace(NON_DIGITS, "") !== alias.replace(NON_DIGITS, "")) return false;
  const aliasWords = new Set(splitWords(alias));
  return splitWords(key).every((w) => !(cpLength(w) <= 3 || ROMAN.test(w)) || aliasWords.has(w));
}

/**
 * Resolve a printed test name: exact alias, alias without qualifiers, OCR look-alikes (digits
 * read for letters, then ocrSkeleton), then guarded fuzzy; a bilingual name ("Glucose / Đường
 * huyết") that matches as a whole by none of them, by its parts.
 *
 * Fuzzy matching needs a name of at least MIN_FUZZY_LENGTH characters, a small edit distance,
 * the same digits and short words, and a clear winner (the next analyte at least two edits
 * further away).
 * @param {string} text
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @returns {NameMatch}
 */
export function matchName(text, kb) {
  const match = matchWhole(text, kb);
  if (match.analytes.length || !text.includes(" / ")) return match;
  for (const part of text.split(" / ")) {
    const found = matchWhole(part, kb);
    if (found.analytes.length) {
      return new NameMatch(text, found.analytes, found.method, found.alias, found.score);
    }
  }
  return match;
}

/** names._unglued: the alias left when a qualifier glued to a name's start or end is cut off. */
function ungluedAlias(key, index) {
  for (const q of index.glued) {
    const rests = [key.endsWith(q) ? key.slice(0, key.length - q.length) : null,
      key.startsWith(q) ? key.slice(q.length) : null];
    for (const rest of rests) {
      if (rest && index.exact.has(rest.trim())) return rest.trim();
    }
  }
  return null;
}

function matchWhole(text, kb) {
  const index = nameIndex(kb);
  const key = foldName(text);
  if (index.exact.has(key)) return new NameMatch(text, index.exact.get(key), "exact", key, 1.0);
  let stripped = stripQualifiers(key, index);
  if (index.exact.has(stripped)) {
    return new NameMatch(text, index.exact.get(stripped), "qualified", stripped, 1.0);
  }
  const unglued = ungluedAlias(stripped, index);
  if (unglued !== null) return new NameMatch(text, index.exact.get(unglued), "qualified", unglued, 1.0);
  const repairedKey = repairOcrLetters(key);
  const repaired = repairedKey === key ? stripped : stripQualifiers(repairedKey, index);
  if (index.exact.has(repaired)) {
    return new NameMatch(text, index.exact.get(repaired), "ocr", repaired, 1.0);
  }
  const ion = key.replace(CHARGE_READ_AS_T, "");
  if (cpLength(key) <= MAX_ION_LENGTH && ion !== key && index.exact.has(ion)) {
    return new NameMatch(text, index.exact.get(ion), "ocr", ion, 1.0);
  }
  for (const candidate of [key, repaired]) {
    const alias = index.skeletons.get(ocrSkeleton(candidate));
    if (alias !== undefined && cpLength(candidate) >= MIN_SKELETON_LENGTH) {
      return new NameMatch(text, index.exact.get(alias), "ocr", alias, 1.0);
    }
  }
  stripped = repaired;
  const length = cpLength(stripped);
  const limit = maxEdits(length);
  if (limit === 0) return new NameMatch(text, [], null);
  const scored = [];
  for (let n = length - limit; n < length + limit + 1; n++) {
    for (const alias of index.byLength.get(n) ?? []) {
      if (fuzzyCompatible(stripped, alias)) {
        const d = editDistance(stripped, alias, limit + 2);
        if (d <= limit + 1) scored.push([d, alias]);
      }
    }
  }
  scored.sort(compareTuples);
  if (!scored.length || scored[0][0] > limit) return new NameMatch(text, [], null);
  const [bestD, best] = scored[0];
  const bestIds = new Set(index.exact.get(best));
  const sameIds = (ids) => ids.length === bestIds.size && ids.every((id) => bestIds.has(id)) &&
    new Set(ids).size === bestIds.size;
  const rivals = scored.slice(1).filter(([, a]) => !sameIds(index.exact.get(a))).map(([d]) => d);
  if (rivals.length && rivals[0] < bestD + 2) return new NameMatch(text, [], null);
  return new NameMatch(text, index.exact.get(best), "fuzzy", best,
    1.0 - bestD / Math.max(cpLength(best), 1));
}

/**
 * Levenshtein distance of ``a`` and ``b`` (code points), or ``cap`` when it is at least ``cap``.
 * @param {string} a
 * @param {string} b
 * @param {number} cap
 */
export function editDistance(a, b, cap) {
  const x = chars(a);
  const y = chars(b);
  if (Math.abs(x.length - y.length) >= cap) return cap;
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1,
        previous[j - 1] + (x[i - 1] !== y[j - 1] ? 1 : 0)));
    }
    if (Math.min(...current) >= cap) return cap;
    previous = current;
  }
  return Math.min(previous[previous.length - 1], cap);
}
