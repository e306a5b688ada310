/**
 * PDF pages -> text that keeps the visual rows of tables: port of
 * src/bloodclarity/extract/pdf.py on pdf.js (local worker, no network).
 *
 * pdf.js gives text runs, not characters: each run's width is shared evenly among its
 * characters (exact for the monospaced reports this project prints, close otherwise). The
 * characters are then grouped into rows by their vertical middle and ordered left to right,
 * gaps becoming spaces in proportion to the median character width, as in Python. Each
 * character keeps its box in PDF points (origin bottom-left), so a result's bbox is the same
 * kind of box as Python's. pdf.js normalises text with NFKC (µ U+00B5 becomes μ U+03BC); the
 * rule layer reads both. A page with no text layer is rendered at 300 dpi and read by OCR.
 */

import * as pdfjs from "../vendor/pdfjs/pdf.min.mjs";

pdfjs.GlobalWorkerOptions.workerSrc = new URL("../vendor/pdfjs/pdf.worker.min.mjs",
  import.meta.url).href;

export const MIN_CHARS_FOR_TEXT_LAYER = 20;
export const MAX_PAGES = 100;
export const RENDER_DPI = 300;
const SPACE = /^\s$/u;

/** Characters [ch, left, bottom, right, top] of one page's text content. */
export function charsOf(items) {
  const chars = [];
  for (const item of items) {
    if (!item.str) continue;
    const [a, b, c, d, e, f] = item.transform; // rotated text is laid out horizontally
    const size = Math.hypot(c, d) || Math.hypot(a, b) || item.height || 1;
    const cps = Array.from(item.str);
    const step = cps.length ? item.width / cps.length : 0;
    cps.forEach((ch, k) => {
      if (SPACE.test(ch)) return;
      const left = e + k * step;
      // a loose box like pdfium's: descent about 0.22, ascent about 0.78 of the font size
      chars.push([ch, left, f - 0.22 * size, left + step, f + 0.78 * size]);
    });
  }
  return chars;
}

/**
 * Text and per-character boxes (code point indices) from characters: pdf.py _page_text (rows
 * indented from the page's left-most character; a gap of 1.5 line pitches or more becomes one
 * blank line).
 */
export function layoutChars(chars) {
  if (!chars.length) return { text: "", boxes: [] };
  const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const height = Math.max(median(chars.map((c) => c[4] - c[2])), 1.0);
  const widths = chars.filter((c) => c[3] > c[1]).map((c) => c[3] - c[1]);
  const width = Math.max(widths.length ? median(widths) : height / 2, 0.5);
  const rows = [];
  const sorted = [...chars].sort((p, q) => -(p[2] + p[4]) / 2 + (q[2] + q[4]) / 2);
  for (const c of sorted) {
    const middle = (c[2] + c[4]) / 2;
    if (rows.length && Math.abs(rows[rows.length - 1][0] - middle) < height * 0.5) {
      rows[rows.length - 1][1].push(c);
    } else {
      rows.push([middle, [c]]);
    }
  }
  const pageLeft = Math.min(...chars.map((c) => c[1]));
  const steps = rows.slice(1).map((r, k) => rows[k][0] - r[0]).sort((x, y) => x - y);
  const pitch = steps.length ? steps[Math.floor(steps.length / 2)] : height;
  const text = [];
  const boxes = [];
  rows.forEach(([middle, row], k) => {
    if (k && rows[k - 1][0] - middle >= 1.5 * pitch) {
      text.push("\n");
      boxes.push(null);
    }
    row.sort((p, q) => p[1] - q[1]);
    const indent = Math.round((row[0][1] - pageLeft) / width);
    text.push(" ".repeat(indent));
    for (let i = 0; i < indent; i++) boxes.push(null);
    let previousRight = null;
    for (const [ch, left, bottom, right, top] of row) {
      if (previousRight !== null) {
        const gap = left - previousRight;
        const spaces = gap < width * 0.3 ? 0 : Math.max(1, Math.round(gap / width));
        text.push(" ".repeat(spaces));
        for (let i = 0; i < spaces; i++) boxes.push(null);
      }
      text.push(ch);
      boxes.push([left, bottom, right, top]);
      previousRight = right;
    }
    text.push("\n");
    boxes.push(null);
  });
  return { text: text.join(""), boxes };
}

/**
 * Pages {number, text, boxes, warnings, view} of a PDF.
 * @param {Uint8Array} data
 * @param {string} name
 * @param {{ocrCanvas?: (canvas: HTMLCanvasElement, name: string) => Promise<{text: string,
 *   warnings: string[]}>, onProgress?: (msg: string) => void}} options
 */
export async function readPdf(data, name, { ocrCanvas = null, onProgress = () => {} } = {}) {
  let doc;
  try {
    doc = await pdfjs.getDocument({ data, isEvalSupported: false, useWasm: false,
      useSystemFonts: false, disableFontFace: true, stopAtErrors: false }).promise;
  } catch (error) {
    const reason = error && error.name === "PasswordException" ? "encrypted (password-protected)"
      : "corrupt or not a PDF";
    throw new Error(`${name}: PDF ${reason}`);
  }
  try {
    if (doc.numPages === 0) throw new Error(`${name}: PDF has no pages`);
    if (doc.numPages > MAX_PAGES) {
      throw new Error(`${name}: PDF has ${doc.numPages} pages, more than the limit of ` +
        `${MAX_PAGES}; not a laboratory report`);
    }
    const pages = [];
    for (let number = 1; number <= doc.numPages; number++) {
      onProgress(`reading page ${number} of ${doc.numPages}`);
      const page = await doc.getPage(number);
      const view = page.view; // [x0, y0, x1, y1] in PDF points
      const content = await page.getTextContent();
      const { text, boxes } = layoutChars(charsOf(content.items));
      if (text.trim().length >= MIN_CHARS_FOR_TEXT_LAYER || !ocrCanvas) {
        pages.push({ number, text, boxes, warnings: [], view, pdfPage: page });
        continue;
      }
      onProgress(`page ${number}: no text layer, OCR`);
      const canvas = await renderPage(page, RENDER_DPI / 72);
      const ocr = await ocrCanvas(canvas, `${name} page ${number}`);
      pages.push({ number, text: ocr.text, boxes: null, warnings: ocr.warnings, view,
        pdfPage: page });
    }
    return { pages, doc };
  } catch (error) {
    await doc.destroy();
    throw error;
  }
}

/** The page drawn on a new canvas at `scale` pixels per PDF point. */
export async function renderPage(page, scale, canvas = document.createElement("canvas")) {
  const viewport = page.getViewport({ scale });
  canvas.width = Math.ceil(viewport.width);
  canvas.height = Math.ceil(viewport.height);
  await page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport }).promise;
  return canvas;
}

/** A PDF-point box [x0, y0, x1, y1] as a rectangle on a page rendered at `scale`. */
export function boxToViewport(page, scale, box) {
  const viewport = page.getViewport({ scale });
  const [x0, y0] = viewport.convertToViewportPoint(box[0], box[1]);
  const [x1, y1] = viewport.convertToViewportPoint(box[2], box[3]);
  return { left: Math.min(x0, x1), top: Math.min(y0, y1), width: Math.abs(x1 - x0),
    height: Math.abs(y1 - y0) };
}
