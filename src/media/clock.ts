/**
 * Clocks that timestamp frames and pace sources: a real one ({@link MonotonicClock}) and a deterministic one for tests
 * ({@link VirtualClock}). Both count microseconds on a monotonic timeline.
 *
 * @module
 */

import { hostClearTimeout, hostNowMs, hostSetImmediate, hostSetTimeout } from './host-timers.js';
import { TaskHeap, type ScheduledTask } from './task-heap.js';
import { runTaskWithFollowers } from './task-turn.js';

/** A source of time for frame timestamps and frame pacing. Times are microseconds on a monotonic timeline. */
export interface Clock {
  /** Current time in microseconds. Monotonic, never decreases. */
  nowUs(): number;
  /**
   * Runs `task` once the clock reaches `atUs` (immediately-ish if already past: on a later turn, never
   * synchronously). Returns a function that cancels it (idempotent).
   */
  schedule(atUs: number, task: () => void, options?: ScheduleOptions): () => void;
}

/** How a task is scheduled. */
export interface ScheduleOptions {
  /**
   * Run the task at its time, without the coalescing allowance a {@link MonotonicClock} gives other tasks: the
   * clock wakes for it, and tasks that may wait run in the same wake. Video frames are scheduled so; audio
   * chunks then ride on their wakes. A {@link VirtualClock} runs every task at its time anyway.
   */
  readonly onTime?: boolean;
}

/** The options of a task that runs on time: a video frame's. */
export const ON_TIME: ScheduleOptions = Object.freeze({ onTime: true });

/** Node clamps longer timeouts to 1 ms (with a warning), so long waits are split into steps of at most this. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Rejects times that can never be reached or compared: NaN and +Infinity. -Infinity means "as soon as possible". */
function checkScheduleTime(atUs: number, member: string): void {
  if (Number.isNaN(atUs) || atUs === Number.POSITIVE_INFINITY) {
    throw new RangeError(`${member}: atUs must be a finite number of microseconds, got ${String(atUs)}`);
  }
}

/** Options of a {@link MonotonicClock}. */
export interface MonotonicClockOptions {
  /**
   * How late, in milliseconds, a task may run so that it shares an event-loop wake with other tasks
   * (default {@link DEFAULT_COALESCE_MS}); tasks scheduled `onTime` (video frames) never wait. Frame
   * timestamps never depend on it: they come from the times tasks are scheduled for. 0 wakes for every task on
   * its own.
   */
  readonly coalesceMs?: number;
}

/**
 * How late a task of the default MonotonicClock may run, unless it is scheduled on time: a little over one
 * frame period at 30 fps (34 ms). Video frames are scheduled on time, so with a camera running the clock wakes
 * at each frame's time and every audio chunk due since rides on that wake: the 100 audio chunks and 30 video
 * frames a second of a camera and microphone take 30 wakes a second instead of 130. On a machine this small, a
 * wake (the process coming back from sleep to cold caches) costs more than the work it does. Against a 20 ms
 * allowance for every task (34 wakes a second, video frames up to 20 ms late), this delivers video frames on
 * time and took a few percent off the CPU of the 720p bench, at up to 34 ms of latency for audio chunks. A
 * microphone alone delivers four chunks per wake.
 */
export const DEFAULT_COALESCE_MS = 34;

/**
 * Wall-clock monotonic time from `performance.now()`, on the event loop's own timers (host-timers.ts: a test's fake
 * timers do not stop it, as they do not stop a browser's camera). Scheduled tasks share one timer (unref'd timers
 * are NOT used: a pending task keeps the process alive, like a capture device would): it is armed for the earliest
 * time by which some task must run (its due time plus the coalescing allowance, or its due time for an on-time task;
 * a task already due when it is scheduled from outside the clock's tasks runs on the next turn instead, and a later
 * one scheduled from outside arms the timer on the next turn). When it fires, every task already due runs, in time
 * order, each in a macrotask of its own (setImmediate, all queued at once, so a wake is one turn of the event loop)
 * followed by the tasks it queued with `queueTaskInTurn` (task-turn.ts) and by a microtask checkpoint; tasks those
 * tasks schedule for a time that has passed run after them, on a later turn, unless the wake queued runs to spare
 * for them.
 *
 * `nowUs()` is a whole number of microseconds since the process's time origin. A task never runs before
 * `nowUs()` has reached its `atUs`, and never synchronously inside `schedule`.
 */
export class MonotonicClock implements Clock {
  readonly #coalesceUs: number;
  readonly #tasks = new TaskHeap();
  #timer: NodeJS.Timeout | undefined;
  /** The time the timer is armed for, in microseconds; +Infinity when it is not armed. */
  #armedForUs = Number.POSITIVE_INFINITY;
  /** Runs of #runDue queued with setImmediate and not yet run (one per task that was due). */
  #queuedRuns = 0;
  /** Tasks run since the timer last fired, and how many the wake before that ran. */
  #wakeTasks = 0;
  #lastWakeTasks = 0;
  /** Whether {@link MonotonicClock.schedule} has queued a turn that arms the timer. */
  #armQueued = false;
  /** Whether a task is running (then what it schedules is looked at when it returns). */
  #running = false;
  /** The clock's last reading by the wake machinery: a task due by then is due (see {@link #isDue}). */
  #readUs = Number.NEGATIVE_INFINITY;

  /**
   * @param options - see {@link MonotonicClockOptions}
   * @throws RangeError if `coalesceMs` is negative or not finite
   */
  constructor(options: MonotonicClockOptions = {}) {
    const coalesceMs = options.coalesceMs ?? DEFAULT_COALESCE_MS;
    if (!Number.isFinite(coalesceMs) || coalesceMs < 0) {
      throw new RangeError(`MonotonicClock: coalesceMs must be finite and >= 0, got ${String(coalesceMs)}`);
    }
    this.#coalesceUs = coalesceMs * 1000;
    // The first reading compiles Node's code for it: here, rather than in getUserMedia().
    void hostNowMs();
  }

  /**
   * Current time in whole microseconds since the process's time origin. Monotonic, never decreases.
   *
   * @returns the current time in microseconds
   */
  nowUs(): number {
    return Math.floor(hostNowMs() * 1000);
  }

  /**
   * Runs `task` on a later turn of the event loop once {@link MonotonicClock.nowUs} has reached `atUs`, at
   * most `coalesceMs` later when no other work is due sooner (at its time, give or take the timer's
   * millisecond, with `onTime`).
   *
   * @param atUs - when to run, in microseconds on this clock's timeline; a time in the past runs as soon as possible
   * @param task - the work to run; it runs at most once
   * @param options - `onTime`: wake for this task at its time rather than let it wait for company
   * @returns a function that cancels the task if it has not run yet; calling it again does nothing
   * @throws RangeError if `atUs` is NaN or +Infinity
   */
  schedule(atUs: number, task: () => void, options?: ScheduleOptions): () => void {
    checkScheduleTime(atUs, 'MonotonicClock.schedule');
    const latestUs = options?.onTime === true ? atUs : atUs + this.#coalesceUs;
    const cancel = this.#tasks.add(atUs, task, latestUs);
    if (this.#queuedRuns === 0 && !this.#running) {
      const nowUs = this.nowUs();
      if (atUs <= nowUs) {
        // Already due (a source's first frame): it runs on the next turn. Coalescing merges future wakes; making
        // this one wait would only add latency.
        this.#queueRuns(1);
      } else if (latestUs < this.#armedForUs && !this.#armQueued) {
        // The timer is armed on the next turn, not in the caller's (a source starting in getUserMedia): Node
        // compiles its timer code on first use, and the caller waits for nothing that the timer does.
        this.#armQueued = true;
        hostSetImmediate(this.#armForTasks);
      }
    }
    return () => {
      cancel();
      if (this.#tasks.pendingCount === 0) {
        this.#disarm();
      }
    };
  }

  /** Makes sure the timer fires by `deadlineUs`; `nowUs` is a reading of the clock taken just before. */
  #arm(deadlineUs: number, nowUs: number): void {
    if (deadlineUs >= this.#armedForUs) {
      return;
    }
    this.#disarm();
    this.#armedForUs = deadlineUs;
    // Node's timers count whole milliseconds from a loop time that may be up to 1 ms old, so they can fire
    // up to 1 ms early: one more millisecond keeps a wake from finding nothing due yet.
    const delayMs = Math.min(Math.max(Math.ceil((deadlineUs - nowUs) / 1000) + 1, 1), MAX_TIMEOUT_MS);
    this.#timer = hostSetTimeout(this.#fire, delayMs);
  }

  /** Arms the timer for the pending tasks, unless runs are queued or a task is running (they arm it when done). */
  readonly #armForTasks = (): void => {
    this.#armQueued = false;
    if (this.#queuedRuns === 0 && !this.#running && this.#tasks.peek() !== undefined) {
      this.#arm(this.#tasks.earliestLatest(), this.nowUs());
    }
  };

  #disarm(): void {
    if (this.#timer !== undefined) {
      hostClearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#armedForUs = Number.POSITIVE_INFINITY;
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#armedForUs = Number.POSITIVE_INFINITY;
    // Runs already queued look at the clock again once they are done.
    if (this.#queuedRuns === 0) {
      this.#continue(true);
    }
  };

  /** Queues `count` runs of #runDue; queued together, they run in the same turn of the event loop. */
  #queueRuns(count: number): void {
    this.#queuedRuns += count;
    for (let run = 0; run < count; run++) {
      hostSetImmediate(this.#runDue);
    }
  }

  /**
   * Runs the earliest task if it is due, then the tasks it queued with queueTaskInTurn (a frame for a reader), in
   * the same macrotask. Node runs microtasks between immediates, so a reader whose promise that settled reads
   * again before the next due task makes the next frame. The last queued run looks at the clock again.
   */
  readonly #runDue = (): void => {
    this.#queuedRuns--;
    const next = this.#tasks.peek();
    if (next === undefined || !this.#isDue(next.dueUs)) {
      if (this.#queuedRuns === 0) {
        this.#continue();
      }
      return;
    }
    this.#tasks.take(next);
    this.#wakeTasks++;
    this.#running = true;
    try {
      runTaskWithFollowers(next.run);
    } finally {
      this.#running = false;
      if (this.#queuedRuns === 0) {
        this.#continue();
      }
    }
  };

  /**
   * After a wake or a turn of runs: a run for every task due now (all in the next turn), or the timer for the next
   * one. A task often schedules its successor for a time that has already passed (a microphone's next chunk,
   * when the wake came late): that one can run in the same turn only if a run is already queued for it, so
   * a wake (`waking`) queues at least as many runs as the last wake ran tasks. A run that finds nothing due
   * costs a callback; a task that finds no run costs another turn of the event loop.
   */
  #continue(waking = false): void {
    const nowUs = this.nowUs();
    this.#readUs = nowUs;
    const due = this.#tasks.countDue(nowUs);
    if (due > 0) {
      this.#queueRuns(waking ? Math.max(due, this.#lastWakeTasks) : due);
      return;
    }
    this.#lastWakeTasks = this.#wakeTasks;
    this.#wakeTasks = 0;
    if (this.#tasks.peek() === undefined) {
      this.#disarm();
    } else {
      this.#arm(this.#tasks.earliestLatest(), nowUs);
    }
  }

  /**
   * Whether the time `atUs` has come. The runs a wake queues are for tasks it found due at its reading of the
   * clock, so they are checked against that reading first, and the clock is read again only for a task due after
   * it: a read of performance.now() costs several calls into Node, and a run comes 100 times a second or more.
   */
  #isDue(atUs: number): boolean {
    if (atUs <= this.#readUs) {
      return true;
    }
    this.#readUs = this.nowUs();
    return atUs <= this.#readUs;
  }
}

/**
 * Deterministic time for tests: time moves only when {@link VirtualClock.advanceMs}, {@link VirtualClock.advanceUs} or
 * {@link VirtualClock.advanceTo} is called.
 *
 * - Due tasks run in time order (ties in scheduling order) during the advance, each seeing `nowUs()` equal to its due
 *   time; tasks scheduled during an advance for a time within the advance window also run in that advance.
 * - A task scheduled at a time in the past is due at the clock's current time (the clock never goes back), so it runs
 *   at the next advance, even `advanceMs(0)`, after the tasks already due at that time.
 * - Nothing runs synchronously inside {@link VirtualClock.schedule}.
 * - An exception thrown by a task propagates out of the advance (or {@link VirtualClock.runAll}) that ran it. The clock
 *   then stays at that task's due time, the tasks after it stay pending, and the next advance carries on from there.
 * - Advancing from inside a task throws an `Error`: nested advances would run tasks out of order.
 */
export class VirtualClock implements Clock {
  #nowUs: number;
  readonly #tasks = new TaskHeap();
  #advancing = false;

  /**
   * Creates a clock that stands still at `startUs` until advanced.
   *
   * @param startUs - the initial time in microseconds (default 0)
   * @throws RangeError if `startUs` is not a finite number
   */
  constructor(startUs = 0) {
    if (!Number.isFinite(startUs)) {
      throw new RangeError(`VirtualClock: startUs must be a finite number, got ${String(startUs)}`);
    }
    this.#nowUs = startUs;
  }

  /**
   * Current virtual time in microseconds. Changes only while advancing.
   *
   * @returns the current time in microseconds
   */
  nowUs(): number {
    return this.#nowUs;
  }

  /**
   * Runs `task` during the advance that reaches `atUs` (a later advance, never synchronously).
   *
   * @param atUs - when to run, in microseconds; a time in the past means the clock's current time
   * @param task - the work to run; it runs at most once
   * @returns a function that cancels the task if it has not run yet; calling it again does nothing
   * @throws RangeError if `atUs` is NaN or +Infinity
   */
  schedule(atUs: number, task: () => void): () => void {
    checkScheduleTime(atUs, 'VirtualClock.schedule');
    return this.#tasks.add(Math.max(atUs, this.#nowUs), task);
  }

  /**
   * Moves time forward by `durationMs` milliseconds, running every task that falls due on the way.
   *
   * @param durationMs - how far to move, in milliseconds (0 runs only the tasks already due)
   * @throws RangeError if `durationMs` is negative or not finite
   * @throws whatever a task throws (see the class notes for the clock's state afterwards)
   */
  advanceMs(durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) {
      throw new RangeError(`VirtualClock.advanceMs: durationMs must be finite and >= 0, got ${String(durationMs)}`);
    }
    this.#advanceTo(this.#nowUs + durationMs * 1000, 'advanceMs');
  }

  /**
   * Moves time forward by `durationUs` microseconds, running every task that falls due on the way.
   *
   * @param durationUs - how far to move, in microseconds (0 runs only the tasks already due)
   * @throws RangeError if `durationUs` is negative or not finite
   * @throws whatever a task throws (see the class notes for the clock's state afterwards)
   */
  advanceUs(durationUs: number): void {
    if (!Number.isFinite(durationUs) || durationUs < 0) {
      throw new RangeError(`VirtualClock.advanceUs: durationUs must be finite and >= 0, got ${String(durationUs)}`);
    }
    this.#advanceTo(this.#nowUs + durationUs, 'advanceUs');
  }

  /**
   * Moves time forward to `timeUs`, running every task that falls due on the way.
   *
   * @param timeUs - the time to reach, in microseconds; the current time runs only the tasks already due
   * @throws RangeError if `timeUs` is earlier than the current time or not finite
   * @throws whatever a task throws (see the class notes for the clock's state afterwards)
   */
  advanceTo(timeUs: number): void {
    if (!Number.isFinite(timeUs) || timeUs < this.#nowUs) {
      throw new RangeError(
        `VirtualClock.advanceTo: timeUs must be finite and >= the current time ${this.#nowUs}, got ${String(timeUs)}`,
      );
    }
    this.#advanceTo(timeUs, 'advanceTo');
  }

  /** The number of tasks scheduled and neither run nor cancelled. */
  get pendingCount(): number {
    return this.#tasks.pendingCount;
  }

  /**
   * Runs every pending task, including the ones they schedule, moving time to each task's due time, until none
   * remain. The clock ends at the last task's due time.
   *
   * @param limit - the most tasks to run; a safeguard against tasks that reschedule themselves forever
   * @throws RangeError if `limit` is not a non-negative integer
   * @throws Error if tasks are still pending after `limit` of them ran (the next one is not run)
   * @throws whatever a task throws (see the class notes for the clock's state afterwards)
   */
  runAll(limit = 10_000): void {
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new RangeError(`VirtualClock.runAll: limit must be a non-negative integer, got ${String(limit)}`);
    }
    this.#enterAdvance('runAll');
    try {
      let ran = 0;
      for (let next = this.#tasks.peek(); next !== undefined; next = this.#tasks.peek()) {
        if (ran === limit) {
          throw new Error(
            `VirtualClock.runAll: ${this.#tasks.pendingCount} tasks still pending after ${limit} ran; ` +
              'a task probably reschedules itself forever',
          );
        }
        this.#runNext(next);
        ran++;
      }
    } finally {
      this.#advancing = false;
    }
  }

  #advanceTo(targetUs: number, member: string): void {
    this.#enterAdvance(member);
    try {
      for (let next = this.#tasks.peek(); next !== undefined && next.dueUs <= targetUs; next = this.#tasks.peek()) {
        this.#runNext(next);
      }
      this.#nowUs = targetUs;
    } finally {
      this.#advancing = false;
    }
  }

  #enterAdvance(member: string): void {
    if (this.#advancing) {
      throw new Error(`VirtualClock.${member}: cannot advance from inside a task that an advance is running`);
    }
    this.#advancing = true;
  }

  /** Removes `next` (the next task), moves time to its due time and runs it. */
  #runNext(next: ScheduledTask): void {
    this.#tasks.take(next);
    this.#nowUs = next.dueUs;
    next.run();
  }
}
