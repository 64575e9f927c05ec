#!/usr/bin/env node
/**
 * ImageCapture.takePhoto() latency on the fake camera: from the call to the Blob, at each size (the track's native
 * mode, so the photo is the frame as captured), over the real clock at 30 fps, so a call also waits for the next
 * frame (up to 33 ms; 17 ms on average). Photos are PNG (the default, as Chromium's fake camera) and JPEG
 * (`setPhotoType` from mediacapture/testing), encoded by sharp (an optional dependency); without it the bench says
 * so and measures nothing.
 *
 *   node bench/take-photo.mjs [--sizes 1280x720,1920x1080] [--types image/png,image/jpeg] [--count 20] [--warmup 3]
 *
 * bench/run.mjs runs it with the defaults and adds its results to its JSON report (key `takePhoto`).
 * Run it after `npm run build`.
 */

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { round } from './util.mjs';

const FPS = 30;

/**
 * Measures takePhoto() `count` times per size after `warmup` unmeasured photos, prints a table, and returns the
 * results (or why nothing was measured).
 */
export async function runTakePhotoBench({
  sizes = ['1280x720', '1920x1080'],
  types = ['image/png', 'image/jpeg'],
  count = 20,
  warmup = 3,
  log = () => {},
} = {}) {
  const { createMediaDevices, ImageCapture } = await import('mediacapture');
  const { setPhotoType } = await import('mediacapture/testing');
  const results = [];
  for (const [label, photoType] of sizes.flatMap((size) => types.map((type) => [size, type]))) {
    const [width, height] = label.split('x').map(Number);
    log(`${label}: takePhoto() x ${count} (${photoType})`);
    const md = createMediaDevices({ devices: `fps=${FPS}`, permission: 'granted' });
    const stream = await md.getUserMedia({ video: { width: { exact: width }, height: { exact: height }, resizeMode: 'none' } });
    const [track] = stream.getVideoTracks();
    const capture = new ImageCapture(track);
    setPhotoType(capture, photoType);
    const latenciesMs = [];
    let bytes = 0;
    let type = '';
    try {
      for (let index = 0; index < warmup + count; index++) {
        const start = performance.now();
        const photo = await capture.takePhoto();
        const elapsed = performance.now() - start;
        if (index >= warmup) {
          latenciesMs.push(elapsed);
          bytes += photo.size;
          type = photo.type;
        }
      }
    } catch (error) {
      track.stop();
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push({ size: label, type: photoType, error: reason });
      log(`  ${reason}`);
      continue;
    }
    track.stop();
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    results.push({
      size: label,
      type,
      photos: count,
      medianMs: round(at(0.5)),
      p90Ms: round(at(0.9)),
      minMs: round(sorted[0]),
      maxMs: round(sorted.at(-1)),
      meanBytes: Math.round(bytes / count),
    });
  }
  console.log(formatTable(results));
  return { fps: FPS, warmup, results };
}

function formatTable(results) {
  const header = ['takePhoto()', 'type', 'median ms', 'p90 ms', 'min ms', 'max ms', 'bytes'];
  const rows = results.map((r) =>
    r.error === undefined
      ? [r.size, r.type, r.medianMs, r.p90Ms, r.minMs, r.maxMs, r.meanBytes]
      : [r.size, `${r.type} not measured: ${r.error}`, '', '', '', '', ''],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  return [
    `# takePhoto() on the fake camera @${FPS} fps (latency includes waiting for the next frame)`,
    '',
    line(header),
    `|${widths.map((w, i) => (i < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1280x720,1920x1080' },
      types: { type: 'string', default: 'image/png,image/jpeg' },
      count: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
    },
  });
  const { results } = await runTakePhotoBench({
    sizes: values.sizes.split(','),
    types: values.types.split(','),
    count: Number(values.count),
    warmup: Number(values.warmup),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(results)}\n`);
  process.exit(0);
}
