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

/** Python str.isalpha() for one character. */
export function isAlpha(ch) {
  return /^\p{L}$/u.test(ch);
}

/** Python str.isalnum() for one character. */
export function isAlnum(ch) {
  return /^[\p{L}\p{N}]$/u.test(ch);
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

/** Whether the positive double ``x`` is exactly digits * 10**k (digits a BigInt). */
function equalsDecimal(x, digits, k) {
  const [m, e] = decompose(x);
  const a = Math.max(-e, 0);
  const b = Math.max(-k, 0);
  const left = m * 2n ** BigInt(e + a) * 10n ** BigInt(b);
  return left === digits * 10n ** BigInt(k + b) * 2n ** BigInt(a);
}

/**
 * Python format(x, ".{precision}g"), "g" alone by default (reason strings): ``precision``
 * significant digits, rounded half to even on the double's exact value as Python does
 * (JavaScript's toExponential rounds ties up).
 * @param {number} x
 * @param {number} [precision]
 */
export function formatG(x, precision = 6) {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const a = Math.abs(x);
  let [m, e] = a.toExponential(precision - 1).split("e");
  let digits = m.replace(".", "");
  let exp = Number(e);
  [m, e] = a.toExponential(precision).split("e");
  const longer = m.replace(".", "");
  if (longer.endsWith("5") && (BigInt(longer.slice(0, -1)) % 2n === 0n) &&
      equalsDecimal(a, BigInt(longer), Number(e) - precision)) {
    digits = longer.slice(0, -1); // a tie: to the even digit, which is down here
    exp = Number(e);
  }
  const sign = x < 0 ? "-" : "";
  const trim = (whole, fraction) => {
    const f = fraction.replace(/0+$/, "");
    return f ? `${whole}.${f}` : whole;
  };
  if (exp < -4 || exp >= precision) {
    const mant = trim(digits[0], digits.slice(1));
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return sign + trim("0", "0".repeat(-exp - 1) + digits);
  return sign + trim(digits.slice(0, exp + 1), digits.slice(exp + 1));
}

/** Python repr() of a str, roughly (reason strings only). */
export function pyRepr(text) {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replace(/'/g, "\\'")}'`;
}

/** Python repr() of a float, roughly: "5.0" rather than "5" (reason strings only). */
export function floatRepr(x) {
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
}

// Correctly rounded natural logarithm and exponential, for Python's math.log and math.exp.
// CPython calls the C library, and glibc's log and exp round correctly for all but about one
// argument in a thousand (they err by at most half an ulp plus a hair); V8's Math.log and
// Math.exp (fdlibm) are off by one ulp for about one in eight, "exp(log(3))" among them. The
// values are computed in binary fixed point with PRECISION fraction bits, far more than the
// hardest-to-round double needs, then rounded to the nearest double.
const PRECISION = 200n;
const ONE = 1n << PRECISION;

/** [mantissa, exponent] of a positive finite double: x = mantissa * 2**exponent exactly. */
function decompose(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  return biased === 0 ? [fraction, -1074] : [fraction | (1n << 52n), biased - 1075];
}

/** The double nearest to n * 2**e (n > 0), ties to even; no subnormals. */
function toDouble(n, e) {
  const length = n.toString(2).length;
  let shift = length - 53;
  let m = n;
  if (shift > 0) {
    const rest = n & ((1n << BigInt(shift)) - 1n);
    const half = 1n << BigInt(shift - 1);
    m = n >> BigInt(shift);
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  } else {
    shift = 0;
  }
  const exponent = e + shift;
  const half = Math.trunc(exponent / 2);
  return Number(m) * 2 ** half * 2 ** (exponent - half);
}

/** atanh(p / q) * ONE for 0 <= p/q < 1/2, by its series. */
function atanhFixed(p, q) {
  let sum = 0n;
  let power = (p * ONE) / q; // (p/q)^(2k+1) * ONE
  const square = p * p;
  const q2 = q * q;
  for (let k = 1n; power !== 0n; k += 2n) {
    sum += power / k;
    power = (power * square) / q2;
  }
  return sum;
}

let ln2Fixed = null;
function ln2() {
  if (ln2Fixed === null) ln2Fixed = 2n * atanhFixed(1n, 3n);
  return ln2Fixed;
}

/** Python math.log(x) for a positive finite x (see the note above). */
export function pyLog(x) {
  if (!(x > 0) || x === Infinity) return Math.log(x); // Python raises for x <= 0
  if (x === 1) return 0.0;
  let [m, e] = decompose(x);
  // x = m * 2**e with m normalised to [2**52, 2**53); fold m into [sqrt(1/2), sqrt(2)) * 2**52.
  while (m < 1n << 52n) { m <<= 1n; e -= 1; }
  let k = e + 52;
  let denominator = 1n << 52n;
  if (m * m > 2n * denominator * denominator) { denominator <<= 1n; k += 1; }
  const value = 2n * atanhFixed(m - denominator, m + denominator) + BigInt(k) * ln2();
  if (value === 0n) return 0.0;
  const magnitude = toDouble(value < 0n ? -value : value, -Number(PRECISION));
  return value < 0n ? -magnitude : magnitude;
}

/** Python math.exp(y) for |y| < 700, well inside the double range (see the note above). */
export function pyExp(y) {
  if (y === 0) return 1.0;
  if (!(Math.abs(y) < 700)) return Math.exp(y); // near overflow or underflow: not needed here
  const [m, e] = decompose(Math.abs(y));
  const fixed = e >= 0 ? (m << BigInt(e)) * ONE : (m * ONE) >> BigInt(-e); // |y| * ONE, floored
  const exact = e >= 0 || ((m * ONE) & ((1n << BigInt(-e)) - 1n)) === 0n;
  const yFixed = y < 0 ? -fixed - (exact ? 0n : 1n) : fixed;
  // y = k ln 2 + r, |r| <= ln 2 / 2; exp(r) = exp(r / 2**8) ** (2**8).
  const k = BigInt(Math.round(y / Math.LN2));
  const r = yFixed - k * ln2();
  const small = r >> 8n;
  let term = ONE;
  let sum = ONE;
  for (let n = 1n; term !== 0n; n += 1n) {
    term = (term * small) / (ONE * n);
    sum += term;
  }
  for (let i = 0; i < 8; i++) sum = (sum * sum) >> PRECISION;
  return toDouble(sum, Number(k) - Number(PRECISION));
}
