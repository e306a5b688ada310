/**
 * Per-language report vocabulary: port of src/bloodclarity/rules/lexicon.py.
 *
 * The language files (src/bloodclarity/data/lexicon/<code>.json) are passed in, never fetched:
 * `createLexicon({en: json, es: json, ...})`. A phrase written "... X" follows its number
 * ("5 or less"); any other phrase precedes it. The languages asked for are merged into one
 * lexicon of folded phrases; a phrase two languages read differently is an error, except sex
 * words, kept per language ("M" is male in English and female, mujer, in Spanish).
 */

import { LETTER, S, casefold, reEscape, sortedByKeyDesc, cpLength, strip, translate } from "./pystr.js";

export const SUFFIX_MARK = "...";
const APOSTROPHES = new Map([["’", "'"], ["‘", "'"], ["`", "'"], ["´", "'"]]);
const SPACE = new RegExp(`[${S}]+`, "gu");
const HAS_APOSTROPHE = /[’‘`´]/;

/**
 * NFKC, case-fold, unify apostrophes and collapse whitespace: the form every look-up uses.
 * @param {string} text
 * @returns {string}
 */
export function fold(text) {
  let out = casefold(text.normalize("NFKC"));
  if (HAS_APOSTROPHE.test(out)) out = translate(out, APOSTROPHES);
  return strip(out.replace(SPACE, " "));
}

/**
 * @typedef {object} Lexicon
 * @property {string[]} languages sorted language codes merged
 * @property {Map<string,string>} comparators phrase before the number -> "<", "<=", ">", ">="
 * @property {Map<string,string>} comparatorsAfter phrase after the number -> comparator
 * @property {Map<string,string>} bounds comparators plus one-sided range words
 * @property {Map<string,string>} boundsAfter the same, written after the number
 * @property {Set<string>} rangeSeparators
 * @property {Map<string,string>} flags word -> flag code
 * @property {Map<string,Map<string,string>>} sex language -> word -> male/female
 * @property {Map<string,string>} ageUnits word -> year/month/day
 * @property {Map<string,string>} ageGroups word -> newborn/infant/child/adult
 * @property {Map<string,string>} qualitative word -> negative/positive
 * @property {string} phrasesSource regex source matching any known phrase, longest first
 * @property {RegExp} phrasesSticky the phrases regex with flags "uy" (match at lastIndex)
 * @property {RegExp} phrasesGlobal the phrases regex with flags "gu" (finditer)
 * @property {Object<string,object>} sources every language's raw JSON (for detectSex)
 */

/**
 * Codes of the languages present in ``data``, sorted.
 * @param {Object<string,object>} data language code -> parsed lexicon JSON
 */
export function availableLanguages(data) {
  return Object.keys(data).sort();
}

function inverted(groups) {
  const out = new Map();
  for (const [name, words] of Object.entries(groups)) {
    for (const word of words) out.set(fold(word), name);
  }
  return out;
}

function merge(target, source, what) {
  for (const [phrase, value] of source) {
    if (!target.has(phrase)) target.set(phrase, value);
    else if (target.get(phrase) !== value) {
      throw new Error(`${what} '${phrase}' is both '${target.get(phrase)}' and '${value}'`);
    }
  }
}

function splitSuffixes(entries) {
  const before = new Map();
  const after = new Map();
  for (const [phrase, value] of entries) {
    const key = fold(phrase);
    if (key.startsWith(SUFFIX_MARK)) after.set(strip(key.slice(SUFFIX_MARK.length)), value);
    else before.set(key, value);
  }
  return [before, after];
}

const cache = new WeakMap();

/**
 * The merged lexicon of ``languages`` (all languages of ``data`` when omitted); cached per
 * data object and set of languages.
 * @param {Object<string,object>} data language code -> parsed lexicon JSON
 * @param {string[]} [languages]
 * @returns {Lexicon}
 */
export function createLexicon(data, languages) {
  const known = availableLanguages(data);
  const wanted = [...new Set(languages ?? known)].sort();
  const unknown = wanted.filter((code) => !known.includes(code));
  if (unknown.length || !wanted.length) {
    throw new Error(`unknown or no languages ${JSON.stringify(unknown)}; available: ${known.join(", ")}`);
  }
  let perData = cache.get(data);
  if (!perData) cache.set(data, (perData = new Map()));
  const key = wanted.join(",");
  if (!perData.has(key)) perData.set(key, build(data, wanted));
  return perData.get(key);
}

function build(data, languages) {
  const names = ["comparators", "comparatorsAfter", "bounds", "boundsAfter", "flags",
    "ageUnits", "ageGroups", "qualitative"];
  const tables = Object.fromEntries(names.map((n) => [n, new Map()]));
  const separators = new Set();
  const sex = new Map();
  for (const code of languages) {
    const lang = data[code];
    const comparators = splitSuffixes(Object.entries(lang.comparators));
    const boundWords = new Map();
    for (const w of lang.range_upper) boundWords.set(w, "<=");
    for (const w of lang.range_lower) boundWords.set(w, ">=");
    const bounds = splitSuffixes(boundWords);
    const flags = new Map(Object.entries(lang.flags).map(([k, v]) => [fold(k), v]));
    for (const [name, table, pyName] of [
      ["comparators", comparators[0], "comparators"],
      ["comparatorsAfter", comparators[1], "comparators_after"],
      ["bounds", comparators[0], "bounds"], ["boundsAfter", comparators[1], "bounds_after"],
      ["bounds", bounds[0], "bounds"], ["boundsAfter", bounds[1], "bounds_after"],
      ["flags", flags, "flags"],
      ["ageUnits", inverted(lang.age_words), "age_units"],
      ["ageGroups", inverted(lang.age_groups), "age_groups"],
      ["qualitative", inverted(lang.qualitative), "qualitative"]]) {
      merge(tables[name], table, `${code}: ${pyName}`);
    }
    for (const word of lang.range_separators) separators.add(fold(word));
    sex.set(code, inverted(lang.sex));
  }
  const words = new Set(separators);
  for (const t of sex.values()) for (const w of t.keys()) words.add(w);
  for (const [name, table] of Object.entries(tables)) {
    if (name !== "flags") for (const w of table.keys()) words.add(w);
  }
  const alternatives = sortedByKeyDesc([...words], cpLength).map(reEscape).join("|");
  const source = `(?<![${LETTER}])(?<!\\/)(?:${alternatives})(?![${LETTER}])(?!\\/)`;
  return Object.freeze({
    languages: Object.freeze([...languages]),
    ...tables,
    rangeSeparators: separators,
    sex,
    phrasesSource: source,
    phrasesSticky: new RegExp(source, "uy"),
    phrasesGlobal: new RegExp(source, "gu"),
    sources: data,
  });
}
