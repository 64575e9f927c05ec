/**
 * Temporary directories for the file-reader tests, and the fixtures of scripts/make-fixtures.mjs written
 * into one (the script runs as a child process, as a user would run it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What scripts/make-fixtures.mjs records in manifest.json. */
export interface FixtureManifest {
  clip: { file: string; width: number; height: number; frames: number; frameRateNumerator: number; frameRateDenominator: number; frameBytes: number };
  truncated: string;
  wavs: Record<string, { sampleRate: number; channels: number; frameCount: number; sampleFormat: 'pcm' | 'float'; bitsPerSample: number }>;
  corruptWav: string;
  garbage: string;
  encoded: { file: string; videoEncoder: string; audioEncoder?: string } | null;
}

/** scripts/make-fixtures.mjs, found by walking up from this file (it runs from the .build copy). */
export function fixtureScript(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, 'scripts', 'make-fixtures.mjs');
    if (existsSync(candidate)) {
      return candidate;
    }
    const parent = path.dirname(directory);
    if (parent === directory) {
      throw new Error('scripts/make-fixtures.mjs not found above the test file');
    }
    directory = parent;
  }
}

/** Temporary directories that `removeTemporaryDirectories` deletes. */
const created: string[] = [];

/** A fresh temporary directory, removed by `removeTemporaryDirectories`. */
export function temporaryDirectory(prefix = 'mediacapture-file-'): string {
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(directory);
  return directory;
}

/** Writes `contents` to a file `name` in a new temporary directory; returns its path. */
export function writeTemporary(name: string, contents: Uint8Array): string {
  const file = path.join(temporaryDirectory(), name);
  writeFileSync(file, contents);
  return file;
}

/** Deletes every directory made by `temporaryDirectory` (call it from `after`). */
export function removeTemporaryDirectories(): void {
  for (const directory of created.splice(0)) {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Runs scripts/make-fixtures.mjs into a fresh temporary directory; returns the directory and manifest. */
export function makeFixtures(): { directory: string; manifest: FixtureManifest } {
  const directory = temporaryDirectory('mediacapture-fixtures-');
  const result = spawnSync(process.execPath, [fixtureScript(), directory], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`make-fixtures.mjs failed (${result.status}): ${result.stderr}`);
  }
  const manifest = JSON.parse(readFileSync(path.join(directory, 'manifest.json'), 'utf8')) as FixtureManifest;
  return { directory, manifest };
}
