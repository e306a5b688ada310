/**
 * The model's tokenizer and window packing, ported from Python so the browser produces
 * exactly the token ids the model was trained on.
 *
 * Reference (the spec): src/bloodclarity/corpus/labels.py (word_offsets),
 * src/bloodclarity/model/tokenizer.py (normalise_char, WordPieceTokenizer) and
 * src/bloodclarity/model/windows.py (pack_windows). Parity is checked by
 * tests/web/test_tokenizer_parity.py through web/tools/tokenize.mjs.
 *
 * OFFSETS ARE IN UNICODE CODE POINTS, not UTF-16 code units: they are the same numbers as
 * the Python offsets. For text outside the BMP (emoji, 𝑥) they differ from JavaScript
 * string indices; use {@link codePointToUtf16} to slice a JavaScript string.
 *
 * Character classes mirror Python `re` on str patterns: `\d` is a Unicode decimal digit
 * (General_Category Nd), `\w` is str.isalnum() (categories L* and N*) or "_", `\s` is
 * str.isspace() (the explicit list below, which differs from JavaScript's `\s`), a combining
 * mark is category M*. Results can still differ from Python for characters whose Unicode
 * properties differ between the JavaScript engine's Unicode version and Python's
 * unicodedata version (e.g. scripts added after the older of the two).
 *
 * ES module, no dependencies; Node >= 20 and current browsers.
 */

export const SPECIAL_TOKENS = Object.freeze(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[NL]"]);
export const MAX_WORD_CHARS = 64;
export const DEFAULT_MAX_TOKENS = 126; // 128 positions with [CLS] and [SEP]
export const DEFAULT_OVERLAP_LINES = 1;

const RULE_CHARS = new Set(Array.from("-=.*~_|▌▇■□░▒▓"));

// Python str.isspace(): bidirectional class WS, B or S, or category Zs.
const PY_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
  0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
  0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

const RE_DECIMAL = /^\p{Nd}$/u;
const RE_ALNUM = /^[\p{L}\p{N}]$/u;
const RE_MARK = /^\p{M}$/u;
const RE_LETTER = /^\p{L}$/u;

// Class of one code point as seen by the word regex:
// "n" newline, "d" decimal digit, "l" letter or non-decimal number, "u" underscore,
// "s" other whitespace (skipped), "p" any other character (punctuation, symbols, marks...).
// Plus its category for the joining rule: "M" combining mark, "L" letter, "" otherwise.
const CLASS_CACHE = new Map();

function classOf(ch) {
  let cls = CLASS_CACHE.get(ch);
  if (cls === undefined) {
    const cp = ch.codePointAt(0);
    let kind;
    if (ch === "\n") kind = "n";
    else if (RE_DECIMAL.test(ch)) kind = "d";
    else if (RE_ALNUM.test(ch)) kind = "l";
    else if (ch === "_") kind = "u";
    else if (PY_SPACE.has(cp)) kind = "s";
    else kind = "p";
    const cat = RE_MARK.test(ch) ? "M" : RE_LETTER.test(ch) ? "L" : "";
    cls = kind + cat;
    if (CLASS_CACHE.size < 100_000) CLASS_CACHE.set(ch, cls);
  }
  return cls;
}

/**
 * The class of one character (one code point) used by {@link wordOffsets}: a letter from
 * "ndlusp" (newline, decimal digit, letter/other number, underscore, space, other) followed by
 * "M" (combining mark), "L" (letter) or nothing. Exported for the parity tests.
 * @param {string} ch one code point
 * @returns {string}
 */
export function charClass(ch) {
  return classOf(ch);
}

function isAlnum(ch) {
  const k = classOf(ch)[0];
  return k === "d" || k === "l";
}

/** Word offsets over an array of code points (see {@link wordOffsets}). */
function wordOffsetsOfCodePoints(cps) {
  const offsets = [];
  const n = cps.length;
  let i = 0;
  while (i < n) {
    const c = cps[i];
    const kind = classOf(c)[0];
    let end;
    if (kind === "n") {
      end = i + 1;
    } else if (kind === "d" || kind === "l") {
      end = i + 1;
      while (end < n && classOf(cps[end])[0] === kind) end += 1;
    } else if (RULE_CHARS.has(c) && i + 1 < n && cps[i + 1] === c) {
      end = i + 2;
      while (end < n && cps[end] === c) end += 1;
    } else if (kind === "p" || kind === "u") {
      end = i + 1;
    } else {
      i += 1; // whitespace other than a newline
      continue;
    }
    const last = offsets.length ? offsets[offsets.length - 1] : null;
    if (last !== null && i === last[1] && joins(cps, i)) last[1] = end;
    else offsets.push([i, end]);
    i = end;
  }
  return offsets;
}

function joins(cps, start) {
  const here = classOf(cps[start]);
  const before = classOf(cps[start - 1]);
  return here.endsWith("M") || (before.endsWith("M") && here.endsWith("L"));
}

/**
 * Pre-tokens: runs of digits, runs of letters, runs of one rule character ("-----", "**"),
 * other punctuation marks one by one, and newlines; combining marks stay in their word.
 * Mirrors bloodclarity.corpus.labels.word_offsets.
 * @param {string} text
 * @returns {Array<[number, number]>} [start, end) offsets in CODE POINTS (as in Python)
 */
export function wordOffsets(text) {
  return wordOffsetsOfCodePoints(Array.from(text));
}

function codePointLength(s) {
  let n = 0;
  for (const _ of s) n += 1; // eslint-disable-line no-unused-vars
  return n;
}

/**
 * The pinned one-character normalisation: NFD minus Latin combining marks U+0300-U+036F,
 * lower case, micro sign µ -> Greek μ; a step whose result is not exactly one character is
 * skipped. Mirrors bloodclarity.model.tokenizer.normalise_char.
 * @param {string} ch one code point
 * @returns {string} one code point
 */
export function normaliseChar(ch) {
  let base = "";
  for (const c of ch.normalize("NFD")) {
    const cp = c.codePointAt(0);
    if (cp < 0x300 || cp > 0x36f) base += c;
  }
  if (codePointLength(base) !== 1) base = ch;
  let low = base.toLowerCase();
  if (codePointLength(low) !== 1) low = base;
  return low === "µ" ? "μ" : low;
}

/**
 * JavaScript (UTF-16) string index of each code-point offset, for slicing: the result maps
 * code-point index i (0..number of code points) to its UTF-16 index.
 * @param {string} text
 * @returns {number[]}
 */
export function codePointToUtf16(text) {
  const index = [0];
  let u = 0;
  for (const c of text) {
    u += c.length;
    index.push(u);
  }
  return index;
}

/** WordPiece over a fixed vocabulary (one token a line, id = line index). */
export class WordPieceTokenizer {
  /** @param {string[]} vocab tokens, id = array index */
  constructor(vocab) {
    this.tokens = Array.from(vocab);
    this.vocab = new Map();
    this.tokens.forEach((token, i) => this.vocab.set(token, i)); // a duplicate: the last wins
    for (const special of SPECIAL_TOKENS) {
      if (!this.vocab.has(special)) {
        throw new Error(`vocabulary lacks the special token ${special}`);
      }
    }
    this.padId = this.vocab.get("[PAD]");
    this.unkId = this.vocab.get("[UNK]");
    this.clsId = this.vocab.get("[CLS]");
    this.sepId = this.vocab.get("[SEP]");
    this.nlId = this.vocab.get("[NL]");
    // Longest token in code points: no longer piece can match, so the greedy search starts
    // there (same result as Python, which starts at the end of the word).
    this.maxPieceChars = this.tokens.reduce((m, t) => Math.max(m, codePointLength(t)), 1);
    this._cache = new Map();
  }

  /**
   * The contents of vocab.txt, read as Python's Path.read_text does (universal newlines),
   * one token a line; the text after the last newline is ignored, as in Python.
   * @param {string} vocabTxt
   */
  static fromText(vocabTxt) {
    return new WordPieceTokenizer(vocabTxt.replace(/\r\n?/g, "\n").split("\n").slice(0, -1));
  }

  get length() {
    return this.tokens.length;
  }

  /**
   * (id, start, end) of the pieces of one word, offsets in code points relative to the word.
   * @param {string} word
   * @returns {Array<[number, number, number]>}
   */
  wordPieces(word) {
    const cached = this._cache.get(word);
    if (cached !== undefined) return cached;
    const cps = Array.from(word);
    let pieces;
    if (word === "\n") {
      pieces = [[this.nlId, 0, 1]];
    } else if (cps.length > 1 && cps.every((c) => c === cps[0]) && !isAlnum(cps[0])) {
      const id = this.vocab.get(normaliseChar(cps[0]));
      pieces = [[id === undefined ? this.unkId : id, 0, cps.length]];
    } else {
      const norm = cps.map(normaliseChar);
      pieces = norm.length <= MAX_WORD_CHARS ? this._greedy(norm) : [[this.unkId, 0, norm.length]];
    }
    if (this._cache.size < 200_000) this._cache.set(word, pieces);
    return pieces;
  }

  _greedy(chars) {
    const pieces = [];
    const n = chars.length;
    let start = 0;
    while (start < n) {
      let end = Math.min(n, start + this.maxPieceChars);
      let found;
      while (end > start) {
        const body = chars.slice(start, end).join("");
        found = this.vocab.get(start === 0 ? body : "##" + body);
        if (found !== undefined) break;
        end -= 1;
      }
      if (found === undefined) {
        pieces.push([this.unkId, start, start + 1]);
        start += 1;
      } else {
        pieces.push([found, start, end]);
        start = end;
      }
    }
    return pieces;
  }

  /**
   * Tokens of `text` (no [CLS]/[SEP]; windows add them).
   * @param {string} text
   * @returns {{ids: number[], offsets: Array<[number, number]>, words: number[]}}
   *   offsets in CODE POINTS of `text` (the Python numbers), words = word index per token
   */
  encode(text) {
    const cps = Array.from(text);
    const ids = [];
    const offsets = [];
    const words = [];
    wordOffsetsOfCodePoints(cps).forEach(([start, end], w) => {
      for (const [token, s, e] of this.wordPieces(cps.slice(start, end).join(""))) {
        ids.push(token);
        offsets.push([start + s, start + e]);
        words.push(w);
      }
    });
    return { ids, offsets, words };
  }
}

/** (start, stop) token ranges of the lines; a newline token ends its line. */
export function lineSpans(ids, newlineId) {
  const lines = [];
  let start = 0;
  ids.forEach((token, i) => {
    if (token === newlineId) {
      lines.push([start, i + 1]);
      start = i + 1;
    }
  });
  if (start < ids.length) lines.push([start, ids.length]);
  return lines;
}

function cutLongLines(lines, maxTokens) {
  const out = [];
  for (let [start, stop] of lines) {
    while (stop - start > maxTokens) {
      out.push([start, start + maxTokens]);
      start += maxTokens;
    }
    out.push([start, stop]);
  }
  return out;
}

/** Greedy [first line, line after the last] per window of at most `cap` tokens. */
function lineWindows(lines, cap, overlapLines) {
  const bounds = [];
  let first = 0;
  while (first < lines.length) {
    let last = first;
    while (last < lines.length && lines[last][1] - lines[first][0] <= cap) last += 1;
    bounds.push([first, last]);
    if (last >= lines.length) break;
    first = Math.max(first + 1, last - overlapLines);
    while (lines[last - 1][1] - lines[first][0] > Math.floor(cap / 2) && first < last - 1) {
      first += 1; // keep the overlap under half a window so windows advance
    }
  }
  return bounds;
}

/** As few windows as greedy packing needs, with the smallest cap that still needs no more. */
function balancedWindows(lines, maxTokens, overlapLines) {
  let best = lineWindows(lines, maxTokens, overlapLines);
  let low = Math.max(...lines.map(([start, stop]) => stop - start));
  let high = maxTokens;
  while (low < high) {
    const cap = Math.floor((low + high) / 2);
    const bounds = lineWindows(lines, cap, overlapLines);
    if (bounds.length <= best.length) {
      best = bounds;
      high = cap;
    } else {
      low = cap + 1;
    }
  }
  return best;
}

/**
 * Windows of whole lines over a document's tokens, overlapping by at least `overlapLines`
 * lines; tokens ownStart:ownStop are owned by the window (keep their predictions from it).
 * Balanced: as few windows as needed, of similar lengths.
 * Mirrors bloodclarity.model.windows.pack_windows. Indices are token indices.
 * @param {number[]} ids
 * @param {number} newlineId
 * @param {{maxTokens?: number, overlapLines?: number}} [options]
 * @returns {Array<{start: number, stop: number, ownStart: number, ownStop: number}>}
 */
export function packWindows(ids, newlineId, { maxTokens = DEFAULT_MAX_TOKENS,
  overlapLines = DEFAULT_OVERLAP_LINES } = {}) {
  if (!ids.length) return [];
  const lines = cutLongLines(lineSpans(ids, newlineId), maxTokens);
  const bounds = balancedWindows(lines, maxTokens, overlapLines);
  return bounds.map(([a, b], k) => {
    let ownA = k === 0 ? a : Math.floor((a + bounds[k - 1][1] + 1) / 2);
    let ownB = k === bounds.length - 1 ? b : Math.floor((bounds[k + 1][0] + b + 1) / 2);
    [ownA, ownB] = [Math.min(Math.max(ownA, a), b), Math.max(Math.min(ownB, b), a)];
    return {
      start: lines[a][0],
      stop: lines[b - 1][1],
      ownStart: ownA < lines.length ? lines[ownA][0] : lines[lines.length - 1][1],
      ownStop: ownB > 0 ? lines[ownB - 1][1] : 0,
    };
  });
}
