// An `ffmpeg` that records its arguments and fails as a busy camera does, so provider tests can check the
// capture command a device's producer runs without a camera.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { MonotonicClock } from '../../../../src/media/clock.js';
import type { NativeVideoMode } from '../../../../src/sources/capture-model.js';
import { CaptureSource } from '../../../../src/sources/capture-source.js';
import type { PlatformDevice } from '../../../../src/sources/platform/platform-device.js';

/** A directory with a stand-in `ffmpeg` on its PATH. */
export class StandInFfmpeg {
  readonly root = mkdtempSync(path.join(tmpdir(), 'mediacapture-stand-in-ffmpeg-'));
  /** An environment whose PATH finds only the stand-in. */
  readonly env: NodeJS.ProcessEnv;
  readonly #argsFile: string;

  constructor(stderrLine = 'Could not run graph (sometimes caused by a device already in use by other application)') {
    const bin = path.join(this.root, 'bin');
    mkdirSync(bin);
    this.#argsFile = path.join(this.root, 'ffmpeg-args.txt');
    const script = ['#!/bin/sh', `printf "%s\\n" "$@" > ${JSON.stringify(this.#argsFile)}`, `echo ${JSON.stringify(stderrLine)} >&2`, 'exit 1'];
    writeFileSync(path.join(bin, 'ffmpeg'), `${script.join('\n')}\n`);
    chmodSync(path.join(bin, 'ffmpeg'), 0o755);
    this.env = { PATH: bin };
  }

  /** Runs `device`'s producer in `mode` until it fails; the arguments ffmpeg got ([] if it never ran), the failure. */
  async capture(device: PlatformDevice, mode: NativeVideoMode): Promise<{ args: string[]; failure: Error | undefined }> {
    assert.ok(device.capture !== undefined && device.producer !== undefined);
    rmSync(this.#argsFile, { force: true });
    const source = new CaptureSource(device.label, device.capture, { deviceId: 'd', groupId: 'g' }, new MonotonicClock(), device.producer);
    const ended = new Promise<void>((resolve) => source.attach({ sourceMutedChanged() {}, sourceEnded: resolve }));
    source.setNativeMode(mode);
    source.setDemand(true);
    await ended;
    const args = existsSync(this.#argsFile) ? readFileSync(this.#argsFile, 'utf8').trimEnd().split('\n') : [];
    return { args, failure: source.failure };
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The input part of ffmpeg's arguments: from the first `-f` to the argument after `-i`. */
export function inputPart(args: readonly string[]): string[] {
  return args.slice(args.indexOf('-f'), args.indexOf('-i') + 2);
}
