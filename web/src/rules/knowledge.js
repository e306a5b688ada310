/**
 * Typed, read-only view of data/knowledge_base.json: port of
 * src/bloodclarity/knowledge/model.py (schema in docs/knowledge-base.md).
 *
 * The parsed JSON is passed in: `createKnowledgeBase(json)`. Tables keep the file's order
 * (JSON.parse keeps it for non-numeric keys; the knowledge base has no numeric keys).
 */

/** One measurable analyte (biomarker) and everything the rules need about it. */
export class Analyte {
  /** @param {object} a one element of the knowledge base's `analytes` list */
  constructor(a) {
    const ri = a.reference_interval ?? null;
    const pl = a.plausible ?? null;
    const mm = a.molar_mass ?? null;
    const interval = (d) => (d === null || d === undefined ? null
      : Object.freeze({ low: d.low ?? null, high: d.high ?? null }));
    this.id = a.id;
    this.name = a.name;
    this.category = a.category;
    this.specimen = a.specimen;
    this.resultType = a.result_type ?? "quantitative";
    this.loinc = Object.freeze(a.loinc.map((c) => Object.freeze(
      { code: c.code, name: c.name, unit: c.unit ?? null })));
    /** @type {Map<string, string[]>} language -> aliases */
    this.aliases = new Map(Object.entries(a.aliases).map(([lang, names]) => [lang, [...names]]));
    this.ambiguousAliases = new Set(a.ambiguous_aliases ?? []);
    this.units = Object.freeze([...a.units]);
    this.siUnit = a.si_unit;
    this.conventionalUnit = a.conventional_unit;
    this.molarMass = mm === null ? null : Number(mm.value);
    this.conversions = Object.freeze((a.conversions ?? []).map((c) => Object.freeze({
      fromUnit: c.from, toUnit: c.to, factor: Number(c.factor), offset: Number(c.offset ?? 0.0),
      source: c.source ?? "",
    })));
    this.referenceInterval = ri === null ? null : Object.freeze({
      unit: ri.unit, low: ri.low ?? null, high: ri.high ?? null,
      male: interval(ri.male), female: interval(ri.female), source: ri.source ?? "",
    });
    this.plausible = pl === null ? null : Object.freeze({
      unit: pl.unit, min: Number(pl.min), max: Number(pl.max), note: pl.note ?? "",
    });
    Object.freeze(this);
  }

  /** Every alias in every language, in file order, without repeats. */
  allAliases() {
    const out = new Set();
    for (const names of this.aliases.values()) for (const n of names) out.add(n);
    return [...out];
  }

  /**
   * The LOINC code fitting ``unit`` (mass vs moles), else the first one.
   * @param {string|null} unit
   */
  loincFor(unit) {
    for (const code of this.loinc) {
      if (unit !== null && unit !== undefined && code.unit === unit) return code;
    }
    return this.loinc.length ? this.loinc[0] : null;
  }

  /**
   * The reference interval for ``sex`` ("male"/"female"), or the one spanning both.
   * @param {string|null} sex
   */
  intervalFor(sex) {
    const ri = this.referenceInterval;
    const specific = sex === "male" ? ri.male : sex === "female" ? ri.female : null;
    return specific || { low: ri.low, high: ri.high };
  }
}

/** All analytes and units; build with createKnowledgeBase. Iterates over its analytes. */
export class KnowledgeBase {
  /** @param {object} data the parsed knowledge_base.json */
  constructor(data) {
    /** @type {Map<string, {code: string, dimension: string, scale: number, spellings: string[]}>} */
    this.units = new Map(Object.entries(data.units).map(([code, u]) => [code, Object.freeze({
      code, dimension: u.dimension, scale: Number(u.scale), spellings: Object.freeze([...u.spellings]),
    })]));
    /** @type {Map<string, Analyte>} */
    this.analytes = new Map(data.analytes.map((a) => [a.id, new Analyte(a)]));
    this.dimensions = { ...data.dimensions };
    /** @type {Map<string, string[]>} */
    this.ambiguousUnitSpellings = new Map(Object.entries(data.ambiguous_unit_spellings ?? {})
      .map(([k, v]) => [k, Object.freeze([...v])]));
    this.languages = { ...data.languages };
    this.categories = { ...data.categories };
    this.raw = data;
    Object.freeze(this);
  }

  /**
   * The analyte ``id`` (Python kb[id]); throws when unknown.
   * @param {string} id
   * @returns {Analyte}
   */
  get(id) {
    const analyte = this.analytes.get(id);
    if (analyte === undefined) throw new Error(`unknown analyte '${id}'`);
    return analyte;
  }

  get size() {
    return this.analytes.size;
  }

  [Symbol.iterator]() {
    return this.analytes.values();
  }
}

/**
 * The knowledge base of a parsed knowledge_base.json document.
 * @param {object} data
 * @returns {KnowledgeBase}
 */
export function createKnowledgeBase(data) {
  return new KnowledgeBase(data);
}
