/**
 * Raw results -> validated Result objects, by the rules: port of
 * src/bloodclarity/extract/interpret.py.
 *
 * Per result: name -> analyte (the unit, then the printed range, then the value decide between
 * analytes that share a name), the number (the report's decimal convention and the analyte's
 * plausible range settle "6.650"), the unit (printed, resolved by the analyte, or inferred from
 * the printed range or the value), plausibility (implausible results are rejected with the
 * reason), the range, and the flag (printed, or derived).
 */

import { ConversionError, convert } from "./conversion.js";
import { deriveFlag, parseFlag, splitGluedFlag } from "./flags.js";
import { bestFit, inferUnit, rangeMisfit, readings, valueTier } from "./inference.js";
import { fold } from "./lexicon.js";
import { matchName } from "./names.js";
import { detectDecimalConvention, parseNumber } from "./numbers.js";
import { checkPlausible } from "./plausibility.js";
import { pyRepr, pyRound } from "./pystr.js";
import { parseRange } from "./ranges.js";
import { Result } from "./schema.js";
import { normaliseUnit, unitForAnalyte } from "./units.js";

export const FLAG_CODES = Object.freeze(["H", "L", "HH", "LL"]);
const NOT_BLOOD = ["urine", "stool"];

function candidates(names, match, kb) {
  const analytes = names.map((id) => kb.get(id));
  if (analytes.length < 2 || match === null) return analytes;
  const codes = new Set(match.ucum ? [match.ucum] : match.candidates);
  let fitting = analytes.filter((a) => a.units.some((u) => codes.has(u)));
  if (!fitting.length && codes.size) {
    const dims = new Set([...codes].filter((c) => kb.units.has(c)).map((c) => kb.units.get(c).dimension));
    const dimension = (u) => {
      const found = kb.units.get(u);
      if (found === undefined) throw new Error(`unknown unit '${u}'`);
      return found.dimension;
    };
    fitting = analytes.filter((a) => a.units.some((u) => dims.has(dimension(u))));
  }
  return fitting.length ? fitting : analytes;
}

/** The one of several analytes whose reference interval the printed range matches. */
function byRange(analytes, rng, ucum, kb) {
  if (rng === null || (rng.low === null && rng.high === null)) return null;
  const scored = [];
  for (const a of analytes) {
    const units = a.units.includes(ucum) ? [ucum] : [...readings(a, kb).keys()];
    const fits = units.map((u) => rangeMisfit(rng.low, rng.high, u, a, kb)).filter((m) => m !== null);
    if (fits.length) scored.push([fits.reduce((x, y) => (y < x ? y : x)), a.id]);
  }
  const best = bestFit(scored);
  return best !== null && scored.length === analytes.length ? kb.get(best) : null;
}

/**
 * The one of several analytes for which the value is the most typical (normal, else likely),
 * read in the printed unit or else in any of the analyte's units: "Saturation 38.1 %" is the
 * transferrin's. Never between a blood and a urine or stool test.
 */
function byValue(analytes, valueText, ucum, decimal, lexicon, kb) {
  const number = parseNumber(valueText, { decimal, lexicon });
  if (number === null || new Set(analytes.map((a) => NOT_BLOOD.includes(a.specimen))).size > 1) {
    return null;
  }
  const scored = [];
  for (const a of analytes) {
    const units = a.units.includes(ucum) ? [ucum] : [...readings(a, kb).keys()];
    const tiers = units.map((u) => valueTier(number.value, u, a, kb)).filter((t) => t !== null);
    if (tiers.length) scored.push([Math.min(...tiers), a]);
  }
  scored.sort((x, y) => x[0] - y[0]);
  if (!scored.length || scored[0][0] > 1 || (scored.length > 1 && scored[1][0] === scored[0][0])) {
    return null;
  }
  return scored[0][1];
}

/** interpret._one_sided_limit: "≤" for an upper-limit interval, "≥" for a lower-limit one. */
function oneSidedLimit(analyte) {
  const ri = analyte.referenceInterval;
  if (ri === null || (ri.high === null) === !ri.low) return null;
  return ri.high !== null ? "≤" : "≥";
}

function plausibleIn(analyte, unit, kb) {
  if (unit === null || analyte.plausible === null) return null;
  let a;
  let b;
  try {
    a = convert(kb, analyte, analyte.plausible.min, analyte.siUnit, unit);
    b = convert(kb, analyte, analyte.plausible.max, analyte.siUnit, unit);
  } catch (error) {
    if (error instanceof ConversionError) return null;
    throw error;
  }
  return [b < a ? b : a, b > a ? b : a];
}

/**
 * One result with the rules applied; ``status`` and ``reasons`` say what went wrong.
 * ``validate`` and ``inferUnits`` switch off plausibility and unit inference (ablation).
 * @param {import("./assemble.js").RawResult} raw
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @param {{lexicon: object, decimal?: string|null, sex?: string|null, validate?: boolean,
 *          inferUnits?: boolean}} options
 * @returns {Result}
 */
export function interpret(raw, kb, { lexicon, decimal = null, sex = null, validate = true,
  inferUnits = true } = {}) {
  if (!lexicon) throw new Error("a lexicon is required (createLexicon(data))");
  const [valueText, gluedFlag] = splitGluedFlag(raw.value.text, { lexicon });
  const flagText = raw.flag ? raw.flag.text : gluedFlag;
  const name = raw.name ? raw.name.text : "";
  const result = new Result({ name, value_text: raw.value.text, line: raw.value.line + 1,
    unit: raw.unit ? raw.unit.text : null });
  const confidences = [raw.name, raw.value].filter((e) => e).map((e) => e.confidence);
  result.confidence = confidences.length ? pyRound(Math.min(...confidences), 4) : 0.0;
  if (!raw.name) {
    result.status = "unknown_biomarker";
    result.reasons.push("no test name found for this value");
    return result;
  }
  const match = matchName(name, kb);
  const printedUnit = result.unit ? normaliseUnit(result.unit, kb) : null;
  const analytes = candidates(match.analytes, printedUnit, kb);
  if (!analytes.length) {
    result.status = "unknown_biomarker";
    result.reasons.push(`unknown test name ${pyRepr(name)}`);
    return result;
  }
  let rng = raw.range ? parseRange(raw.range.text, { sex, decimal, lexicon }) : null;
  let analyte = analytes[0];
  if (analytes.length > 1) {
    const printedUcum = printedUnit && printedUnit.ucum;
    const found = byRange(analytes, rng, printedUcum, kb);
    const byVal = found ? null : byValue(analytes, valueText, printedUcum, decimal, lexicon, kb);
    analyte = found ?? byVal ?? analyte;
    const how = found ? "the printed range fits" : byVal ? "the value is typical of" : "took";
    result.reasons.push(`name shared by ${analytes.map((a) => a.id).join(", ")}; ${how} ${analyte.id}`);
  }
  if (raw.range && rng === null) {
    rng = parseRange(raw.range.text, { sex, decimal, lexicon, loneEquals: oneSidedLimit(analyte) });
  }
  result.biomarker = analyte.id;
  if (match.method === "fuzzy") result.reasons.push(`name read as ${pyRepr(match.alias)}`);
  const qualitative = lexicon.qualitative.get(fold(valueText));
  if (qualitative !== undefined) {
    result.value = null;
    result.ucum = null;
    result.loinc = analyte.loinc.length ? analyte.loincFor(null).code : null;
    result.reference_range = rng;
    return result;
  }
  // unit
  let ucum = null;
  if (result.unit !== null) {
    const um = unitForAnalyte(result.unit, analyte, kb);
    ucum = um.ucum;
    if (ucum === null && um.candidates.length) result.status = "ambiguous_unit";
    if (um.reason) result.reasons.push(`unit ${pyRepr(result.unit)}: ${um.reason}`);
  }
  const number = parseNumber(valueText, { decimal, plausible: plausibleIn(analyte, ucum, kb), lexicon });
  if (number === null) {
    result.status = "implausible";
    result.reasons.push(`value ${pyRepr(raw.value.text)} is not a number`);
    return result;
  }
  result.value = number.value;
  result.comparator = number.comparator;
  if (number.assumption) result.reasons.push(number.assumption);
  if (result.unit === null && inferUnits) {
    const bounds = rng === null ? null : [rng.low, rng.high];
    const inferred = inferUnit(number.value, analyte, kb, bounds);
    if (inferred.unit === null) {
      result.status = "ambiguous_unit";
      result.reasons.push(`no unit printed; ${inferred.reason}`);
    } else {
      ucum = inferred.unit;
      result.unit = inferred.unit;
      result.unit_inferred = true;
      result.reasons.push(`unit inferred: ${inferred.reason}`);
    }
  }
  result.ucum = ucum;
  const code = analyte.loincFor(ucum);
  result.loinc = code ? code.code : null;
  if (ucum !== null && validate) {
    const verdict = checkPlausible(number.value, ucum, analyte, kb, { comparator: number.comparator });
    if (!verdict.ok) {
      result.status = "implausible";
      result.reasons.push(verdict.reason);
    }
  } else if (result.status === "ok" && ucum === null && inferUnits) {
    result.status = "ambiguous_unit";
  }
  // range and flag
  result.reference_range = rng;
  const printed = flagText ? parseFlag(flagText, { lexicon }) : null;
  const derived = deriveFlag(number.value, number.comparator, result.reference_range);
  if (FLAG_CODES.includes(printed)) {
    result.flag = printed;
    result.flag_source = "report";
  } else if (printed === "A") {
    result.flag = derived;
    result.flag_source = "report";
  } else if (derived !== null) {
    result.flag = derived;
    result.flag_source = "derived";
  }
  return result;
}

/**
 * Every raw result of one report, sharing the report's decimal convention.
 * @param {import("./assemble.js").RawResult[]} raws
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @param {{lexicon: object, sex?: string|null, validate?: boolean, inferUnits?: boolean}} options
 * @returns {Result[]}
 */
export function interpretAll(raws, kb, { lexicon, sex = null, ...switches } = {}) {
  const decimal = detectDecimalConvention(
    raws.map((r) => r.value.text).concat(raws.filter((r) => r.range).map((r) => r.range.text)));
  return raws.map((r) => interpret(r, kb, { lexicon, decimal, sex, ...switches }));
}
