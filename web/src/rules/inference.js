/**
 * Context-aware unit inference for a value printed without a unit: port of
 * src/bloodclarity/rules/inference.py.
 *
 * The printed reference range speaks first: read through the unit that the laboratory used, it
 * lands near the analyte's reference interval ("20 a 50" is a vitamin D range in ng/mL, not in
 * nmol/L). A reading whose range is within RANGE_FIT of the interval, better than every other
 * reading by RANGE_MARGIN (both as a ratio), wins. The same measure picks between analytes that
 * share a name (rangeMisfit: "Basos 0.032 (0.020-0.100)" is an absolute count).
 *
 * Without a telling range, each of the analyte's units is tried in three tiers: the normal range
 * (the reference interval; a one-sided interval is closed at ONE_SIDED_SPAN times its bound), the
 * likely range (the interval widened by LOW_WIDEN and HIGH_WIDEN), then the plausibility limits.
 * The first tier that admits exactly one reading wins; units that differ only in name (IU/L and
 * U/L for an enzyme) count as one reading. Two readings in the same tier give no unit.
 */

import { conversion } from "./conversion.js";
import { compareTuples, formatG, pyExp, pyLog, pyRound } from "./pystr.js";

export const LOW_WIDEN = 2.0;
export const HIGH_WIDEN = 4.0;
export const ONE_SIDED_SPAN = 10.0;
export const RANGE_FIT = 3.0;
export const RANGE_MARGIN = 1.5;

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

/** inference._tiers: the normal, likely and plausible ranges in SI (null where unknown). */
function tiers(analyte) {
  const pl = analyte.plausible;
  return [["normal", normalRange(analyte)], ["likely", likelyRange(analyte)],
    ["plausible", pl === null ? null : [pl.min, pl.max]]];
}

/**
 * The analyte's units by their map to SI (factor, offset); same-map units count once.
 * Python keys its dict by the map; here each kept unit maps to its [factor, offset], in the
 * same order.
 * @param {import("./knowledge.js").Analyte} analyte
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @returns {Map<string, [number, number]>}
 */
export function readings(analyte, kb) {
  const seen = new Set();
  const out = new Map();
  for (const unit of analyte.units) {
    const m = conversion(kb, analyte, unit, analyte.siUnit);
    const f = pyRound(m.factor, 12);
    const o = pyRound(m.offset, 12);
    const key = `${f} ${o}`; // String(-0) is "0": 0.0 and -0.0 are one key, as in Python
    if (!seen.has(key)) {
      seen.add(key);
      out.set(unit, [f, o]);
    }
  }
  return out;
}

/**
 * How far a printed range read in ``unit`` lies from the analyte's reference interval: the
 * largest ratio between matching bounds (1.0 is a perfect fit); null when no bound of both is
 * positive, so nothing can be compared.
 * @param {number|null} low
 * @param {number|null} high
 * @param {string} unit
 * @param {import("./knowledge.js").Analyte} analyte
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @returns {number|null}
 */
export function rangeMisfit(low, high, unit, analyte, kb) {
  const ri = analyte.referenceInterval;
  if (ri === null) return null;
  const m = conversion(kb, analyte, unit, analyte.siUnit);
  const ratios = [];
  for (const [printed, ref] of [[low, ri.low], [high, ri.high]]) {
    if (printed === null || ref === null || !(ref > 0)) continue;
    const si = m.factor * printed + m.offset;
    if (si > 0) ratios.push(pyExp(Math.abs(pyLog(si / ref))));
  }
  return ratios.length ? ratios.reduce((a, b) => (b > a ? b : a)) : null;
}

/**
 * How typical ``value`` read in ``unit`` is for the analyte: 0 normal, 1 likely, 2 plausible,
 * null when not even plausible.
 * @param {number} value
 * @param {string} unit
 * @param {import("./knowledge.js").Analyte} analyte
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @returns {number|null}
 */
export function valueTier(value, unit, analyte, kb) {
  const m = conversion(kb, analyte, unit, analyte.siUnit);
  const si = m.factor * value + m.offset;
  const k = tiers(analyte).findIndex(([, b]) => b !== null && b[0] <= si && si <= b[1]);
  return k < 0 ? null : k;
}

/**
 * The item whose misfit is within RANGE_FIT and clearly the lowest, else null.
 * @param {Array<[number, string]>} scored [misfit, item] pairs
 * @returns {string|null}
 */
export function bestFit(scored) {
  const ranked = [...scored].sort(compareTuples);
  if (!ranked.length || ranked[0][0] > RANGE_FIT) return null;
  if (ranked.length > 1 && ranked[1][0] < ranked[0][0] * RANGE_MARGIN) return null;
  return ranked[0][1];
}

/**
 * The analyte unit in which the printed range fits the reference interval, if clear.
 * @param {number|null} low
 * @param {number|null} high
 * @param {import("./knowledge.js").Analyte} analyte
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @returns {string|null}
 */
export function unitByRange(low, high, analyte, kb) {
  const scored = [];
  for (const unit of readings(analyte, kb).keys()) {
    const misfit = rangeMisfit(low, high, unit, analyte, kb);
    if (misfit !== null) scored.push([misfit, unit]);
  }
  return bestFit(scored);
}

/**
 * Pick the analyte unit that the printed range, or else the value, points to; refuse when two
 * readings fit.
 * @param {number} value
 * @param {import("./knowledge.js").Analyte} analyte
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @param {[number|null, number|null]|null} [printedRange] the printed [low, high]
 * @returns {UnitInference}
 */
export function inferUnit(value, analyte, kb, printedRange = null) {
  const pl = analyte.plausible;
  if (pl === null) return new UnitInference(null, `${analyte.name} has no plausibility limits`);
  const maps = readings(analyte, kb);
  if (printedRange !== null && printedRange !== undefined) {
    const unit = unitByRange(printedRange[0], printedRange[1], analyte, kb);
    if (unit !== null) {
      const [f, o] = maps.get(unit);
      if (pl.min <= f * value + o && f * value + o <= pl.max) {
        return new UnitInference(unit, `the printed range fits ${unit}`);
      }
    }
  }
  for (const [tier, bounds] of tiers(analyte)) {
    if (bounds === null) continue;
    const fits = [...maps]
      .filter(([, [f, o]]) => bounds[0] <= f * value + o && f * value + o <= bounds[1])
      .map(([u]) => u);
    if (fits.length === 1) return new UnitInference(fits[0], `only ${fits[0]} gives a ${tier} value`);
    if (fits.length > 1) {
      return new UnitInference(null, `ambiguous: ${formatG(value)} fits ${fits.join(" and ")}`);
    }
  }
  return new UnitInference(null, `no unit of ${analyte.name} makes ${formatG(value)} plausible`);
}
