// Removes the build output so a deleted or moved source never ships from a stale build.
import { rmSync } from 'node:fs';
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
