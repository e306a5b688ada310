#!/usr/bin/env node
// Tokenize texts with web/src/tokenizer.js, for comparison with the Python tokenizer.
//
// stdin:  {"vocab": "path/to/vocab.txt", "texts": ["...", ...],
//          optional "max_tokens": 126, "overlap_lines": 2,
//          optional "chars": "..."  (per-code-point checks, see below)}
// stdout: {"vocab_size": n,
//          "encodings": [{"ids": [...], "offsets": [[s, e], ...], "words": [...]}, ...],
//          "windows": [[[start, stop, ownStart, ownStop], ...], ...],
//          "word_offsets": [[[s, e], ...], ...],
//          and with "chars": "normalised" (normaliseChar of each code point, joined) and
//          "classes" (charClass of each code point, joined with spaces), "assigned" ("1" or
//          "0" per code point: assigned in this engine's Unicode version or not)}
// All offsets are in code points, as in Python.
import { readFileSync } from "node:fs";
import {
  WordPieceTokenizer, charClass, normaliseChar, packWindows, wordOffsets,
} from "../src/tokenizer.js";

const request = JSON.parse(readFileSync(0, "utf8"));
const tokenizer = WordPieceTokenizer.fromText(readFileSync(request.vocab, "utf8"));
const options = {};
if (request.max_tokens !== undefined) options.maxTokens = request.max_tokens;
if (request.overlap_lines !== undefined) options.overlapLines = request.overlap_lines;

const result = { vocab_size: tokenizer.length, encodings: [], windows: [], word_offsets: [] };
for (const text of request.texts ?? []) {
  const encoding = tokenizer.encode(text);
  result.encodings.push(encoding);
  result.windows.push(packWindows(encoding.ids, tokenizer.nlId, options)
    .map((w) => [w.start, w.stop, w.ownStart, w.ownStop]));
  result.word_offsets.push(wordOffsets(text));
}
if (request.chars !== undefined) {
  const chars = Array.from(request.chars);
  result.normalised = chars.map(normaliseChar).join("");
  result.classes = chars.map(charClass).join(" ");
  result.assigned = chars.map((c) => (/^\p{Cn}$/u.test(c) ? "0" : "1")).join("");
}
process.stdout.write(JSON.stringify(result));
