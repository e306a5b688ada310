/**
 * Facts about the patient printed in a report header: port of
 * src/bloodclarity/rules/patient.py (the sex).
 */

import { fold } from "./lexicon.js";
import { editDistance, repairOcrLetters } from "./names.js";
import { S, cpLength, pyReEscape, reEscape, rstrip, sortedByKeyDesc } from "./pystr.js";

const tables = new WeakMap();

function sexTables(sources) {
  let found = tables.get(sources);
  if (found) return found;
  const labels = new Set();
  const words = new Map();
  for (const code of Object.keys(sources).sort()) {
    const data = sources[code];
    for (const x of data.sex_labels) labels.add(fold(x));
    for (const sex of ["male", "female"]) {
      for (const w of data.sex[sex]) if (cpLength(w) > 1) words.set(fold(w), sex);
    }
    for (const [k, v] of Object.entries(data.sex_letters)) words.set(fold(k), v);
  }
  // Python sorts the re.escape()d labels by their length, longest first.
  const alternatives = sortedByKeyDesc([...labels], (x) => cpLength(pyReEscape(x)))
    .map(reEscape).join("|");
  const pattern = new RegExp(
    `(?:^|[${S}/|])(?:${alternatives})[${S}]*[:.]?[${S}]*([^${S}:;,/|()]+)`, "gu");
  found = { pattern, words };
  tables.set(sources, found);
  return found;
}

const MIN_FUZZY_SEX_WORD = 5;

/** patient._sex_of: the sex a word means; one OCR misread away counts for longer words. */
function sexOf(word, words) {
  const key = repairOcrLetters(rstrip(word, "."));
  if (words.has(key) || cpLength(key) < MIN_FUZZY_SEX_WORD) return words.get(key);
  const near = new Set();
  for (const [w, sex] of words) if (editDistance(key, w, 2) <= 1) near.add(sex);
  return near.size === 1 ? [...near][0] : undefined;
}

/**
 * "male" or "female" from a header field ("Sex: F", "Sexo: Masculino", "Giới tính: Nữ",
 * OCR's "Ma1e" and "Femate").
 * Every language of the lexicon's source data is used, as Python uses every lexicon file.
 * @param {string} text
 * @param {{sources: Object<string, object>}} lexicon from createLexicon
 * @returns {string|null}
 */
export function detectSex(text, lexicon) {
  if (!lexicon) throw new Error("a lexicon is required (createLexicon(data))");
  const { pattern, words } = sexTables(lexicon.sources);
  const found = new Set();
  for (const m of fold(text).matchAll(pattern)) {
    const sex = sexOf(fold(m[1]), words);
    if (sex !== undefined) found.add(sex);
  }
  return found.size === 1 ? [...found][0] : null;
}
