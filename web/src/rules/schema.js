/**
 * The result schema: port of src/bloodclarity/schema.py (see docs/schema.md).
 * `Result.toDict()` gives the same keys, in the same order, as Python's Result.to_dict().
 */

export const SCHEMA_VERSION = 1;
export const COMPARATORS = Object.freeze([null, "<", "<=", ">", ">="]);
export const FLAGS = Object.freeze([null, "H", "L", "HH", "LL"]);
export const FLAG_SOURCES = Object.freeze([null, "report", "derived"]);
export const STATUSES = Object.freeze(["ok", "implausible", "unknown_biomarker", "ambiguous_unit"]);
export const SYSTEMS = Object.freeze(["si", "conventional"]);

/** A value converted to a unit system, kept beside the printed one. */
export class Converted {
  constructor(system, value, unit) {
    this.system = system;
    this.value = value;
    this.unit = unit;
  }

  toDict() {
    return { system: this.system, value: this.value, unit: this.unit };
  }

  static fromDict(d) {
    return new Converted(d.system, d.value, d.unit);
  }
}

const FIELDS = ["name", "biomarker", "loinc", "value", "value_text", "comparator", "unit", "ucum",
  "unit_inferred", "reference_range", "flag", "flag_source", "page", "line", "bbox",
  "confidence", "status", "reasons", "converted"];

/**
 * One extracted test result. Properties use the schema's snake_case names, as in the JSON
 * contract shared with Python (value_text, unit_inferred, reference_range, flag_source).
 */
export class Result {
  /** @param {Partial<Result>} init */
  constructor(init = {}) {
    this.name = "";
    this.biomarker = null;
    this.loinc = null;
    this.value = null;
    this.value_text = "";
    this.comparator = null;
    this.unit = null;
    this.ucum = null;
    this.unit_inferred = false;
    /** @type {import("./ranges.js").ReferenceRange|null} */
    this.reference_range = null;
    this.flag = null;
    this.flag_source = null;
    this.page = null;
    this.line = null;
    this.bbox = null;
    this.confidence = 0.0;
    this.status = "ok";
    /** @type {string[]} */
    this.reasons = [];
    /** @type {Converted|null} */
    this.converted = null;
    Object.assign(this, init);
  }

  /** A shallow copy (reasons copied). */
  copy() {
    return new Result({ ...this, reasons: [...this.reasons] });
  }

  /** Plain JSON, keys as Python's Result.to_dict(). */
  toDict() {
    const d = {};
    for (const f of FIELDS) d[f] = this[f];
    d.reference_range = this.reference_range && this.reference_range.toDict();
    d.converted = this.converted && this.converted.toDict();
    d.reasons = [...this.reasons];
    return d;
  }
}
