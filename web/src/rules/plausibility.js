/**
 * Biological plausibility: port of src/bloodclarity/rules/plausibility.py.
 * Is a value, in its unit, compatible with life for this analyte?
 */

import { ConversionError, convert } from "./conversion.js";
import { formatG } from "./pystr.js";

/** `ok` with the value in the SI unit, or not ok with a one-line `reason`. */
export class Verdict {
  constructor(ok, siValue = null, reason = null) {
    this.ok = ok;
    this.siValue = siValue;
    this.reason = reason;
    Object.freeze(this);
  }
}

/**
 * Convert ``value`` from ``unit`` (UCUM) to SI and test it against the analyte's limits.
 * A censored value ("<0.5", ">90") is plausible when some value it admits lies within limits.
 * @param {number} value
 * @param {string} unit
 * @param {import("./knowledge.js").Analyte} analyte
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @param {{comparator?: string|null}} [options]
 * @returns {Verdict}
 */
export function checkPlausible(value, unit, analyte, kb, { comparator = null } = {}) {
  const limits = analyte.plausible;
  let si;
  try {
    si = convert(kb, analyte, value, unit, analyte.siUnit);
  } catch (error) {
    if (error instanceof ConversionError) {
      return new Verdict(false, null, `unit ${unit} does not fit ${analyte.name}`);
    }
    throw error;
  }
  if (limits === null) return new Verdict(true, si);
  let low = si;
  let high = si;
  if (comparator === "<" || comparator === "<=") low = -Infinity;
  else if (comparator === ">" || comparator === ">=") high = Infinity;
  if (high < limits.min || low > limits.max) {
    return new Verdict(false, si,
      `${formatG(value)} ${unit} = ${formatG(si, 4)} ${analyte.siUnit} is outside ` +
      `the plausible range ${formatG(limits.min)}-${formatG(limits.max)} ${analyte.siUnit} ` +
      `for ${analyte.name}`);
  }
  return new Verdict(true, si);
}
