/**
 * Python `str`/`re` semantics the rule layer depends on, for the JavaScript port.
 *
 * The Python rules (src/bloodclarity/rules/) are the spec. Python strings index code points
 * while JavaScript strings index UTF-16 code units, and Python's `re` classes are Unicode-aware
 * where JavaScript's are ASCII: these helpers close the gap.
 *
 * Character classes (regex source fragments, for patterns compiled with the `u` flag):
 * `\d` is General_Category Nd; `\w` is str.isalnum() or "_" (categories L* and N*, plus "_");
 * `\s` is str.isspace() (the explicit list below: it differs from JavaScript's `\s`).
 * On every character assigned in Unicode 14.0 (Python 3.11's unicodedata) these equal
 * Python's classes exactly; characters assigned later follow the JavaScript engine's data.
 * `casefold` reproduces str.casefold() (full case folding) for the same characters.
 *
 * ES module, no dependencies; Node >= 20 and current browsers.
 */

/** Python `\d`. */
export const D = "\\p{Nd}";
/** Python `\w` (inside a class). */
export const W = "\\p{L}\\p{N}_";
/** Python `[^\W\d_]`: letters and non-decimal numerics (inside a class). */
export const LETTER = "\\p{L}\\p{Nl}\\p{No}";
/** Python `[^\W\d]`: `\w` without decimal digits (inside a class). */
export const WORD_NOT_DIGIT = "\\p{L}\\p{Nl}\\p{No}_";
/** Python `\s` = str.isspace() (inside a class). */
export const S = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029" +
  "\\u202f\\u205f\\u3000";
/** Python `\b` on str patterns, as a JavaScript assertion. */
export const B = `(?:(?<=[${W}])(?![${W}])|(?<![${W}])(?=[${W}]))`;

const RE_SPACE_CHAR = new RegExp(`^[${S}]$`, "u");
const RE_DIGIT_CHAR = /^\p{Nd}$/u;
// str.isdigit(): decimals plus the characters of Numeric_Type=Digit (superscripts, circled...).
const RE_ISDIGIT_CHAR = new RegExp("^[\\p{Nd}\\u00b2\\u00b3\\u00b9\\u1369-\\u1371\\u19da" +
  "\\u2070\\u2074-\\u2079\\u2080-\\u2089\\u2460-\\u2468\\u2474-\\u247c\\u2488-\\u2490" +
  "\\u24ea\\u24f5-\\u24fd\\u24ff\\u2776-\\u277e\\u2780-\\u2788\\u278a-\\u2792" +
  "\\u{10a40}-\\u{10a43}\\u{10e60}-\\u{10e68}\\u{11052}-\\u{1105a}\\u{1f100}-\\u{1f10a}]$", "u");
const RE_HAS_SURROGATE = /[\uD800-\uDFFF]/;

/** Python str.isspace() for one character. */
export function isSpace(ch) {
  return ch.length > 0 && RE_SPACE_CHAR.test(ch);
}

/** Python str.isdigit() for one character (not only Nd: "²" is a digit too). */
export function isDigit(ch) {
  return ch.length > 0 && RE_ISDIGIT_CHAR.test(ch);
}

/** Python str.isdecimal() for one character (`\d`). */
export function isDecimal(ch) {
  return ch.length > 0 && RE_DIGIT_CHAR.test(ch);
}

/** Whether the string has characters outside the BMP (so code points != code units). */
export function hasAstral(text) {
  return RE_HAS_SURROGATE.test(text);
}

/** Python len(): the number of code points. */
export function cpLength(text) {
  if (!hasAstral(text)) return text.length;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || text.charCodeAt(i - 1) < 0xd800 ||
        text.charCodeAt(i - 1) > 0xdbff) n += 1;
  }
  return n;
}

/** The code points of ``text`` as one-character strings (Python list(text)). */
export function chars(text) {
  return Array.from(text);
}

/** The last code point of ``text`` ("" when empty), as Python text[-1:]. */
export function lastChar(text) {
  if (!text) return "";
  const cp = text.codePointAt(text.length - 1);
  if (text.length >= 2 && cp >= 0xdc00 && cp <= 0xdfff) {
    const full = text.codePointAt(text.length - 2);
    if (full > 0xffff) return String.fromCodePoint(full);
  }
  return text.slice(-1);
}

/** The length in code units of the code point starting at ``pos``. */
export function charWidthAt(text, pos) {
  const cp = text.codePointAt(pos);
  return cp !== undefined && cp > 0xffff ? 2 : 1;
}

const SPACE_RUN_START = new RegExp(`^[${S}]+`, "u");
const SPACE_RUN_END = new RegExp(`[${S}]+$`, "u");

function escapeClass(characters) {
  return Array.from(characters, (c) => "\\u{" + c.codePointAt(0).toString(16) + "}").join("");
}

const stripCache = new Map();
function stripPatterns(characters) {
  let pair = stripCache.get(characters);
  if (!pair) {
    const cls = escapeClass(characters);
    pair = [new RegExp(`^[${cls}]+`, "u"), new RegExp(`[${cls}]+$`, "u")];
    stripCache.set(characters, pair);
  }
  return pair;
}

/** Python str.lstrip(characters); whitespace (str.isspace) when omitted. */
export function lstrip(text, characters) {
  if (characters === "") return text;
  return text.replace(characters === undefined ? SPACE_RUN_START : stripPatterns(characters)[0], "");
}

/** Python str.rstrip(characters); whitespace (str.isspace) when omitted. */
export function rstrip(text, characters) {
  if (characters === "") return text;
  return text.replace(characters === undefined ? SPACE_RUN_END : stripPatterns(characters)[1], "");
}

/** Python str.strip(characters); whitespace (str.isspace) when omitted. */
export function strip(text, characters) {
  return rstrip(lstrip(text, characters), characters);
}

const SPLIT_SPACE = new RegExp(`[${S}]+`, "u");

/** Python str.split() without arguments: words between whitespace runs. */
export function splitWords(text) {
  const stripped = strip(text);
  return stripped ? stripped.split(SPLIT_SPACE) : [];
}

const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** Python str.splitlines(). */
export function splitlines(text) {
  if (text === "") return [];
  const parts = text.split(LINE_BREAK);
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Python str.translate with a {char: replacement} Map (characters are code points). */
export function translate(text, table) {
  let out = "";
  for (const ch of text) {
    const rep = table.get(ch);
    out += rep === undefined ? ch : rep;
  }
  return out;
}

/** A translation Map from two equally long strings (Python str.maketrans(a, b)). */
export function maketrans(from, to) {
  const a = Array.from(from);
  const b = Array.from(to);
  return new Map(a.map((c, i) => [c, b[i]]));
}

/** Escape ``text`` for use as a literal inside a `u`-flag regular expression. */
export function reEscape(text) {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/** Python re.escape(text) (its output, used only for its length in sort keys). */
export function pyReEscape(text) {
  return text.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, "\\$&");
}

/** Compare two strings by code points, as Python sorts str. */
export function compareStrings(a, b) {
  if (a === b) return 0;
  if (!hasAstral(a) && !hasAstral(b)) return a < b ? -1 : 1;
  const x = Array.from(a, (c) => c.codePointAt(0));
  const y = Array.from(b, (c) => c.codePointAt(0));
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length < 0 ? -1 : x.length === y.length ? 0 : 1;
}

/** Compare two Python tuples of numbers and strings, element by element. */
export function compareTuples(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const c = typeof x === "string" ? compareStrings(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Sort a copy of ``items`` by ``key`` descending, stably (Python sorted(..., reverse=True)). */
export function sortedByKeyDesc(items, key) {
  return items
    .map((item, i) => [key(item), i, item])
    .sort((p, q) => (q[0] - p[0]) || (p[1] - q[1]))
    .map((p) => p[2]);
}

const CASEFOLD_SPECIAL = [
  "\u00b5\u03bc \u00df\u0073\u0073 \u0149\u02bc\u006e \u017f\u0073 \u01f0\u006a\u030c",
  "\u0345\u03b9 \u0390\u03b9\u0308\u0301 \u03b0\u03c5\u0308\u0301 \u03c2\u03c3 \u03d0\u03b2",
  "\u03d1\u03b8 \u03d5\u03c6 \u03d6\u03c0 \u03f0\u03ba \u03f1\u03c1 \u03f5\u03b5",
  "\u0587\u0565\u0582 \u1c80\u0432 \u1c81\u0434 \u1c82\u043e \u1c83\u0441 \u1c84\u0442",
  "\u1c85\u0442 \u1c86\u044a \u1c87\u0463 \u1c88\ua64b \u1e96\u0068\u0331",
  "\u1e97\u0074\u0308 \u1e98\u0077\u030a \u1e99\u0079\u030a \u1e9a\u0061\u02be \u1e9b\u1e61",
  "\u1e9e\u0073\u0073 \u1f50\u03c5\u0313 \u1f52\u03c5\u0313\u0300 \u1f54\u03c5\u0313\u0301",
  "\u1f56\u03c5\u0313\u0342 \u1f80\u1f00\u03b9 \u1f81\u1f01\u03b9 \u1f82\u1f02\u03b9",
  "\u1f83\u1f03\u03b9 \u1f84\u1f04\u03b9 \u1f85\u1f05\u03b9 \u1f86\u1f06\u03b9",
  "\u1f87\u1f07\u03b9 \u1f88\u1f00\u03b9 \u1f89\u1f01\u03b9 \u1f8a\u1f02\u03b9",
  "\u1f8b\u1f03\u03b9 \u1f8c\u1f04\u03b9 \u1f8d\u1f05\u03b9 \u1f8e\u1f06\u03b9",
  "\u1f8f\u1f07\u03b9 \u1f90\u1f20\u03b9 \u1f91\u1f21\u03b9 \u1f92\u1f22\u03b9",
  "\u1f93\u1f23\u03b9 \u1f94\u1f24\u03b9 \u1f95\u1f25\u03b9 \u1f96\u1f26\u03b9",
  "\u1f97\u1f27\u03b9 \u1f98\u1f20\u03b9 \u1f99\u1f21\u03b9 \u1f9a\u1f22\u03b9",
  "\u1f9b\u1f23\u03b9 \u1f9c\u1f24\u03b9 \u1f9d\u1f25\u03b9 \u1f9e\u1f26\u03b9",
  "\u1f9f\u1f27\u03b9 \u1fa0\u1f60\u03b9 \u1fa1\u1f61\u03b9 \u1fa2\u1f62\u03b9",
  "\u1fa3\u1f63\u03b9 \u1fa4\u1f64\u03b9 \u1fa5\u1f65\u03b9 \u1fa6\u1f66\u03b9",
  "\u1fa7\u1f67\u03b9 \u1fa8\u1f60\u03b9 \u1fa9\u1f61\u03b9 \u1faa\u1f62\u03b9",
  "\u1fab\u1f63\u03b9 \u1fac\u1f64\u03b9 \u1fad\u1f65\u03b9 \u1fae\u1f66\u03b9",
  "\u1faf\u1f67\u03b9 \u1fb2\u1f70\u03b9 \u1fb3\u03b1\u03b9 \u1fb4\u03ac\u03b9",
  "\u1fb6\u03b1\u0342 \u1fb7\u03b1\u0342\u03b9 \u1fbc\u03b1\u03b9 \u1fbe\u03b9",
  "\u1fc2\u1f74\u03b9 \u1fc3\u03b7\u03b9 \u1fc4\u03ae\u03b9 \u1fc6\u03b7\u0342",
  "\u1fc7\u03b7\u0342\u03b9 \u1fcc\u03b7\u03b9 \u1fd2\u03b9\u0308\u0300",
  "\u1fd3\u03b9\u0308\u0301 \u1fd6\u03b9\u0342 \u1fd7\u03b9\u0308\u0342",
  "\u1fe2\u03c5\u0308\u0300 \u1fe3\u03c5\u0308\u0301 \u1fe4\u03c1\u0313 \u1fe6\u03c5\u0342",
  "\u1fe7\u03c5\u0308\u0342 \u1ff2\u1f7c\u03b9 \u1ff3\u03c9\u03b9 \u1ff4\u03ce\u03b9",
  "\u1ff6\u03c9\u0342 \u1ff7\u03c9\u0342\u03b9 \u1ffc\u03c9\u03b9 \ufb00\u0066\u0066",
  "\ufb01\u0066\u0069 \ufb02\u0066\u006c \ufb03\u0066\u0066\u0069 \ufb04\u0066\u0066\u006c",
  "\ufb05\u0073\u0074 \ufb06\u0073\u0074 \ufb13\u0574\u0576 \ufb14\u0574\u0565",
  "\ufb15\u0574\u056b \ufb16\u057e\u0576 \ufb17\u0574\u056d",
].join(" ");

const CASEFOLD = new Map(CASEFOLD_SPECIAL.split(" ").map((entry) => {
  const [key, ...value] = Array.from(entry);
  return [key, value.join("")];
}));

function foldChar(ch) {
  const special = CASEFOLD.get(ch);
  if (special !== undefined) return special;
  const cp = ch.codePointAt(0);
  // Cherokee folds to its capitals: the inverse of its lowercase mapping.
  if (cp >= 0x13a0 && cp <= 0x13f5) return ch;
  if (cp >= 0x13f8 && cp <= 0x13fd) return String.fromCodePoint(cp - 8);
  if (cp >= 0xab70 && cp <= 0xabbf) return String.fromCodePoint(cp - 0xab70 + 0x13a0);
  return ch.toLowerCase();
}

const FOLDABLE = /[A-Z]|[^\0-\x7f]/gu;

/** Python str.casefold(): full case folding, context-free ("ß" -> "ss", "ς" -> "σ"). */
export function casefold(text) {
  return text.replace(FOLDABLE, foldChar);
}

const NON_ASCII_DIGIT = /[^\0-\x7f]/gu;
const RE_ND = /\p{Nd}/u;

function digitValue(ch) {
  // Nd characters come in runs of ten from 0 to 9 (checked against Python's unicodedata).
  const cp = ch.codePointAt(0);
  let start = cp;
  while (RE_ND.test(String.fromCodePoint(start - 1))) start -= 1;
  return String((cp - start) % 10);
}

/** Python float() of a plain decimal literal, any Unicode decimal digits allowed. */
export function pyFloat(text) {
  return Number(text.replace(NON_ASCII_DIGIT, (ch) => (RE_ND.test(ch) ? digitValue(ch) : ch)));
}

/**
 * Python round(x, n) for a float: the exactly rounded decimal, ties to even.
 * @param {number} x
 * @param {number} n digits after the point (0 to 100)
 */
export function pyRound(x, n) {
  if (!Number.isFinite(x) || Math.abs(x) >= 2 ** 52) return x;
  const sign = x < 0 || Object.is(x, -0) ? -1 : 1;
  const a = Math.abs(x);
  // A tie (x * 10**n ending in exactly .5) means a = j / 2**(n+1) with j odd.
  const j = a * 2 ** (n + 1);
  let rounded;
  if (Number.isInteger(j) && j % 2 === 1 && j <= Number.MAX_SAFE_INTEGER) {
    const scaled = BigInt(j) * 5n ** BigInt(n); // a * 10**n * 2, odd
    let q = (scaled - 1n) / 2n; // floor(a * 10**n)
    if (q % 2n === 1n) q += 1n;
    rounded = Number(`${q}e-${n}`);
  } else {
    rounded = a >= 1e21 ? a : Number(a.toFixed(n));
  }
  return sign * rounded;
}

/** Python format(x, "g") (reason strings only; they are not part of the parity contract). */
export function formatG(x) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  if (exp < -4 || exp >= 6) {
    const [m, e] = x.toExponential(5).split("e");
    const mant = m.includes(".") ? m.replace(/\.?0+$/, "") : m;
    const ev = Number(e);
    return `${mant}e${ev < 0 ? "-" : "+"}${String(Math.abs(ev)).padStart(2, "0")}`;
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** Python repr() of a str, roughly (reason strings only). */
export function pyRepr(text) {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replace(/'/g, "\\'")}'`;
}

/** Python repr() of a float, roughly: "5.0" rather than "5" (reason strings only). */
export function floatRepr(x) {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
}
