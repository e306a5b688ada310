/**
 * Context-aware unit inference for a value printed without a unit: port of
 * src/bloodclarity/rules/inference.py.
 *
 * Each of the analyte's units is tried in three tiers: the normal range (the reference
 * interval; a one-sided interval is closed at ONE_SIDED_SPAN times its bound), the likely
 * range (the interval widened by LOW_WIDEN and HIGH_WIDEN), then the plausibility limits. The
 * first tier that admits exactly one reading wins; units that differ only in name (IU/L and
 * U/L for an enzyme) count as one reading. Two readings in the same tier give no unit.
 */

import { conversion } from "./conversion.js";
import { formatG, pyRound } from "./pystr.js";

export const LOW_WIDEN = 2.0;
export const HIGH_WIDEN = 4.0;
export const ONE_SIDED_SPAN = 10.0;

/** The inferred UCUM unit, or null with the reason ("ambiguous: ...", "no unit fits"). */
export class UnitInference {
  constructor(unit, reason) {
    this.unit = unit;
    this.reason = reason;
    Object.freeze(this);
  }
}

function normalRange(analyte) {
  const ri = analyte.referenceInterval;
  if (ri === null || (ri.low === null && ri.high === null)) return null;
  const low = ri.low === null ? ri.high / ONE_SIDED_SPAN : ri.low;
  const high = ri.high === null ? ri.low * ONE_SIDED_SPAN : ri.high;
  return [low, high];
}

// Python max()/min() of two: the first argument unless the second is strictly beyond it.
const pyMax = (a, b) => (b > a ? b : a);
const pyMin = (a, b) => (b < a ? b : a);

function likelyRange(analyte) {
  const ri = analyte.referenceInterval;
  const pl = analyte.plausible;
  if (ri === null || pl === null) return null;
  const low = ri.low === null ? pl.min : pyMax(pl.min, ri.low / LOW_WIDEN);
  const high = ri.high === null ? pl.max : pyMin(pl.max, ri.high * HIGH_WIDEN);
  return [low, high];
}

/**
 * Pick the analyte unit whose range holds ``value``; refuse when two readings fit.
 * @param {number} value
 * @param {import("./knowledge.js").Analyte} analyte
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @returns {UnitInference}
 */
export function inferUnit(value, analyte, kb) {
  const pl = analyte.plausible;
  if (pl === null) return new UnitInference(null, `${analyte.name} has no plausibility limits`);
  const readings = new Map(); // "factor offset" -> [factor, offset, unit], first unit kept
  for (const unit of analyte.units) {
    const m = conversion(kb, analyte, unit, analyte.siUnit);
    const f = pyRound(m.factor, 12);
    const o = pyRound(m.offset, 12);
    const key = `${f} ${o}`; // String(-0) is "0": 0.0 and -0.0 are one key, as in Python
    if (!readings.has(key)) readings.set(key, [f, o, unit]);
  }
  const tiers = [["normal", normalRange(analyte)], ["likely", likelyRange(analyte)],
    ["plausible", [pl.min, pl.max]]];
  for (const [tier, bounds] of tiers) {
    if (bounds === null) continue;
    const fits = [...readings.values()]
      .filter(([f, o]) => bounds[0] <= f * value + o && f * value + o <= bounds[1])
      .map(([, , u]) => u);
    if (fits.length === 1) return new UnitInference(fits[0], `only ${fits[0]} gives a ${tier} value`);
    if (fits.length > 1) {
      return new UnitInference(null, `ambiguous: ${formatG(value)} fits ${fits.join(" and ")}`);
    }
  }
  return new UnitInference(null, `no unit of ${analyte.name} makes ${formatG(value)} plausible`);
}
