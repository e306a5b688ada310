/**
 * Abnormal-result flags: port of src/bloodclarity/rules/flags.py.
 *
 * Codes: "H"/"L" high/low, "HH"/"LL" critically high/low, "A" abnormal with no direction.
 * The one- and two-letter codes and the symbols below hold in every language; words come from
 * the lexicon. "+" and "-" are never flags: they are signs and qualitative results.
 */

import { fold } from "./lexicon.js";
import { parseNumber } from "./numbers.js";
import { D, S, chars, strip } from "./pystr.js";

export const FLAG_CODES = Object.freeze(["H", "L", "HH", "LL", "A"]);
export const SYMBOL_FLAGS = new Map(Object.entries({
  h: "H", l: "L", hh: "HH", ll: "LL", a: "A",
  "↑": "H", "↓": "L", "↑↑": "HH", "↓↓": "LL", "▲": "H", "▼": "L",
  "*": "A", "**": "A", "!": "A",
}));
const BRACKETS = new Set(["()", "[]", "<>", "{}"]);
const DECORATION = "*!";
// Python "." is any character but "\n".
const GLUED_AFTER = new RegExp(`^(?:(?<number>[^\\n]*${D})(?<flag>[^${D}${S}]+))$`, "u");
const GLUED_BEFORE = new RegExp(`^(?:(?<flag>[↑↓▲▼*!]+)(?<number>[^${S}][^\\n]*))$`, "u");

/**
 * The flag code printed as ``text`` ("(H)" -> "H", "Bajo" -> "L"), or null.
 * Brackets around the flag and "*"/"!" decorating a letter flag ("H*") are ignored.
 * @param {string} text
 * @param {{lexicon: object}} options
 * @returns {string|null}
 */
export function parseFlag(text, { lexicon } = {}) {
  if (!lexicon) throw new Error("a lexicon is required (createLexicon(data))");
  let key = chars(fold(text));
  while (key.length > 2 && BRACKETS.has(key[0] + key[key.length - 1])) {
    key = chars(strip(key.slice(1, -1).join("")));
  }
  const folded = key.join("");
  for (const candidate of [folded, strip(folded, DECORATION)]) {
    if (SYMBOL_FLAGS.has(candidate)) return SYMBOL_FLAGS.get(candidate);
    if (lexicon.flags.has(candidate)) return lexicon.flags.get(candidate);
  }
  return null;
}

/**
 * Split a flag glued to a value: "5.9H" -> ["5.9", "H"], "↑5" -> ["5", "↑"].
 *
 * The flag part is returned as printed. Only symbols may lead the value ("H5.9" stays whole);
 * a flag separated by a space ("5.9 H") is not glued and a comparator ("<0.5") is not a flag.
 * @param {string} text
 * @param {{lexicon: object}} options
 * @returns {[string, string|null]}
 */
export function splitGluedFlag(text, { lexicon } = {}) {
  const stripped = strip(text);
  for (const pattern of [GLUED_AFTER, GLUED_BEFORE]) {
    const match = pattern.exec(stripped);
    if (match && parseFlag(match.groups.flag, { lexicon }) &&
        parseNumber(match.groups.number, { lexicon })) {
      return [match.groups.number, match.groups.flag];
    }
  }
  return [stripped, null];
}

/**
 * "H" when every value the result admits is above the range, "L" when all are below.
 * "<0.5" against 0-1 may be inside, so no flag; "<5" against a low of 10 is "L".
 * @param {number} value
 * @param {string|null} comparator
 * @param {{low: number|null, high: number|null}|null} reference
 * @returns {string|null}
 */
export function deriveFlag(value, comparator, reference) {
  if (reference === null || reference === undefined) return null;
  const canBeLower = comparator === "<" || comparator === "<=";
  const canBeHigher = comparator === ">" || comparator === ">=";
  const { high, low } = reference;
  if (high !== null && !canBeLower && (value > high || (value === high && comparator === ">"))) {
    return "H";
  }
  if (low !== null && !canBeHigher && (value < low || (value === low && comparator === "<"))) {
    return "L";
  }
  return null;
}
