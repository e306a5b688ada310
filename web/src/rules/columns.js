/**
 * Which number on a row is the current result when a table also prints a previous one: port
 * of src/bloodclarity/extract/columns.py.
 *
 * A column header that names a result column ("Ergebnis", "Result") and a previous-result
 * column ("Vorwert", "Previous") governs the rows below it, up to a blank line or the next
 * header. On those rows a VALUE found under the previous column moves to the number under the
 * result column, or is dropped when that cell is empty. Columns are cells between "|" or tabs
 * when the header has them, else character positions (the header word that starts nearest).
 * The words are the lexicon's ``columns`` lists. Offsets are in code points, as in Python.
 */

import { lineStarts } from "./assemble.js";
import { fold } from "./lexicon.js";
import { repairOcrLetters } from "./names.js";
import { D, W, cpLength, reEscape, sortedByKeyDesc, strip } from "./pystr.js";

const NUMBER = new RegExp(`(?<![${W}.,])[<>≤≥]?[${D}]+(?:[.,][${D}]+)?(?![${W}.,])`, "gu");

/** ``text`` folded one code point at a time, so offsets stay those of ``text``. */
function foldEach(text) {
  return Array.from(text, (ch) => Array.from(fold(ch) || ch)[0]).join("");
}

const tables = new WeakMap();

function columnWords(sources) {
  let found = tables.get(sources);
  if (found) return found;
  const words = { result: new Set(), previous: new Set() };
  for (const code of Object.keys(sources).sort()) {
    for (const [kind, phrases] of Object.entries(sources[code].columns)) {
      for (const p of phrases) words[kind].add(foldEach(p));
    }
  }
  const pattern = (phrases) => {
    const alternatives = sortedByKeyDesc([...phrases], cpLength).map(reEscape).join("|");
    return new RegExp(`(?<![${W}])(?:${alternatives})(?![${W}])`, "u");
  };
  found = { result: pattern(words.result), previous: pattern(words.previous) };
  tables.set(sources, found);
  return found;
}

/** The code point offset of a JS string index in ``text``. */
const cpAt = (text, index) => cpLength(text.slice(0, index));

function position(cps, offset, cells) {
  return cells ? cps.slice(0, offset).filter((ch) => ch === "|" || ch === "\t").length : offset;
}

/**
 * The result and previous-result columns a header line names, or null when it names no result
 * column: {result, previous (null when absent), cells}.
 * @param {string} line
 * @param {{sources: Object<string, object>}} lexicon from createLexicon
 */
export function findHeader(line, lexicon) {
  const words = columnWords(lexicon.sources);
  let folded = repairOcrLetters(foldEach(line)); // "V0rbefund"
  const previous = words.previous.exec(folded);
  if (previous !== null) { // "Resultado anterior" is no result column
    const end = previous.index + previous[0].length;
    folded = folded.slice(0, previous.index) + " ".repeat(previous[0].length) + folded.slice(end);
  }
  const result = words.result.exec(folded);
  if (result === null) return null;
  const cps = Array.from(line);
  const cells = /[|\t]/.test(line);
  return {
    result: position(cps, cpAt(folded, result.index), cells),
    previous: previous === null ? null : position(cps, cpAt(folded, previous.index), cells),
    cells,
  };
}

/** "result" or "previous": the column of the cell at code point ``offset``. */
function column(header, cps, offset) {
  const at = position(cps, offset, header.cells);
  if (header.cells) {
    return at === header.previous ? "previous" : at === header.result ? "result" : "";
  }
  return Math.abs(at - header.previous) < Math.abs(at - header.result) ? "previous" : "result";
}

/**
 * 0-based line -> the header with a previous-result column that governs it.
 * @returns {Map<number, object>}
 */
export function governingHeaders(text, lexicon) {
  const governed = new Map();
  let header = null;
  text.split("\n").forEach((line, i) => {
    const blank = strip(line) === "";
    const found = blank ? null : findHeader(line, lexicon);
    if (blank || found !== null) {
      header = found !== null && found.previous !== null ? found : null;
    } else if (header !== null) {
      governed.set(i, header);
    }
  });
  return governed;
}

/**
 * ``entities`` with each VALUE of a previous-result column moved or dropped.
 * @param {import("./assemble.js").Entity[]} entities
 * @param {string} text
 * @param {{sources: Object<string, object>}} lexicon
 */
export function currentValues(entities, text, lexicon) {
  const governed = governingHeaders(text, lexicon);
  if (governed.size === 0) return [...entities];
  const lines = text.split("\n");
  const starts = lineStarts(text);
  const cpText = Array.from(text);
  const values = new Set(entities.filter((e) => e.label === "VALUE").map((e) => e.start));
  const out = [];
  for (const e of entities) {
    const header = governed.get(e.line);
    const cps = header ? Array.from(lines[e.line]) : [];
    if (!header || e.label !== "VALUE" || column(header, cps, e.start - starts[e.line]) !== "previous") {
      out.push(e);
      continue;
    }
    const line = lines[e.line];
    const current = [...line.matchAll(NUMBER)]
      .map((m) => [cpAt(line, m.index), cpLength(m[0])])
      .filter(([at]) => column(header, cps, at) === "result");
    if (current.length && !values.has(starts[e.line] + current[0][0])) {
      const start = starts[e.line] + current[0][0];
      const end = start + current[0][1];
      out.push(Object.freeze({ label: "VALUE", start, end,
        text: cpText.slice(start, end).join(""), line: e.line, confidence: e.confidence }));
    }
  }
  out.push(...valuesOfNamedRows(out, cpText, lines, starts, governed));
  return out.sort((a, b) => a.start - b.start);
}

/**
 * columns._values_of_named_rows: a VALUE for each governed row with a BIOMARKER and no VALUE,
 * the first number under the result column that no other span holds.
 */
function valuesOfNamedRows(entities, cpText, lines, starts, governed) {
  const byLine = new Map();
  for (const e of entities) {
    if (!byLine.has(e.line)) byLine.set(e.line, []);
    byLine.get(e.line).push(e);
  }
  const added = [];
  for (const [i, row] of byLine) {
    const header = governed.get(i);
    const names = row.filter((e) => e.label === "BIOMARKER");
    if (!header || !names.length || row.some((e) => e.label === "VALUE")) continue;
    const line = lines[i];
    const cps = Array.from(line);
    for (const m of line.matchAll(NUMBER)) {
      const at = cpAt(line, m.index);
      const start = starts[i] + at;
      const end = start + cpLength(m[0]);
      const free = row.every((e) => end <= e.start || e.end <= start);
      if (free && start >= names[0].end && column(header, cps, at) === "result") {
        added.push(Object.freeze({ label: "VALUE", start, end,
          text: cpText.slice(start, end).join(""), line: i, confidence: names[0].confidence }));
        break;
      }
    }
  }
  return added;
}
