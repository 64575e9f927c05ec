#!/usr/bin/env node
/**
 * Marks the package's command (package.json "bin") executable after the build: tsc writes files without the
 * execute bit, and `npx mediacapture` in a fresh clone runs the file itself.
 */
import fs from 'node:fs';

const manifest = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
for (const file of Object.values(manifest.bin ?? {})) {
  const path = new URL(`../${file}`, import.meta.url);
  fs.chmodSync(path, fs.statSync(path).mode | 0o111);
}
