/** Lines of OCR text repaired: port of repair_ocr_line and its parts in bloodclarity/extract/ocr.py. */

import { S } from "./rules/pystr.js";

const BORDER = /(?<!\S)[{}[\]|]{1,3}(?!\S)/gu;
const GLUED_BORDER = /(?<=\d)[{}[\]](?!\S)/gu;

/**
 * ocr.py repair_table_borders: OCR reads a table's "|" as "{", "}", "[", "]" or a pair of them;
 * on a line with two or more such free-standing marks, each becomes "|", and so does one glued
 * after a number ("1.1]" -> "1.1 |").
 * @param {string} line
 */
function repairTableBorders(line) {
  if ((line.match(BORDER) ?? []).length < 2) return line;
  return line.replace(GLUED_BORDER, " |").replace(BORDER, "|");
}

// Dot leaders between a name and its value read as words of dots and the letters OCR takes
// dots for ("..cccccscccc", "..0oooocoommmmo...", "c.coccccr rr").
const LEADER_WORD = /^[.·:,;cseomnr0°¿+]+$/u;
const PLAIN_NUMBER = /^[+-]?\p{Nd}+(?:[.,]\p{Nd}+)?$/u;
const LEADER_MARK = /\.\.|([cseomnr0])\1\1/u;
const WORD = new RegExp(`[^${S}]+`, "gu");

/** ocr.py _leader_word: 2 for a word that can only be a leader, 1 for one that can be part of
 * one, else 0. */
function leaderWord(word) {
  if (!LEADER_WORD.test(word) || PLAIN_NUMBER.test(word)) return 0;
  const length = Array.from(word).length;
  if (length >= 4 && LEADER_MARK.test(word)) return 2;
  return length <= 3 || /[.0°¿+]/u.test(word) ? 1 : 0;
}

/** ocr.py repair_dot_leaders: dot leaders that OCR read as letters become dots again. */
function repairDotLeaders(line) {
  const out = Array.from(line);
  let run = [];
  let pos = 0; // code-point offset of the match
  let last = 0; // UTF-16 index already counted
  const close = () => {
    if (run.some(([, , strength]) => strength === 2)) {
      for (const [start, length] of run) out.fill(".", start, start + length);
    }
    run = [];
  };
  for (const m of line.matchAll(WORD)) {
    pos += Array.from(line.slice(last, m.index)).length;
    last = m.index;
    const strength = leaderWord(m[0]);
    if (strength) run.push([pos, Array.from(m[0]).length, strength]);
    else close();
  }
  close();
  return out.join("");
}

/** ocr.py repair_ocr_line: a line with its table borders and dot leaders restored. */
export function repairOcrLine(line) {
  return repairDotLeaders(repairTableBorders(line));
}
