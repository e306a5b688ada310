/**
 * Exact unit conversion for one analyte: port of src/bloodclarity/rules/conversion.py.
 *
 * A conversion is an affine map `y = factor × x + offset`. Between two units of an analyte the
 * map is found by a breadth-first walk over three kinds of edges: same dimension (the ratio of
 * the units' scales), mass <-> substance concentration through the molar mass, and the
 * analyte's explicit conversions and their inverses. Arithmetic is done in the same order as
 * in Python, so results are bit-identical.
 */

import { Converted } from "./schema.js";

export const MASS = "mass_concentration";
export const SUBSTANCE = "substance_concentration";

/** Raised when no conversion exists between two units for an analyte. */
export class ConversionError extends Error {
  constructor(message) {
    super(message);
    this.name = "ConversionError";
  }
}

/** `y = factor × x + offset`. */
export class Affine {
  /**
   * @param {number} factor
   * @param {number} [offset]
   */
  constructor(factor, offset = 0.0) {
    this.factor = factor;
    this.offset = offset;
    Object.freeze(this);
  }

  /** The map applied to ``x``. */
  apply(x) {
    return this.factor * x + this.offset;
  }

  /** This map followed by ``other``. */
  then(other) {
    return new Affine(this.factor * other.factor, other.factor * this.offset + other.offset);
  }

  inverse() {
    return new Affine(1.0 / this.factor, -this.offset / this.factor);
  }
}

/**
 * The one-step map from ``src`` to ``dst`` for ``analyte``, or null.
 * @param {import("./knowledge.js").KnowledgeBase} kb
 * @param {import("./knowledge.js").Analyte} analyte
 * @param {string} src
 * @param {string} dst
 * @returns {Affine|null}
 */
export function directEdge(kb, analyte, src, dst) {
  for (const c of analyte.conversions) {
    if (c.fromUnit === src && c.toUnit === dst) return new Affine(c.factor, c.offset);
    if (c.fromUnit === dst && c.toUnit === src) return new Affine(c.factor, c.offset).inverse();
  }
  const a = kb.units.get(src);
  const b = kb.units.get(dst);
  if (a === undefined || b === undefined) return null;
  if (a.dimension === b.dimension) return new Affine(a.scale / b.scale);
  const dims = new Set([a.dimension, b.dimension]);
  if (analyte.molarMass && dims.size === 2 && dims.has(MASS) && dims.has(SUBSTANCE)) {
    const perMole = a.dimension === SUBSTANCE ? analyte.molarMass : 1.0 / analyte.molarMass;
    return new Affine(a.scale * perMole / b.scale);
  }
  return null;
}

/**
 * The map from ``src`` to ``dst`` through the analyte's own units (shortest path).
 * @throws {ConversionError} when there is none
 * @returns {Affine}
 */
export function conversion(kb, analyte, src, dst) {
  if (src === dst) return new Affine(1.0);
  const nodes = [...new Set([src, ...analyte.units, dst])];
  const queue = [[src, new Affine(1.0)]];
  const seen = new Set([src]);
  while (queue.length) {
    const [unit, acc] = queue.shift();
    for (const next of nodes) {
      if (seen.has(next)) continue;
      const edge = directEdge(kb, analyte, unit, next);
      if (edge === null) continue;
      if (next === dst) return acc.then(edge);
      seen.add(next);
      queue.push([next, acc.then(edge)]);
    }
  }
  throw new ConversionError(`${analyte.id}: no conversion from ${src} to ${dst}`);
}

/**
 * ``value`` in ``src`` expressed in ``dst`` for ``analyte``.
 * @returns {number}
 */
export function convert(kb, analyte, value, src, dst) {
  return conversion(kb, analyte, src, dst).apply(value);
}

/** The analyte's unit in ``system`` ("si" or "conventional"). */
export function systemUnit(analyte, system) {
  return system === "si" ? analyte.siUnit : analyte.conventionalUnit;
}

/**
 * ``value`` in ``unit`` expressed in the analyte's unit of ``system``.
 * @returns {[number, string]}
 */
export function toSystem(kb, analyte, value, unit, system) {
  const target = systemUnit(analyte, system);
  return [convert(kb, analyte, value, unit, target), target];
}

/**
 * A copy of ``result`` with ``converted`` set to its value in ``system``; results without
 * analyte, value or UCUM unit, or without a conversion, are returned unchanged.
 * @param {import("./schema.js").Result} result
 */
export function withSystem(result, system, kb) {
  if (result.biomarker === null || result.value === null || result.ucum === null) return result;
  const analyte = kb.get(result.biomarker);
  let converted;
  try {
    converted = toSystem(kb, analyte, result.value, result.ucum, system);
  } catch (error) {
    if (error instanceof ConversionError) return result;
    throw error;
  }
  const copy = result.copy();
  copy.converted = new Converted(system, converted[0], converted[1]);
  return copy;
}
