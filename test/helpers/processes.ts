// Shared by the tests that check child processes are gone.
import assert from 'node:assert/strict';

/** Whether a process with id `pid` exists (signal 0); any answer but "no such process" fails the test. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ESRCH');
    return false;
  }
}
