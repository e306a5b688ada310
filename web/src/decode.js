/**
 * Decoding the model's scores into entities, with no dependency (Node and browsers): ports of
 * bloodclarity.model.tagging (log-softmax, Viterbi over BIO tags), corpus.labels.spans_from_tags,
 * extract.extractor.entities_of and extract.inputs.Page.box_of.
 */

export const ENTITY_LABELS = ["BIOMARKER", "VALUE", "UNIT", "RANGE", "FLAG"];
export const BIO_TAGS = ["O", ...ENTITY_LABELS.flatMap((l) => [`B-${l}`, `I-${l}`])];

/** (start, end, label) spans from BIO tags: bloodclarity.corpus.labels.spans_from_tags. */
export function spansFromTags(offsets, tags) {
  const spans = [];
  let previous = "O";
  tags.forEach((tag, i) => {
    const [start, end] = offsets[i];
    if (tag !== "O") {
      const [prefix, label] = [tag.slice(0, 1), tag.slice(2)];
      if (prefix === "I" && previous !== "O" && previous.slice(2) === label) {
        spans[spans.length - 1].end = end;
      } else {
        spans.push({ start, end, label });
      }
    }
    previous = tag;
  });
  return spans;
}

/** allowed[i][j]: tag j may follow tag i (an I-X only after B-X or I-X). */
export const ALLOWED = BIO_TAGS.map((prev) => BIO_TAGS.map((tag) =>
  !tag.startsWith("I-") || (prev !== "O" && prev.slice(2) === tag.slice(2))));
const START_ALLOWED = BIO_TAGS.map((t) => !t.startsWith("I-"));

/** Log-softmax of each row (float64), as numpy in tagging.tag_documents. */
export function logSoftmaxRows(rows) {
  return rows.map((row) => {
    const peak = Math.max(...row);
    const shifted = row.map((x) => x - peak);
    const logSum = Math.log(shifted.reduce((a, x) => a + Math.exp(x), 0));
    return shifted.map((x) => x - logSum);
  });
}

/**
 * tagging.viterbi: the most probable tag sequence in which every I-X continues an X entity
 * (ties go to the lower tag index, as numpy's argmax).
 * @param {number[][]} logProbs [token][tag]
 * @returns {number[]} tag indices
 */
export function viterbi(logProbs) {
  const n = logProbs.length;
  const k = BIO_TAGS.length;
  if (n === 0) return [];
  let score = logProbs[0].map((x, j) => (START_ALLOWED[j] ? x : -Infinity));
  const back = [new Array(k).fill(0)];
  for (let t = 1; t < n; t++) {
    const next = new Array(k);
    const from = new Array(k);
    for (let j = 0; j < k; j++) {
      let best = -Infinity;
      let arg = 0;
      let first = true;
      for (let i = 0; i < k; i++) {
        const c = ALLOWED[i][j] ? score[i] : -Infinity;
        if (first || c > best) {
          best = c;
          arg = i;
          first = false;
        }
      }
      from[j] = arg;
      next[j] = best + logProbs[t][j];
    }
    back.push(from);
    score = next;
  }
  const path = new Array(n).fill(0);
  let top = 0;
  for (let j = 1; j < k; j++) if (score[j] > score[top]) top = j;
  path[n - 1] = top;
  for (let t = n - 1; t > 0; t--) path[t - 1] = back[t][path[t]];
  return path;
}

/**
 * Tags and confidences of one document from its tokens' logits (each from its owner window):
 * the end of tagging.tag_documents.
 * @param {ArrayLike<number>[]} scores [token][tag]
 */
export function decodeDocument(scores) {
  const logProbs = logSoftmaxRows(scores.map((row) => Array.from(row)));
  const path = viterbi(logProbs);
  return { tags: path.map((i) => BIO_TAGS[i]), confidence: path.map((i, t) => Math.exp(logProbs[t][i])) };
}

/** Entities [label, start, end, confidence] of one tagged text (extractor.entities_of). */
export function entitiesOf(text, doc) {
  const { offsets } = doc.encoding;
  return spansFromTags(offsets, doc.tags).map((span) => {
    let conf = Infinity;
    offsets.forEach(([s], i) => {
      if (span.start <= s && s < span.end) conf = Math.min(conf, doc.confidence[i]);
    });
    return [span.label, span.start, span.end, conf === Infinity ? 0 : conf];
  });
}

/** Page.box_of: the box [x0, y0, x1, y1] of characters start:end (code points). */
export function boxOf(boxes, start, end) {
  const found = boxes.slice(start, end).filter((b) => b);
  if (!found.length) return null;
  const r = (x) => Math.round(x * 10) / 10;
  return [r(Math.min(...found.map((b) => b[0]))), r(Math.min(...found.map((b) => b[1]))),
    r(Math.max(...found.map((b) => b[2]))), r(Math.max(...found.map((b) => b[3])))];
}

