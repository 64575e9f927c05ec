#!/usr/bin/env node
// Makes the pictures of the README from the built package (run `npm run pictures`, which builds first):
//   docs/images/fake-camera.png      a frame of the fake camera at 1.7 s, taken with ImageCapture on a
//                                    VirtualClock (the same bytes on every run)
//   docs/images/recording-still.png  a frame 2 s into a recording made with `mediacapture record --fake`,
//                                    extracted with ffmpeg
// Needs sharp (an optional dependency) and ffmpeg.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createMediaDevices, ImageCapture } from 'mediacapture';
import { VirtualClock } from 'mediacapture/testing';

const repository = fileURLToPath(new URL('..', import.meta.url));
const images = join(repository, 'docs', 'images');
mkdirSync(images, { recursive: true });

async function fakeCameraFrame(path) {
  const clock = new VirtualClock();
  const mediaDevices = createMediaDevices({ devices: 'fps=30', clock, permission: 'granted' });
  const stream = await mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  const [track] = stream.getVideoTracks();
  // Let the pac-man turn a little and the counter run, then photograph the next frame.
  clock.advanceMs(1700);
  const photo = new ImageCapture(track).takePhoto();
  clock.advanceMs(100);
  writeFileSync(path, new Uint8Array(await (await photo).arrayBuffer()));
  track.stop();
}

function recordingStill(path) {
  const scratch = mkdtempSync(join(tmpdir(), 'mediacapture-pictures-'));
  try {
    const recording = join(scratch, 'demo.webm');
    execFileSync(process.execPath, [join(repository, 'dist', 'cli', 'main.js'), 'record', '--fake=fps=30', '--duration', '3', recording], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-ss', '2', '-i', recording, '-frames:v', '1', '-y', path]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await fakeCameraFrame(join(images, 'fake-camera.png'));
recordingStill(join(images, 'recording-still.png'));
process.stdout.write(`pictures written to ${images}\n`);
