/**
 * The rule layer in JavaScript: a port of bloodclarity's Python rules (src/bloodclarity/rules/,
 * knowledge/model.py, extract/assemble.py, extract/columns.py, extract/spans.py,
 * extract/relabel.py, extract/interpret.py, schema.py) that reads the same
 * data files and gives field-by-field the same results. Data is passed in, never fetched:
 *
 *   const kb = createKnowledgeBase(kbJson);
 *   const lexicon = createLexicon({en: enJson, es: esJson, ...});
 *   const ents = makeEntities(text, spans);            // spans: [label, start, end, conf]
 *   const results = interpretAll(assemble(ents, text), kb, {lexicon, sex: detectSex(text, lexicon)});
 *   results.map((r) => r.toDict());
 *
 * Parity with Python is checked by tests/web/test_rules_parity.py through web/tools/oracle.mjs.
 */

export * from "./assemble.js";
export * from "./columns.js";
export * from "./conversion.js";
export { deriveFlag, parseFlag, splitGluedFlag, SYMBOL_FLAGS } from "./flags.js";
export * from "./inference.js";
export { FLAG_CODES, interpret, interpretAll } from "./interpret.js";
export * from "./knowledge.js";
export * from "./lexicon.js";
export * from "./names.js";
export * from "./numbers.js";
export * from "./patient.js";
export * from "./plausibility.js";
export * from "./ranges.js";
export * from "./relabel.js";
export * from "./schema.js";
export * from "./spans.js";
export * from "./units.js";
