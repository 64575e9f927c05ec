/**
 * Tasks that follow a clock task in its turn of the event loop. A source's frame reaches its sinks inside a clock
 * task (see {@link MonotonicClock}); a sink that must hand the frame on in a task of its own (a
 * MediaStreamTrackProcessor's maybeReadFrame) queues it with {@link queueTaskInTurn}, and it runs as soon as the clock
 * task returns, in the same macrotask, instead of one turn of the event loop later. The clock can then run every
 * task due at a wake in one turn, each followed by what it queued and by a microtask checkpoint, so that a reader
 * waiting on a promise reads again before the next frame comes: a wake costs one turn of the event loop instead of
 * one per frame.
 *
 * Outside a clock task, {@link queueTaskInTurn} queues with setImmediate.
 *
 * @module
 */

import { hostSetImmediate } from './host-timers.js';

/** The tasks queued by the clock task that is running, or undefined outside one. */
let followers: (() => void)[] | undefined;

/** Queues `task` to run right after the running clock task, or on a later turn (setImmediate) outside one. */
export function queueTaskInTurn(task: () => void): void {
  if (followers === undefined) {
    hostSetImmediate(task);
  } else {
    followers.push(task);
  }
}

/**
 * Runs `task`, then the tasks it queued with {@link queueTaskInTurn}, in queue order. What those queue in turn goes
 * to setImmediate. If `task` throws, what it queued still runs and its error propagates; if a queued task throws,
 * the ones after it run on later turns and its error propagates (it replaces the task's own, when both throw).
 */
export function runTaskWithFollowers(task: () => void): void {
  const outer = followers;
  const queued: (() => void)[] = [];
  followers = queued;
  try {
    task();
  } finally {
    followers = outer;
    runAll(queued);
  }
}

/** Runs `tasks` in order; if one throws, the rest are queued with setImmediate and the error propagates. */
function runAll(tasks: readonly (() => void)[]): void {
  for (let index = 0; index < tasks.length; index++) {
    try {
      (tasks[index] as () => void)();
    } catch (error) {
      for (const rest of tasks.slice(index + 1)) {
        hostSetImmediate(rest);
      }
      throw error;
    }
  }
}
