/**
 * Scans and photos -> text with tesseract.js, everything from the page's own origin (worker,
 * SIMD LSTM core and English best_int data under ../vendor/tesseract/); the default would
 * fetch them from a CDN. A browser-sized version of src/bloodclarity/extract/ocr.py: grayscale,
 * upscaling to 1600 px, lighting evened out (a no-op on an evenly lit scan; Python does it only
 * for unevenly lit pages), autocontrast, deskew (the same projection-profile search), one pass
 * with --psm 6 (Python tries three passes), and words laid out on lines with spaces in
 * proportion to the gaps.
 */

import Tesseract from "../vendor/tesseract/tesseract.esm.min.js";

import { repairOcrLine } from "./ocrlines.js";

export const MIN_WIDTH = 1600;
const VENDOR = new URL("../vendor/tesseract/", import.meta.url);

let workerPromise = null;

/** The one tesseract.js worker (created on first use). */
export function ocrWorker() {
  if (!workerPromise) {
    workerPromise = (async () => {
      const worker = await Tesseract.createWorker("eng", Tesseract.OEM.LSTM_ONLY, {
        workerPath: new URL("worker.min.js", VENDOR).href,
        corePath: new URL("tesseract-core-simd-lstm.js", VENDOR).href,
        langPath: new URL("lang", VENDOR).href,
        workerBlobURL: false,
        gzip: true,
        cacheMethod: "none",
      });
      await worker.setParameters({ tessedit_pageseg_mode: Tesseract.PSM.SINGLE_BLOCK,
        preserve_interword_spaces: "1" });
      return worker;
    })();
    workerPromise.catch(() => { workerPromise = null; });
  }
  return workerPromise;
}

/**
 * ocr.py flatten: the page's local brightness with the text taken out (a 5x5 max filter at an
 * eighth of the size, smoothed, scaled back up), to divide the page by so that shadows and a
 * dim side even out.
 */
function pageBackground(gray, width, height) {
  const sw = Math.max(1, Math.floor(width / 8));
  const sh = Math.max(1, Math.floor(height / 8));
  let small = new Float32Array(sw * sh);
  for (let y = 0; y < sh; y += 1) {
    for (let x = 0; x < sw; x += 1) {
      let sum = 0;
      let n = 0;
      for (let dy = 0; dy < 8 && y * 8 + dy < height; dy += 1) {
        for (let dx = 0; dx < 8 && x * 8 + dx < width; dx += 1) {
          sum += gray[(y * 8 + dy) * width + x * 8 + dx];
          n += 1;
        }
      }
      small[y * sw + x] = sum / n;
    }
  }
  const filtered = (radius, reduce) => {
    const out = new Float32Array(sw * sh);
    for (let y = 0; y < sh; y += 1) {
      for (let x = 0; x < sw; x += 1) {
        const values = [];
        for (let dy = -radius; dy <= radius; dy += 1) {
          for (let dx = -radius; dx <= radius; dx += 1) {
            const yy = Math.min(sh - 1, Math.max(0, y + dy));
            const xx = Math.min(sw - 1, Math.max(0, x + dx));
            values.push(small[yy * sw + xx]);
          }
        }
        out[y * sw + x] = reduce(values);
      }
    }
    return out;
  };
  small = filtered(2, (v) => Math.max(...v));
  const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
  small = filtered(1, mean);
  small = filtered(1, mean);
  const full = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) { // bilinear
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) / 8 - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x += 1) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) / 8 - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = fx - x0;
      const top = small[y0 * sw + x0] * (1 - wx) + small[y0 * sw + x1] * wx;
      const bottom = small[y1 * sw + x0] * (1 - wx) + small[y1 * sw + x1] * wx;
      full[y * width + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return full;
}

/** ocr.py otsu: Otsu's global threshold of a 256-bin histogram. */
function otsuThreshold(hist, total) {
  let cum = 0;
  let cumMean = 0;
  let allMean = 0;
  for (let g = 0; g < 256; g += 1) allMean += g * hist[g];
  let best = 0;
  let bestBetween = -1;
  for (let g = 0; g < 256; g += 1) {
    cum += hist[g];
    cumMean += g * hist[g];
    const between = (allMean * cum - cumMean * total) ** 2 / Math.max(cum * (total - cum), 1);
    if (between > bestBetween) [best, bestBetween] = [g, between];
  }
  return best;
}

/**
 * ocr.py deskew_angle: the rotation (degrees, -5..5 in half degrees, counter-clockwise) that
 * makes text rows most sharply separated: the variance of the row counts of the page's dark
 * pixels (every fourth pixel of every fourth row), projected at each angle.
 * @param {Uint8ClampedArray} px RGBA pixels, gray in the red channel
 */
export function deskewAngle(px, width, height) {
  const hist = new Uint32Array(256);
  for (let i = 0; i < px.length; i += 4) hist[px[i]] += 1;
  const threshold = otsuThreshold(hist, width * height);
  const xs = [];
  const ys = [];
  for (let y = 0; y < height; y += 4) {
    for (let x = 0; x < width; x += 4) {
      if (px[4 * (y * width + x)] <= threshold) {
        xs.push((x - width / 2) / 4);
        ys.push((y - height / 2) / 4);
      }
    }
  }
  const half = Math.ceil(Math.hypot(width, height) / 8) + 1;
  let best = 0;
  let bestScore = -1;
  for (let k = -10; k <= 10; k += 1) {
    const a = (k / 2) * Math.PI / 180;
    const [sin, cos] = [Math.sin(a), Math.cos(a)];
    const rows = new Float64Array(2 * half + 1);
    for (let i = 0; i < xs.length; i += 1) rows[Math.round(ys[i] * cos - xs[i] * sin) + half] += 1;
    const mean = xs.length / rows.length;
    const score = rows.reduce((acc, n) => acc + (n - mean) ** 2, 0) / rows.length;
    if (score > bestScore) [best, bestScore] = [k / 2, score];
  }
  return best;
}

/** The canvas rotated `angle` degrees counter-clockwise on white, grown to hold it all. */
function rotated(canvas, angle) {
  const a = angle * Math.PI / 180;
  const [sin, cos] = [Math.abs(Math.sin(a)), Math.abs(Math.cos(a))];
  const out = document.createElement("canvas");
  out.width = Math.round(canvas.width * cos + canvas.height * sin);
  out.height = Math.round(canvas.width * sin + canvas.height * cos);
  const ctx = out.getContext("2d", { willReadFrequently: true });
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.imageSmoothingQuality = "high";
  ctx.translate(out.width / 2, out.height / 2);
  ctx.rotate(-a);
  ctx.drawImage(canvas, -canvas.width / 2, -canvas.height / 2);
  return out;
}

/**
 * Grayscale, upscaled copy of an image or canvas, its lighting evened out, autocontrasted and
 * deskewed, on a canvas; and the deskew angle.
 */
export function prepare(source) {
  const w0 = source.naturalWidth ?? source.width;
  const h0 = source.naturalHeight ?? source.height;
  const scale = w0 < MIN_WIDTH ? MIN_WIDTH / w0 : 1;
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(w0 * scale);
  canvas.height = Math.round(h0 * scale);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const px = image.data;
  const gray = new Float32Array(canvas.width * canvas.height);
  for (let i = 0; i < gray.length; i += 1) {
    gray[i] = 0.299 * px[4 * i] + 0.587 * px[4 * i + 1] + 0.114 * px[4 * i + 2];
  }
  const background = pageBackground(gray, canvas.width, canvas.height);
  const hist = new Uint32Array(256);
  for (let i = 0; i < gray.length; i += 1) {
    const g = Math.max(0, Math.min(255, Math.round(gray[i] * 255 / Math.max(background[i], 1))));
    px[4 * i] = g;
    hist[g] += 1;
  }
  let lo = 0;
  let hi = 255;
  while (lo < 255 && hist[lo] === 0) lo += 1;
  while (hi > 0 && hist[hi] === 0) hi -= 1;
  const span = hi > lo ? 255 / (hi - lo) : 1;
  for (let i = 0; i < px.length; i += 4) {
    const g = Math.max(0, Math.min(255, Math.round((px[i] - lo) * span)));
    px[i] = px[i + 1] = px[i + 2] = g;
    px[i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  const angle = deskewAngle(px, canvas.width, canvas.height);
  return { canvas: angle ? rotated(canvas, angle) : canvas, angle };
}

/** ocr.py _layout: text from tesseract's lines of words, and the mean word confidence. */
export function layoutWords(blocks) {
  const lines = [];
  const confidences = [];
  for (const block of blocks ?? []) {
    for (const paragraph of block.paragraphs ?? []) {
      for (const line of paragraph.lines ?? []) {
        const words = line.words.filter((w) => w.text.trim());
        if (!words.length) continue;
        words.forEach((w) => confidences.push(w.confidence));
        lines.push({ top: Math.min(...words.map((w) => w.bbox.y0)), words });
      }
    }
  }
  lines.sort((a, b) => a.top - b.top);
  const out = lines.map(({ words }) => {
    const sorted = [...words].sort((a, b) => a.bbox.x0 - b.bbox.x0);
    const chars = sorted.reduce((n, w) => n + Array.from(w.text).length, 0);
    const charW = Math.max(8, sorted.reduce((n, w) => n + (w.bbox.x1 - w.bbox.x0), 0) /
      Math.max(1, chars));
    let right = null;
    let text = "";
    for (const w of sorted) {
      if (right !== null) text += " ".repeat(Math.max(1, Math.round((w.bbox.x0 - right) / charW)));
      text += w.text;
      right = w.bbox.x1;
    }
    return repairOcrLine(text);
  });
  const mean = confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0;
  return { text: out.join("\n") + "\n", confidence: mean };
}

/**
 * One page {text, warnings} from an image element, bitmap or canvas.
 * @param {CanvasImageSource} source
 * @param {string} name
 */
export async function ocrImage(source, name) {
  const worker = await ocrWorker();
  const { canvas, angle } = prepare(source);
  const { data } = await worker.recognize(canvas, {}, { blocks: true, text: false });
  const { text, confidence } = layoutWords(data.blocks);
  if (!text.trim()) throw new Error(`${name}: no text found in the image`);
  const turned = `${angle >= 0 ? "+" : ""}${angle.toFixed(1)}°`;
  return { text, warnings: [`${name}: OCR (contrast, mean word confidence ` +
    `${confidence.toFixed(0)}%, deskewed ${turned}, tesseract.js)`] };
}

/** Decode an image file (PNG, JPEG, WebP, GIF, BMP) into a bitmap. */
export async function decodeImage(blob, name) {
  try {
    return await createImageBitmap(blob, { imageOrientation: "from-image" });
  } catch {
    throw new Error(`${name}: not a readable image`);
  }
}
