#!/usr/bin/env node
/**
 * The JavaScript rule layer as a command-line oracle, for the parity test
 * (tests/web/test_rules_parity.py) against Python.
 *
 * Reads one JSON document from stdin and writes one to stdout:
 *
 *   {"reports": [{"text": "...", "entities": [{"start", "end", "label"}, ...]}, ...]}
 *     -> {"results": [[Result.toDict(), ...] per report]}
 *     (makeEntities -> assemble -> interpretAll(..., detectSex(text)), as in Python)
 *
 *   {"calls": [["parse_number", "6.650", {"decimal": ","}], ...]}
 *     -> {"calls": [plain JSON result, or {"error": message}, ...]}
 *     (single rule functions under their Python names; see CALLS below)
 *
 * Entity offsets are code points, as in Python. Non-finite floats are written as the strings
 * "Infinity", "-Infinity" and "NaN". The knowledge base and the lexicon files are read from
 * src/bloodclarity/data/.
 */

import { readFileSync, readdirSync } from "node:fs";

import {
  assemble,
  bestFit,
  checkPlausible,
  convert,
  createKnowledgeBase,
  createLexicon,
  currentValues,
  relabel,
  snapSpans,
  deriveFlag,
  detectDecimalConvention,
  detectSex,
  fold,
  foldName,
  foldUnit,
  inferUnit,
  interpretAll,
  makeEntities,
  matchName,
  normaliseUnit,
  normalize,
  ocrSkeleton,
  parseFlag,
  parseNumber,
  parseRange,
  rangeMisfit,
  readNumber,
  repairOcr,
  repairOcrLetters,
  restoreLostDecimal,
  splitGluedFlag,
  unitByRange,
  unitForAnalyte,
} from "../src/rules/index.js";
import { repairOcrLine } from "../src/ocrlines.js";
import { casefold } from "../src/rules/pystr.js";

const DATA = new URL("../../src/bloodclarity/data/", import.meta.url);

function loadData() {
  const kb = createKnowledgeBase(JSON.parse(readFileSync(new URL("knowledge_base.json", DATA), "utf8")));
  const folder = new URL("lexicon/", DATA);
  const languages = {};
  for (const name of readdirSync(folder).sort()) {
    if (name.endsWith(".json")) {
      languages[name.slice(0, -5)] = JSON.parse(readFileSync(new URL(name, folder), "utf8"));
    }
  }
  return { kb, lexicon: createLexicon(languages) };
}

function runReport(report, kb, lexicon) {
  const spans = report.entities.map((e) => [e.label, e.start, e.end, 1.0]);
  const ents = makeEntities(report.text, spans);
  const results = interpretAll(assemble(ents, report.text), kb,
    { lexicon, sex: detectSex(report.text, lexicon) });
  return results.map((r) => r.toDict());
}

/** Python name -> (args, kwargs) -> plain JSON, mirrored in the parity test. */
function calls(kb, lexicon) {
  const range = (r) => (r === null ? null : { low: r.low, high: r.high, text: r.text });
  return {
    casefold: (text) => casefold(text),
    fold: (text) => fold(text),
    normalize: (text) => normalize(text),
    repair_ocr: (text) => repairOcr(text),
    read_number: (text, kw = {}) => {
      const read = readNumber(text, { decimal: kw.decimal ?? null, plausible: kw.plausible ?? null });
      return read === null ? null : [read[0], read[1] !== null];
    },
    parse_number: (text, kw = {}) => {
      const n = parseNumber(text, { decimal: kw.decimal ?? null, plausible: kw.plausible ?? null, lexicon });
      return n === null ? null
        : { value: n.value, comparator: n.comparator, text: n.text, assumed: n.assumption !== null };
    },
    detect_decimal_convention: (numbers) => detectDecimalConvention(numbers),
    parse_range: (text, kw = {}) => range(parseRange(text, {
      sex: kw.sex ?? null, age: kw.age ?? null, decimal: kw.decimal ?? null, lexicon,
      loneEquals: kw.lone_equals ?? null })),
    parse_flag: (text) => parseFlag(text, { lexicon }),
    split_glued_flag: (text) => splitGluedFlag(text, { lexicon }),
    derive_flag: (value, comparator, reference) => deriveFlag(value, comparator, reference),
    fold_unit: (text) => foldUnit(text),
    normalise_unit: (text) => {
      const m = normaliseUnit(text, kb);
      return { ucum: m.ucum, candidates: [...m.candidates], reason: m.reason };
    },
    unit_for_analyte: (text, analyte) => {
      const m = unitForAnalyte(text, kb.get(analyte), kb);
      return { ucum: m.ucum, candidates: [...m.candidates], reason: m.reason };
    },
    fold_name: (text) => foldName(text),
    repair_ocr_letters: (text) => repairOcrLetters(text),
    match_name: (text) => {
      const m = matchName(text, kb);
      return { analytes: [...m.analytes], method: m.method, alias: m.alias, score: m.score };
    },
    convert: (analyte, value, src, dst) => convert(kb, kb.get(analyte), value, src, dst),
    check_plausible: (value, unit, analyte, kw = {}) => {
      const v = checkPlausible(value, unit, kb.get(analyte), kb, { comparator: kw.comparator ?? null });
      return { ok: v.ok, si_value: v.siValue };
    },
    infer_unit: (value, analyte, printed = null) => {
      const inferred = inferUnit(value, kb.get(analyte), kb, printed);
      return [inferred.unit, inferred.reason];
    },
    unit_by_range: (low, high, analyte) => unitByRange(low, high, kb.get(analyte), kb),
    range_misfit: (low, high, unit, analyte) => rangeMisfit(low, high, unit, kb.get(analyte), kb),
    best_fit: (scored) => bestFit(scored),
    ocr_skeleton: (key) => ocrSkeleton(key),
    restore_lost_decimal: (lowText, low, highText, high) => restoreLostDecimal(lowText, low, highText, high),
    detect_sex: (text) => detectSex(text, lexicon),
    repair_ocr_line: (line) => repairOcrLine(line),
    snap_spans: (text, spans) => snapSpans(makeEntities(text, spans), text)
      .map((e) => [e.label, e.start, e.end, e.text]),
    current_values: (text, spans) => currentValues(makeEntities(text, spans), text, lexicon)
      .map((e) => [e.label, e.start, e.end, e.text]),
    relabel: (text, spans) => relabel(makeEntities(text, spans), text, kb, lexicon)
      .map((e) => [e.label, e.start, e.end, e.text, e.confidence]),
  };
}

function finite(_key, value) {
  if (typeof value === "number" && !Number.isFinite(value)) {
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  return value;
}

function main() {
  const request = JSON.parse(readFileSync(0, "utf8"));
  const { kb, lexicon } = loadData();
  const out = {};
  if (request.reports) out.results = request.reports.map((r) => runReport(r, kb, lexicon));
  if (request.calls) {
    const table = calls(kb, lexicon);
    out.calls = request.calls.map(([name, ...args]) => {
      if (!Object.hasOwn(table, name)) return { error: `unknown function ${name}` };
      try {
        return table[name](...args);
      } catch (error) {
        return { error: String(error && error.message) };
      }
    });
  }
  process.stdout.write(JSON.stringify(out, finite) + "\n");
}

main();
