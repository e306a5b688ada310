/**
 * The extraction pipeline in the browser: port of src/bloodclarity/extract/extractor.py with
 * src/bloodclarity/model/tagging.py and onnx_model.py.
 *
 *   pages of text -> WordPiece ids -> windows of whole lines -> ONNX Runtime Web (WASM) ->
 *   BIO tags -> character spans -> snapSpans -> relabel -> currentValues -> assemble -> interpretAll
 *   (with detectSex)
 *   -> report
 *
 * The report is the JSON of `bloodclarity extract --format json` (Report.to_dict()): the same
 * windows, batches (sorted by length, 32 a batch, padded to the longest) and Viterbi decoding of
 * the owner windows' scores as Python, so the same model gives the same tags up to the INT8
 * kernels of the two runtimes.
 *
 * Everything is fetched from the page's own origin: the model from ./model/, the rule data
 * from ./data/, the runtime from ./vendor/ort/.
 */

import * as ort from "../vendor/ort/ort.wasm.min.mjs";

import { BUILD } from "./build-info.js";
import {
  assemble, createKnowledgeBase, createLexicon, currentValues, detectSex, interpretAll,
  makeEntities, relabel, snapSpans,
  ReferenceRange, Result, Converted, withSystem,
} from "./rules/index.js";
import { BIO_TAGS, boxOf, decodeDocument, entitiesOf } from "./decode.js";
import { DEFAULT_OVERLAP_LINES, packWindows, WordPieceTokenizer } from "./tokenizer.js";

export * from "./decode.js";

export const BATCH = 32;
export const SCHEMA_VERSION = 1;

async function fetchOk(url, kind) {
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return kind === "json" ? response.json() : kind === "text" ? response.text()
    : new Uint8Array(await response.arrayBuffer());
}

/** The number of WASM threads: 2 at most, 1 unless the page is cross-origin isolated. */
export function defaultThreads() {
  const param = Number(new URLSearchParams(globalThis.location?.search ?? "").get("threads"));
  if (param >= 1) return globalThis.crossOriginIsolated ? Math.min(param, 8) : 1;
  if (!globalThis.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1));
}

export class Engine {
  /**
   * Load the runtime, the model and the rule data (all same-origin).
   * @param {{base?: string|URL, threads?: number, onProgress?: (msg: string) => void}} options
   */
  static async load({ base = new URL("..", import.meta.url), threads = defaultThreads(),
    onProgress = () => {} } = {}) {
    const t0 = performance.now();
    const url = (path) => new URL(path, base).href;
    ort.env.wasm.wasmPaths = new URL("../vendor/ort/", import.meta.url).href;
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false;
    ort.env.logLevel = "error";
    onProgress("loading the model and the rules");
    const [modelBytes, vocab, config, labels, kbJson, ...lexicons] = await Promise.all([
      fetchOk(url("model/model.onnx"), "bytes"),
      fetchOk(url("model/vocab.txt"), "text"),
      fetchOk(url("model/config.json"), "json"),
      fetchOk(url("model/label_map.json"), "json"),
      fetchOk(url("data/knowledge_base.json"), "json"),
      ...BUILD.lexicons.map((name) => fetchOk(url(`data/lexicon/${name}.json`), "json")),
    ]);
    const labelList = BIO_TAGS.map((_, i) => labels[String(i)]);
    if (Object.keys(labels).length !== BIO_TAGS.length ||
        labelList.some((l, i) => l !== BIO_TAGS[i])) {
      throw new Error("model/label_map.json does not match the 11 tags");
    }
    const t1 = performance.now();
    onProgress("starting ONNX Runtime");
    const session = await ort.InferenceSession.create(modelBytes, {
      executionProviders: ["wasm"], graphOptimizationLevel: "all",
    });
    const t2 = performance.now();
    const engine = new Engine({
      session,
      tokenizer: WordPieceTokenizer.fromText(vocab),
      settings: config.bloodclarity ?? {},
      kb: createKnowledgeBase(kbJson),
      lexicon: createLexicon(Object.fromEntries(BUILD.lexicons.map((n, i) => [n, lexicons[i]]))),
      threads,
    });
    engine.timings = { fetch_ms: t1 - t0, session_ms: t2 - t1, load_ms: performance.now() - t0 };
    engine.modelBytes = modelBytes.length;
    return engine;
  }

  constructor({ session, tokenizer, settings, kb, lexicon, threads }) {
    this.session = session;
    this.tokenizer = tokenizer;
    this.maxTokens = Number(settings.max_tokens ?? 126);
    this.overlapLines = Number(settings.overlap_lines ?? DEFAULT_OVERLAP_LINES);
    this.kb = kb;
    this.lexicon = lexicon;
    this.threads = threads;
    this._queue = Promise.resolve(); // one session.run at a time
  }

  /** Logits [window][position][label] (a flat Float32Array) for windows of ids. */
  async predict(windows) {
    const width = Math.max(...windows.map((w) => w.length));
    const ids = new BigInt64Array(windows.length * width).fill(BigInt(this.tokenizer.padId));
    const mask = new BigInt64Array(windows.length * width);
    windows.forEach((w, i) => {
      w.forEach((id, j) => {
        ids[i * width + j] = BigInt(id);
        mask[i * width + j] = 1n;
      });
    });
    const run = this._queue.then(() => this.session.run({
      input_ids: new ort.Tensor("int64", ids, [windows.length, width]),
      attention_mask: new ort.Tensor("int64", mask, [windows.length, width]),
    }));
    this._queue = run.catch(() => {});
    const out = await run;
    const logits = out.logits;
    return { data: logits.data, width, labels: logits.dims[2] };
  }

  /** tagging.tag_documents: tags and confidences for every token of every text. */
  async tag(texts) {
    const tk = this.tokenizer;
    const encodings = texts.map((t) => tk.encode(t));
    const jobs = [];
    encodings.forEach((enc, d) => {
      for (const w of packWindows(enc.ids, tk.nlId, { maxTokens: this.maxTokens,
        overlapLines: this.overlapLines })) jobs.push([d, w]);
    });
    jobs.sort((a, b) => (a[1].stop - a[1].start) - (b[1].stop - b[1].start)); // stable
    // each token's logits from its owner window, then Viterbi over the document
    const scores = encodings.map((e) => e.ids.map(() => new Array(BIO_TAGS.length).fill(0)));
    for (let k = 0; k < jobs.length; k += BATCH) {
      const chunk = jobs.slice(k, k + BATCH);
      const windows = chunk.map(([d, w]) =>
        [tk.clsId, ...encodings[d].ids.slice(w.start, w.stop), tk.sepId]);
      const { data, width, labels } = await this.predict(windows);
      chunk.forEach(([d, w], b) => {
        for (let i = w.ownStart; i < w.ownStop; i++) {
          const offset = (b * width + 1 + i - w.start) * labels;
          scores[d][i] = Array.from(data.subarray(offset, offset + labels));
        }
      });
    }
    return encodings.map((encoding, d) => ({ encoding, ...decodeDocument(scores[d]) }));
  }

  /**
   * Extractor.build: the report (Report.to_dict()) of pages already read.
   * @param {string} source
   * @param {Array<{number: number, text: string, boxes?: Array, warnings?: string[]}>} pages
   * @param {{units?: "as-printed"|"si"|"conventional"}} options
   */
  async extractPages(source, pages, { units = "as-printed" } = {}) {
    const tagged = await this.tag(pages.map((p) => p.text));
    const report = { schema_version: SCHEMA_VERSION, source, results: [], rejected: [],
      warnings: [] };
    const sex = detectSex(pages.map((p) => p.text).join("\n"), this.lexicon);
    pages.forEach((page, k) => {
      const spans = makeEntities(page.text, entitiesOf(page.text, tagged[k]));
      const entities = relabel(snapSpans(spans, page.text), page.text, this.kb, this.lexicon);
      const raws = assemble(currentValues(entities, page.text, this.lexicon), page.text);
      const results = interpretAll(raws, this.kb, { lexicon: this.lexicon, sex });
      results.forEach((result, i) => {
        result.page = pages.length > 1 || page.number !== 1 ? page.number : null;
        if (page.boxes) result.bbox = boxOf(page.boxes, raws[i].value.start, raws[i].value.end);
        this._file(report, result, units);
      });
      report.warnings.push(...(page.warnings ?? []));
    });
    if (!pages.length || !pages.some((p) => p.text.trim())) {
      report.warnings.push(`${source}: no text found`);
    }
    return report;
  }

  _file(report, result, units) {
    if (units === "si" || units === "conventional") result = withSystem(result, units, this.kb);
    const d = result.toDict();
    if (result.status === "implausible" || (result.biomarker === null && !result.name)) {
      report.rejected.push(d);
    } else {
      report.results.push(d);
    }
  }

  /** The report of a text, as `Extractor().extract(source, text=text)`. */
  async extractText(text, { source = "text", units = "as-printed" } = {}) {
    return this.extractPages(source, [{ number: 1, text }], { units });
  }

  /** A result dict with `converted` set for `system` ("si"/"conventional"), or cleared. */
  convert(resultDict, system) {
    const result = resultFromDict({ ...resultDict, converted: null });
    if (system !== "si" && system !== "conventional") return result.toDict();
    return withSystem(result, system, this.kb).toDict();
  }
}

/** A rules Result from its dict (schema.Result.from_dict). */
export function resultFromDict(d) {
  return new Result({
    ...d,
    reference_range: d.reference_range ? ReferenceRange.fromDict(d.reference_range) : null,
    converted: d.converted ? Converted.fromDict(d.converted) : null,
    reasons: [...(d.reasons ?? [])],
  });
}
