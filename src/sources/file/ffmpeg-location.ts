/**
 * Where ffmpeg and ffprobe are: the `MEDIACAPTURE_FFMPEG` / `MEDIACAPTURE_FFPROBE` environment variables,
 * then PATH, then the static ffmpeg of the optional `@ffmpeg-installer/ffmpeg` package. The one lookup of
 * the project (file devices and MediaRecorder). Re-exported by `ffmpeg.ts`.
 *
 * @module
 */

import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, delimiter, dirname, extname, join, resolve } from 'node:path';

let bundled: string | null | undefined;

/**
 * The ffmpeg inside the optional `@ffmpeg-installer/ffmpeg` package (a static build shipped in the npm
 * package), or null when that package is not installed or has no build for this platform. Asked once.
 */
export function bundledFfmpeg(): string | null {
  if (bundled === undefined) {
    try {
      const installer = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
      bundled = isExecutableFile(installer.path) ? installer.path : null;
    } catch {
      // The package throws a string when its platform package is missing.
      bundled = null;
    }
  }
  return bundled;
}

/**
 * Finds ffmpeg and ffprobe: the `MEDIACAPTURE_FFMPEG` / `MEDIACAPTURE_FFPROBE` variables of `env` (a path,
 * or a command name looked up in PATH), else `ffmpeg` in `env.PATH`, else `fallback` (default: the ffmpeg
 * of `@ffmpeg-installer/ffmpeg`, see {@link bundledFfmpeg}; null: none); ffprobe defaults to the one next
 * to the ffmpeg found, then PATH. A variable that names nothing executable is not replaced by PATH or the
 * fallback (a typo should not silently pick another ffmpeg, and `MEDIACAPTURE_FFMPEG=none` means no
 * ffmpeg). Undefined when ffmpeg is missing; `ffprobe` undefined when only it is missing.
 */
export function findFfmpeg(
  env: NodeJS.ProcessEnv = process.env,
  fallback: string | null = bundledFfmpeg(),
): { ffmpeg: string; ffprobe: string | undefined } | undefined {
  const named = env['MEDIACAPTURE_FFMPEG'];
  const ffmpeg = named ? findExecutable(named, env) : (findExecutable('ffmpeg', env) ?? fallback ?? undefined);
  if (ffmpeg === undefined) {
    return undefined;
  }
  const override = env['MEDIACAPTURE_FFPROBE'];
  if (override) {
    return { ffmpeg, ffprobe: findExecutable(override, env) };
  }
  const sibling = join(dirname(ffmpeg), `ffprobe${extname(ffmpeg)}`);
  return { ffmpeg, ffprobe: isExecutableFile(sibling) ? sibling : findExecutable('ffprobe', env) };
}

/** `name` as an executable path: itself when it has a directory part, else the first match in PATH. */
function findExecutable(name: string, env: NodeJS.ProcessEnv): string | undefined {
  if (basename(name) !== name) {
    return isExecutableFile(resolve(name)) ? resolve(name) : undefined;
  }
  const isWindows = process.platform === 'win32';
  const searchPath = env['PATH'] ?? (isWindows ? env['Path'] : undefined) ?? '';
  const directories = searchPath.split(delimiter).filter((entry) => entry.length > 0);
  const extensions = isWindows ? ['', ...(env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  for (const directory of directories) {
    for (const extension of extensions) {
      const candidate = join(directory, name + extension);
      if (isExecutableFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

function isExecutableFile(candidate: string): boolean {
  try {
    accessSync(candidate, constants.X_OK);
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}
