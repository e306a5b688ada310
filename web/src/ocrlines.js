/** Lines of OCR text repaired: port of repair_ocr_line and its parts in bloodclarity/extract/ocr.py. */

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

// Dot leaders between a name and its value read as runs of "c", "s", "e", "o" and dots.
const LEADER = /(?<!\S)(?=\S*(?:\.\.|ccc|sss))[.·:cseo]{4,}(?!\S)/gu;

/** ocr.py repair_dot_leaders: dot leaders that OCR read as letters become dots again. */
function repairDotLeaders(line) {
  return line.replace(LEADER, (m) => ".".repeat(Array.from(m).length));
}

/** ocr.py repair_ocr_line: a line with its table borders and dot leaders restored. */
export function repairOcrLine(line) {
  return repairDotLeaders(repairTableBorders(line));
}
