/**
 * Printed numbers: port of src/bloodclarity/rules/numbers.py.
 *
 * A number with one separator followed by exactly three digits ("6.650", "1,234") reads two
 * ways. It is settled by the report's decimal convention when known, else by the analyte's
 * plausible interval, else a "000" group is read as thousands and anything else as a decimal;
 * the chosen reading is then stated in `ParsedNumber.assumption`.
 */

import { fold } from "./lexicon.js";
import { D, S, WORD_NOT_DIGIT, cpLength, pyFloat, pyRepr, rstrip, strip, maketrans, translate } from "./pystr.js";

/** Comparator symbols -> comparator. */
export const COMPARATOR_SYMBOLS = Object.freeze({
  "<=": "<=", "=<": "<=", ">=": ">=", "=>": ">=", "≤": "<=", "≥": ">=",
  "⩽": "<=", "⩾": ">=", "≦": "<=", "≧": ">=", "<": "<", ">": ">",
});
export const SYMBOLS_LONGEST_FIRST = Object.freeze(
  Object.keys(COMPARATOR_SYMBOLS).sort((a, b) => b.length - a.length));
const SUPERSCRIPTS = /[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+/gu;
const SUPERSCRIPT_DIGITS = maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-");
const DASHES = /[−‐‑‒–—―﹣]/gu;
const NAMES = { ".": "dot", ",": "comma" };

/** Regex source of a signed number with optional exponent, in normalize()-d text. */
export const NUMBER_SOURCE =
  "(?<sign>[+\\-])?" +
  `(?<mantissa>${D}{1,3}(?:[ ']${D}{3}(?!${D}))+(?:[.,]${D}+)?` + // 12 500 | 1'234,5
  `|${D}+(?:[.,]${D}+)*` + // 5,4 | 1.234,5 | 150,000
  `|\\.${D}+)` + // .5
  "(?:(?: ?[x×*·] ?10 ?(?:\\^|\\*\\*|e) ?|e)" + // x 10^9 | E9
  `(?<exponent>[+\\-]?${D}{1,3})(?!${D})(?! ?\\/))?`; // (x10^9/L is a unit)

export const NUMBER_FULL = new RegExp(`^(?:${NUMBER_SOURCE})$`, "u");
export const NUMBER_STICKY = new RegExp(NUMBER_SOURCE, "uy");
export const NUMBER_GLOBAL = new RegExp(NUMBER_SOURCE, "gu");

/** A printed number: value, censoring comparator, text as given, and any assumed reading. */
export class ParsedNumber {
  /**
   * @param {number} value
   * @param {string|null} comparator
   * @param {string} text
   * @param {string|null} [assumption]
   */
  constructor(value, comparator, text, assumption = null) {
    this.value = value;
    this.comparator = comparator;
    this.text = text;
    this.assumption = assumption;
    Object.freeze(this);
  }
}

const TITRE = /(?<![0-9.,:])1 ?: ?([0-9]{2,})(?![0-9.,:])/gu;

/**
 * numbers.reciprocal_titres: titres written as their reciprocal, the knowledge base's {titer}
 * value: "1:160" -> "160", "<1:40" -> "<40".
 * @param {string} text
 */
export function reciprocalTitres(text) {
  return text.replace(TITRE, "$1");
}

/**
 * Fold ``text`` (see fold), write superscripts as "^n" and every dash as "-".
 * @param {string} text
 */
export function normalize(text) {
  const sup = text.replace(SUPERSCRIPTS, (m) => "^" + translate(m, SUPERSCRIPT_DIGITS));
  return fold(sup).replace(DASHES, "-");
}

const fullCache = new Map();
function fullmatch(source, text) {
  let re = fullCache.get(source);
  if (!re) fullCache.set(source, (re = new RegExp(`^(?:${source})$`, "u")));
  return re.test(text);
}

/**
 * Possible [plain decimal string, decimal separator] readings of a mantissa; [] if invalid
 * (private, as Python's _readings; inference.js exports readings of an analyte).
 * Two readings, decimal first, for one separator followed by exactly three digits.
 * @param {string} mantissa
 * @returns {Array<[string, string|null]>}
 */
function readings(mantissa) {
  const seps = mantissa.match(/[.,]/g) || [];
  if (mantissa.includes(" ") || mantissa.includes("'")) {
    const plain = mantissa.replace(/[ ']/g, "");
    return seps.length ? [[plain.replaceAll(seps[0], "."), seps[0]]] : [[plain, null]];
  }
  if (!seps.length) return [[mantissa, null]];
  const last = seps[seps.length - 1];
  const thousands = last === "." ? "," : ".";
  const cut = mantissa.lastIndexOf(last);
  const head = mantissa.slice(0, cut);
  const frac = mantissa.slice(cut + 1);
  const esc = (c) => (c === "." ? "\\." : c);
  if (new Set(seps).size === 2) {
    const grouped = fullmatch(`${D}{1,3}(?:${esc(thousands)}${D}{3})+`, head);
    return grouped ? [[head.replaceAll(thousands, "") + "." + frac, last]] : [];
  }
  if (seps.length > 1) {
    const grouped = fullmatch(`${D}{1,3}(?:${esc(last)}${D}{3})+`, mantissa);
    return grouped ? [[mantissa.replaceAll(last, ""), thousands]] : [];
  }
  const decimalReading = [`${head || 0}.${frac}`, last];
  if (cpLength(frac) !== 3 || !head || head.startsWith("0") || cpLength(head) > 3) {
    return [decimalReading];
  }
  return [decimalReading, [head + frac, thousands]];
}

/** 6650 -> "6650", 6.65 -> "6.65" (no exponent notation). */
function plain(value) {
  const s = String(value);
  if (!/e/i.test(s)) return s;
  const [m, e] = s.split("e");
  const exp = Number(e);
  const neg = m.startsWith("-");
  const digits = m.replace(/^-/, "").replace(".", "");
  const point = m.replace(/^-/, "").indexOf(".");
  const intLen = (point < 0 ? digits.length : point) + exp;
  let out;
  if (intLen <= 0) out = "0." + "0".repeat(-intLen) + digits;
  else if (intLen >= digits.length) out = digits + "0".repeat(intLen - digits.length);
  else out = digits.slice(0, intLen) + "." + digits.slice(intLen);
  return (neg ? "-" : "") + out;
}

function choose(mantissa, values, decimal, plausible) {
  const sep = [...mantissa].find((c) => c === "." || c === ",");
  if (decimal !== null && decimal !== undefined) {
    return [values.get(decimal), `the report uses a ${NAMES[decimal]} as decimal separator`];
  }
  if (plausible) {
    const fits = [...values].filter(([, v]) => plausible[0] <= v && v <= plausible[1])
      .map(([d]) => d);
    if (fits.length === 1) {
      const role = fits[0] === sep ? "decimal" : "thousands";
      const other = [...values].find(([d]) => d !== fits[0])[1];
      return [values.get(fits[0]),
        `${NAMES[sep]} as ${role} separator: ${plain(other)} is implausible`];
    }
  }
  const thousands = [...values.keys()].find((d) => d !== sep);
  if (mantissa.endsWith("000")) {
    return [values.get(thousands), `${NAMES[sep]} as thousands separator: a 000 group`];
  }
  return [values.get(sep), `${NAMES[sep]} as decimal separator, by default`];
}

/**
 * Value and assumption of a number match; null when its groups are invalid.
 * @param {string} text
 * @param {{decimal?: string|null, plausible?: [number, number]|null}} [options]
 * @returns {[number, string|null]|null}
 */
export function readNumber(text, { decimal = null, plausible = null } = {}) {
  if (decimal !== null && decimal !== undefined && decimal !== "." && decimal !== ",") {
    throw new Error(`decimal must be '.', ',' or None, not ${pyRepr(String(decimal))}`);
  }
  const match = NUMBER_FULL.exec(text);
  const read = match ? readings(match.groups.mantissa) : [];
  if (!read.length) return null;
  const sign = match.groups.sign ?? "";
  const exponent = match.groups.exponent ?? "0";
  const values = new Map();
  for (const [r, d] of read) values.set(d, pyFloat(`${sign}${r}e${exponent}`));
  if (values.size === 1) return [values.values().next().value, null];
  const [value, reason] = choose(match.groups.mantissa, values, decimal, plausible);
  return [value, `${text} read as ${plain(value)} (${reason})`];
}

function requireLexicon(lexicon) {
  if (!lexicon) throw new Error("a lexicon is required (createLexicon(data))");
  return lexicon;
}

function stripComparator(text, lexicon) {
  for (const symbol of SYMBOLS_LONGEST_FIRST) {
    if (text.startsWith(symbol)) return [COMPARATOR_SYMBOLS[symbol], text.slice(symbol.length)];
  }
  const sticky = lexicon.phrasesSticky;
  sticky.lastIndex = 0;
  const first = sticky.exec(text);
  if (first && lexicon.comparators.has(first[0])) {
    return [lexicon.comparators.get(first[0]), text.slice(first.index + first[0].length)];
  }
  for (const m of text.matchAll(lexicon.phrasesGlobal)) {
    if (m.index + m[0].length === text.length && lexicon.comparatorsAfter.has(m[0])) {
      return [lexicon.comparatorsAfter.get(m[0]), rstrip(text.slice(0, m.index), " '")];
    }
  }
  return [null, text];
}

/** Letters OCR reads for 0, 1, 5 and 8. */
export const OCR_DIGIT_LOOKALIKES = "OoQqIilSsBb";
const OCR_DIGITS = maketrans(OCR_DIGIT_LOOKALIKES, "00001115588");
// A digit first, or a look-alike letter before a digit or a decimal part ("l30", "S0",
// "O.99", "Q.9", "B,0"); used on value and range text only, where "B12" is not a name.
const OCR_TOKEN = new RegExp(
  `(?<![${WORD_NOT_DIGIT}])(?:${D}|[OoIil](?=[${D}OoIil])|[OoQqIilSsBb](?=${D}|[.,]${D}))` +
  `[${D}OoQqIilSsBb.,]*(?![${WORD_NOT_DIGIT}])`,
  "gu");
// A whole value read by OCR: digits and look-alike letters only ("S9", "B4,5", "3l").
const OCR_VALUE = new RegExp(`^(?=.*${D})(?=.*[OoQqIilSsBb])[${D}OoQqIilSsBb.,]+$`, "u");
const HAS_DIGIT = /\p{Nd}/u;
const SEPARATOR_GAP = /(?<=\p{Nd})([.,]) (?=\p{Nd})/gu;
// Two or more dashes (or tildes) between numbers; group 1 is a minus before the first number
const DOUBLE_DASH = new RegExp(
  `(-?)(?<![${D}.,])(${D}[${D}.,]*)[${S}]*[-~](?:[${S}]*[-~])+[${S}]*(?=${D})`, "gu");

/**
 * Undo OCR damage inside numbers: letters read for digits ("l3" -> "13", "2S0" -> "250",
 * "1.O" -> "1.0") in tokens that hold a digit, gaps after a separator ("3. 9" -> "3.9") and
 * doubled dashes between numbers ("130--170", "0.51 -~ 0.95", "95 - -108", but not after a
 * negative low bound: "-5 - -2").
 * @param {string} text
 */
export function repairOcr(text) {
  let out = text.replace(OCR_TOKEN, (token) =>
    (HAS_DIGIT.test(token) ? translate(token, OCR_DIGITS) : token));
  out = out.replace(SEPARATOR_GAP, "$1");
  return out.replace(DOUBLE_DASH, (all, minus, first) => (minus ? all : `${first} - `));
}

const OCR_GAP = /(?<=\p{Nd}) *([.,]) *(?=\p{Nd})/gu;
const QUOTES = "'‘’`´\"“”";

/**
 * Read one printed number ("5,4", "1.234,5", "<0.01", "4.5 x 10^9").
 *
 * ``decimal`` is the report's decimal separator when known, ``plausible`` the analyte's
 * plausible [min, max] in the printed unit; both only settle ambiguous 3-digit groups.
 * Returns null when ``text`` is not a single number ("Negative", "1-2").
 * @param {string} text
 * @param {{decimal?: string|null, plausible?: [number, number]|null, lexicon: object}} options
 * @returns {ParsedNumber|null}
 */
export function parseNumber(text, { decimal = null, plausible = null, lexicon } = {}) {
  const [comparator, rest0] = stripComparator(normalize(reciprocalTitres(text)),
    requireLexicon(lexicon));
  const rest = strip(strip(rest0), QUOTES).replace(OCR_GAP, "$1"); // OCR specks "‘40", gaps "5. 5"
  const whole = OCR_VALUE.test(rest);
  let read = whole ? null : readNumber(rest, { decimal, plausible });
  if (read === null) {
    const repaired = whole ? translate(rest, OCR_DIGITS) : repairOcr(rest);
    read = readNumber(repaired, { decimal, plausible });
    if (read === null) return null;
    read = [read[0], `OCR damage: ${pyRepr(rest)} read as ${pyRepr(repaired)}`];
  }
  return new ParsedNumber(read[0], comparator, strip(text), read[1]);
}

/**
 * The decimal separator ("." or ",") most numbers in ``numbers`` show, or null.
 * Ambiguous 3-digit groups are no evidence, except "000" groups, read as thousands.
 * @param {Iterable<string>} numbers
 * @returns {string|null}
 */
export function detectDecimalConvention(numbers) {
  const votes = new Map();
  const vote = (sep) => votes.set(sep, (votes.get(sep) ?? 0) + 1);
  for (const text of numbers) {
    for (const match of normalize(text).matchAll(NUMBER_GLOBAL)) {
      const read = readings(match.groups.mantissa);
      if (read.length === 1 && read[0][1]) vote(read[0][1]);
      else if (read.length === 2 && match.groups.mantissa.endsWith("000")) vote(read[1][1]);
    }
  }
  const ranked = [...votes].sort((a, b) => b[1] - a[1]);
  if (!ranked.length || (ranked.length === 2 && ranked[0][1] === ranked[1][1])) return null;
  return ranked[0][0];
}
