#!/usr/bin/env node
// Writes the media fixtures for file-backed fake devices into a directory:
//   clip.y4m        160x120, 10 frames, 30000/1001 fps, a moving pattern (every frame differs)
//   truncated.y4m   clip.y4m with half of its last frame cut off
//   tone-16bit-stereo-44100.wav   1 s, 1 kHz sine left, 500 Hz sine right
//   tone-24bit-mono-48000.wav     1 s, 440 Hz
//   tone-8bit-mono-8000.wav       1 s, 440 Hz
//   tone-float32-stereo-48000.wav 1 s, 440 Hz left, 880 Hz right
//   corrupt.wav     a RIFF/WAVE whose fmt chunk claims more bytes than the file has
//   clip.mp4 / clip.webm   clip.y4m encoded with libx264 (+ AAC), else libvpx (+ Opus/Vorbis), else mpeg4
//                   (+ AAC), with the 16-bit tone as audio; only when ffmpeg is found
//   garbage.mp4     4 KiB of pseudo-random bytes named like a video
//   manifest.json   what was written and the facts tests check (sizes, rates, frame counts, encoder)
//
// Usage: node scripts/make-fixtures.mjs OUTDIR
// It imports the compiled readers (encodeY4M, encodeWav, findFfmpeg) from .build/src/sources/file/ (built by
// `npx tsc -p tsconfig.json`), falling back to dist/sources/file/ (`npm run build`).
// Exit status: 0 when written, 1 on failure, 2 on a usage error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLIP = { width: 160, height: 120, frames: 10, frameRateNumerator: 30000, frameRateDenominator: 1001 };

/** The directory holding the compiled file readers. */
function compiledReaders() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const candidate of ['.build/src/sources/file', 'dist/sources/file']) {
    const directory = path.join(root, candidate);
    if (existsSync(path.join(directory, 'y4m.js'))) {
      return directory;
    }
  }
  throw new Error('compiled readers not found: run `npx tsc -p tsconfig.json` (or `npm run build`) first');
}

async function importReaders() {
  const directory = compiledReaders();
  const load = (name) => import(pathToFileURL(path.join(directory, name)).href);
  const [y4m, wav, ffmpeg] = await Promise.all([load('y4m.js'), load('wav.js'), load('ffmpeg.js')]);
  return { ...y4m, ...wav, ...ffmpeg };
}

/** Packed I420 frame `index` of the clip: a diagonal luma ramp sliding with time, a white box moving right, tinted chroma. */
function clipFrame(index) {
  const { width, height } = CLIP;
  const chromaWidth = Math.ceil(width / 2);
  const chromaHeight = Math.ceil(height / 2);
  const frame = new Uint8Array(width * height + 2 * chromaWidth * chromaHeight);
  const boxX = 8 + index * 12;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inBox = x >= boxX && x < boxX + 16 && y >= 52 && y < 68;
      frame[y * width + x] = inBox ? 235 : 16 + ((x + y + index * 8) % 200);
    }
  }
  const uOffset = width * height;
  const vOffset = uOffset + chromaWidth * chromaHeight;
  for (let y = 0; y < chromaHeight; y++) {
    for (let x = 0; x < chromaWidth; x++) {
      frame[uOffset + y * chromaWidth + x] = 64 + ((x * 2 + index * 9) % 128);
      frame[vOffset + y * chromaWidth + x] = 64 + ((y * 2 + index * 13) % 128);
    }
  }
  return frame;
}

/** `seconds` of sine planes at `rate`, one plane per frequency, amplitude 0.5. */
function sines(rate, seconds, frequencies) {
  return frequencies.map((frequency) =>
    Float32Array.from({ length: Math.round(rate * seconds) }, (_, n) => 0.5 * Math.sin((2 * Math.PI * frequency * n) / rate)),
  );
}

/** A RIFF/WAVE file whose fmt chunk claims 1 MB while the file is 44 bytes. */
function corruptWav() {
  const bytes = new Uint8Array(44);
  const view = new DataView(bytes.buffer);
  bytes.set(Buffer.from('RIFF'), 0);
  view.setUint32(4, 36, true);
  bytes.set(Buffer.from('WAVEfmt '), 8);
  view.setUint32(16, 1_000_000, true);
  view.setUint16(20, 1, true);
  return bytes;
}

/** Deterministic pseudo-random bytes (a linear congruential generator). */
function garbage(length) {
  const bytes = new Uint8Array(length);
  let state = 0x2545f491;
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

/** Encoders this ffmpeg has, by name. */
function ffmpegEncoders(ffmpeg) {
  const result = spawnSync(ffmpeg, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  return new Set(result.stdout.split('\n').map((line) => line.trim().split(/\s+/)[1]).filter(Boolean));
}

/** Encodes clip.y4m (+ audio) with the first available video encoder; returns the file name written. */
function encodeVideo(ffmpeg, outDir, y4mPath, wavPath) {
  const encoders = ffmpegEncoders(ffmpeg);
  const choices = [
    { video: 'libx264', audio: 'aac', file: 'clip.mp4' },
    { video: 'libvpx', audio: encoders.has('libopus') ? 'libopus' : 'libvorbis', file: 'clip.webm' },
    { video: 'mpeg4', audio: 'aac', file: 'clip.mp4' },
  ];
  const choice = choices.find((candidate) => encoders.has(candidate.video));
  if (choice === undefined) {
    return undefined;
  }
  const audio = encoders.has(choice.audio) ? ['-map', '1:a:0', '-c:a', choice.audio] : [];
  const output = path.join(outDir, choice.file);
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', y4mPath, '-i', wavPath, '-map', '0:v:0',
    '-c:v', choice.video, '-pix_fmt', 'yuv420p', ...audio, output];
  const result = spawnSync(ffmpeg, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`ffmpeg could not encode ${choice.file}: ${result.stderr || result.error}`);
  }
  return { file: choice.file, videoEncoder: choice.video, audioEncoder: audio.length > 0 ? choice.audio : undefined };
}

/** Writes every fixture into `outDir` (created if missing) and returns the manifest. */
export async function makeFixtures(outDir) {
  const { encodeY4M, encodeWav, findFfmpeg } = await importReaders();
  mkdirSync(outDir, { recursive: true });
  const write = (name, bytes) => writeFileSync(path.join(outDir, name), bytes);
  const { width, height, frames, frameRateNumerator, frameRateDenominator } = CLIP;
  const clip = encodeY4M(width, height, frameRateNumerator, frameRateDenominator, Array.from({ length: frames }, (_, i) => clipFrame(i)));
  const frameBytes = width * height * 1.5;
  write('clip.y4m', clip);
  write('truncated.y4m', clip.subarray(0, clip.length - frameBytes / 2));
  const wavs = {
    'tone-16bit-stereo-44100.wav': { planes: sines(44100, 1, [1000, 500]), rate: 44100, format: { sampleFormat: 'pcm', bitsPerSample: 16 } },
    'tone-24bit-mono-48000.wav': { planes: sines(48000, 1, [440]), rate: 48000, format: { sampleFormat: 'pcm', bitsPerSample: 24 } },
    'tone-8bit-mono-8000.wav': { planes: sines(8000, 1, [440]), rate: 8000, format: { sampleFormat: 'pcm', bitsPerSample: 8 } },
    'tone-float32-stereo-48000.wav': { planes: sines(48000, 1, [440, 880]), rate: 48000, format: { sampleFormat: 'float', bitsPerSample: 32 } },
  };
  const manifest = { clip: { file: 'clip.y4m', ...CLIP, frameBytes }, truncated: 'truncated.y4m', wavs: {}, corruptWav: 'corrupt.wav', garbage: 'garbage.mp4' };
  for (const [name, { planes, rate, format }] of Object.entries(wavs)) {
    write(name, encodeWav(planes, rate, format));
    manifest.wavs[name] = { sampleRate: rate, channels: planes.length, frameCount: planes[0].length, ...format };
  }
  write('corrupt.wav', corruptWav());
  write('garbage.mp4', garbage(4096));
  const tools = findFfmpeg();
  manifest.encoded = tools === undefined
    ? null
    : encodeVideo(tools.ffmpeg, outDir, path.join(outDir, 'clip.y4m'), path.join(outDir, 'tone-16bit-stereo-44100.wav')) ?? null;
  writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function main(argv) {
  if (argv.length !== 1 || argv[0] === '--help' || argv[0] === '-h') {
    process.stderr.write('usage: node scripts/make-fixtures.mjs OUTDIR\n');
    process.exit(argv[0] === '--help' || argv[0] === '-h' ? 0 : 2);
  }
  const outDir = path.resolve(argv[0]);
  const manifest = await makeFixtures(outDir);
  const encoded = manifest.encoded === null ? 'no encoded video (ffmpeg not found or no encoder)' : manifest.encoded.file;
  process.stdout.write(`fixtures written to ${outDir}: clip.y4m, truncated.y4m, ${Object.keys(manifest.wavs).join(', ')}, ` +
    `corrupt.wav, garbage.mp4, ${encoded}, manifest.json\n`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`make-fixtures: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  });
}
