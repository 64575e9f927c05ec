/**
 * The event loop's own timers and clock, as `node:timers` and `node:perf_hooks` give them when the package
 * loads.
 *
 * Tests of browser code often fake time: Jest's `jest.useFakeTimers()`, Vitest's `vi.useFakeTimers()`,
 * node:test's `mock.timers` and @sinonjs/fake-timers replace the global `setTimeout`, `setImmediate`,
 * `performance`, `queueMicrotask` and `Date` (and some also patch the `node:timers` module's properties) until
 * the test advances them. A browser's capture pipeline does not run on a page's timers: its camera and
 * microphone keep delivering in real time whatever the page's script does with its own. So the package's
 * real-time work (MonotonicClock, the tasks that fire events, the timeouts that guard child processes) uses
 * these, taken once, not the globals of the moment; a test that wants to control media time gives the
 * package a VirtualClock (`mediacapture/testing`).
 *
 * Taken at load: a fake installed afterwards (the usual case: the test file imports the package, then turns
 * fake timers on) cannot reach them. In Jest a test file's fakes replace its own context's globals and never
 * `node:timers` or `node:perf_hooks`, so even fakes installed before the package loads leave these real.
 */

import { performance } from 'node:perf_hooks';
import timers from 'node:timers';

export const hostSetTimeout: typeof timers.setTimeout = timers.setTimeout;
export const hostClearTimeout: typeof timers.clearTimeout = timers.clearTimeout;
export const hostSetInterval: typeof timers.setInterval = timers.setInterval;
export const hostClearInterval: typeof timers.clearInterval = timers.clearInterval;
export const hostSetImmediate: typeof timers.setImmediate = timers.setImmediate;

const performanceNow = performance.now.bind(performance);

/**
 * Milliseconds since the process's time origin, as `performance.now()` without a fake in the way.
 *
 * @returns the time in milliseconds, with sub-millisecond precision
 */
export function hostNowMs(): number {
  return performanceNow();
}
