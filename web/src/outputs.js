/**
 * Report -> JSON, CSV, FHIR R4 Bundle: port of src/bloodclarity/extract/outputs.py, byte for
 * byte where Python's output is deterministic (floats are written as Python's repr writes them:
 * 128.0, 1e-05), except the random UUIDs of the FHIR resources.
 */

export const CSV_FIELDS = ["source", "page", "line", "name", "biomarker", "loinc", "value",
  "comparator", "value_text", "unit", "ucum", "unit_inferred", "range_low", "range_high",
  "range_text", "flag", "flag_source", "status", "confidence", "converted_value",
  "converted_unit", "reasons"];
const FHIR_COMPARATORS = { "<": "<", "<=": "<=", ">": ">", ">=": ">=" };
const INTERPRETATION = { H: ["H", "High"], L: ["L", "Low"], HH: ["HH", "Critical high"],
  LL: ["LL", "Critical low"] };

/** Keys whose numbers are Python floats (written with a point or an exponent). */
const FLOAT_KEYS = new Set(["value", "low", "high", "confidence", "bbox",
  "range_low", "range_high", "converted_value"]);

/** Python's repr() of a float. */
export function pyFloat(x) {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity"; // as json.dumps writes
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, expText] = x.toExponential().split("e"); // shortest round-trip digits
  const exp = Number(expText);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  if (exp >= -5 + 1 && exp < 16) {
    // positional: Python switches to an exponent below 1e-4 and from 1e16
    if (exp >= 0) {
      const int = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, "0");
      const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : "0";
      return `${sign}${int}.${frac}`;
    }
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/**
 * json.dumps(obj, ensure_ascii=False, indent=1): numbers under FLOAT_KEYS as Python floats.
 * @param {*} value
 */
export function pyJson(value, indent = 1, key = null, depth = 0) {
  const pad = (d) => "\n" + " ".repeat(indent * d);
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (FLOAT_KEYS.has(key)) return pyFloat(value);
    return Number.isInteger(value) ? String(value) : pyFloat(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return "[" + value.map((v) => pad(depth + 1) + pyJson(v, indent, key, depth + 1)).join(",") +
      pad(depth) + "]";
  }
  const entries = Object.entries(value);
  if (!entries.length) return "{}";
  return "{" + entries.map(([k, v]) => pad(depth + 1) + JSON.stringify(k) + ": " +
    pyJson(v, indent, k, depth + 1)).join(",") + pad(depth) + "}";
}

export function toJson(report) {
  return pyJson(report) + "\n";
}

function csvCell(value, key) {
  if (value === null || value === undefined) return "";
  let text;
  if (typeof value === "boolean") text = value ? "True" : "False";
  else if (typeof value === "number") {
    text = FLOAT_KEYS.has(key) || !Number.isInteger(value) ? pyFloat(value) : String(value);
  } else text = String(value);
  // csv.QUOTE_MINIMAL: quote fields with the delimiter, a quote or a line break
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(source, r) {
  const rng = r.reference_range;
  return {
    source, page: r.page, line: r.line, name: r.name, biomarker: r.biomarker, loinc: r.loinc,
    value: r.value, comparator: r.comparator, value_text: r.value_text, unit: r.unit,
    ucum: r.ucum, unit_inferred: r.unit_inferred,
    range_low: rng ? rng.low : null, range_high: rng ? rng.high : null,
    range_text: rng ? rng.text : null, flag: r.flag, flag_source: r.flag_source,
    status: r.status, confidence: r.confidence,
    converted_value: r.converted ? r.converted.value : null,
    converted_unit: r.converted ? r.converted.unit : null,
    reasons: (r.reasons ?? []).join("; "),
  };
}

export function toCsv(report) {
  const lines = [CSV_FIELDS.join(",")];
  for (const r of report.results) {
    const row = csvRow(report.source, r);
    lines.push(CSV_FIELDS.map((f) => csvCell(row[f], f)).join(","));
  }
  return lines.join("\n") + "\n";
}

function uuid() {
  return globalThis.crypto.randomUUID();
}

function quantity(value, unit, ucum) {
  const q = { value };
  if (unit) q.unit = unit;
  if (ucum) {
    q.system = "http://unitsofmeasure.org";
    q.code = ucum;
  }
  return q;
}

/** One FHIR R4 Observation for a result dict. */
export function observation(r, kb) {
  const codings = [];
  if (r.loinc && r.biomarker) {
    const analyte = kb.analytes.get(r.biomarker);
    const found = analyte ? analyte.loinc.find((c) => c.code === r.loinc) : undefined;
    codings.push({ system: "http://loinc.org", code: r.loinc,
      ...(found && found.name ? { display: found.name } : {}) });
  }
  const obs = {
    resourceType: "Observation", id: uuid(), status: "final",
    category: [{ coding: [{
      system: "http://terminology.hl7.org/CodeSystem/observation-category",
      code: "laboratory" }] }],
    code: codings.length ? { coding: codings, text: r.name } : { text: r.name },
  };
  if (r.value !== null && r.value !== undefined) {
    obs.valueQuantity = quantity(r.value, r.unit, r.ucum);
    if (r.comparator) obs.valueQuantity.comparator = FHIR_COMPARATORS[r.comparator];
  } else {
    obs.valueString = r.value_text;
  }
  const rng = r.reference_range;
  if (rng) {
    const ref = { text: rng.text };
    if (rng.low !== null && rng.low !== undefined) ref.low = quantity(rng.low, r.unit, r.ucum);
    if (rng.high !== null && rng.high !== undefined) ref.high = quantity(rng.high, r.unit, r.ucum);
    obs.referenceRange = [ref];
  }
  if (Object.hasOwn(INTERPRETATION, r.flag ?? "")) {
    const [code, display] = INTERPRETATION[r.flag];
    obs.interpretation = [{ coding: [{
      system: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
      code, display }] }];
  }
  return obs;
}

/** An R4 collection Bundle: one DiagnosticReport and one Observation per result. */
export function toFhir(report, kb) {
  const reportId = uuid();
  const observations = report.results.map((r) => observation(r, kb));
  const diagnostic = {
    resourceType: "DiagnosticReport", id: reportId, status: "final",
    code: { coding: [{ system: "http://loinc.org", code: "11502-2",
      display: "Laboratory report" }], text: report.source },
    result: observations.map((o) => ({ reference: `urn:uuid:${o.id}` })),
  };
  const bundle = {
    resourceType: "Bundle", type: "collection",
    entry: [{ fullUrl: `urn:uuid:${reportId}`, resource: diagnostic },
      ...observations.map((o) => ({ fullUrl: `urn:uuid:${o.id}`, resource: o }))],
  };
  return pyJson(bundle) + "\n";
}
