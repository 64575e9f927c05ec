/**
 * Clocks that timestamp frames and pace sources: a real one ({@link MonotonicClock}) and a deterministic one for tests
 * ({@link VirtualClock}). Both count microseconds on a monotonic timeline.
 *
 * @module
 */

/** A source of time for frame timestamps and frame pacing. Times are microseconds on a monotonic timeline. */
export interface Clock {
  /** Current time in microseconds. Monotonic, never decreases. */
  nowUs(): number;
  /**
   * Runs `task` once the clock reaches `atUs` (immediately-ish if already past: on a later turn, never
   * synchronously). Returns a function that cancels it (idempotent).
   */
  schedule(atUs: number, task: () => void): () => void;
}

/** Node clamps longer timeouts to 1 ms (with a warning), so long waits are split into steps of at most this. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Rejects times that can never be reached or compared: NaN and +Infinity. -Infinity means "as soon as possible". */
function checkScheduleTime(atUs: number, member: string): void {
  if (Number.isNaN(atUs) || atUs === Number.POSITIVE_INFINITY) {
    throw new RangeError(`${member}: atUs must be a finite number of microseconds, got ${String(atUs)}`);
  }
}

/**
 * Wall-clock monotonic time from `performance.now()`; schedule uses setTimeout (unref'd timers are NOT used: a
 * scheduled task keeps the process alive, like a capture device would).
 *
 * `nowUs()` is a whole number of microseconds since the process's time origin. A task never runs before `nowUs()` has
 * reached its `atUs`: a timer that fires early (Node timers have millisecond granularity) is re-armed.
 */
export class MonotonicClock implements Clock {
  /**
   * Current time in whole microseconds since the process's time origin. Monotonic, never decreases.
   *
   * @returns the current time in microseconds
   */
  nowUs(): number {
    return Math.floor(performance.now() * 1000);
  }

  /**
   * Runs `task` on a later turn of the event loop once {@link MonotonicClock.nowUs} has reached `atUs`.
   *
   * @param atUs - when to run, in microseconds on this clock's timeline; a time in the past runs as soon as possible
   * @param task - the work to run; it runs at most once
   * @returns a function that cancels the task if it has not run yet; calling it again does nothing
   * @throws RangeError if `atUs` is NaN or +Infinity
   */
  schedule(atUs: number, task: () => void): () => void {
    checkScheduleTime(atUs, 'MonotonicClock.schedule');
    let timer: NodeJS.Timeout | undefined;
    let cancelled = false;
    const arm = (): void => {
      const remainingMs = (atUs - this.nowUs()) / 1000;
      // Never 0: the task must not run on the current turn, and a late timer re-checks below anyway.
      const delayMs = Math.min(Math.max(Math.ceil(remainingMs), 1), MAX_TIMEOUT_MS);
      timer = setTimeout(fire, delayMs);
    };
    const fire = (): void => {
      timer = undefined;
      if (cancelled) {
        return;
      }
      if (this.nowUs() < atUs) {
        arm();
        return;
      }
      cancelled = true;
      task();
    };
    arm();
    return () => {
      if (cancelled) {
        return;
      }
      cancelled = true;
      if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
    };
  }
}

/** One scheduled task of a {@link VirtualClock}. */
interface VirtualTask {
  /** When the task runs: the requested time, or the clock's time at scheduling if that was later. */
  readonly dueUs: number;
  /** Scheduling order, which breaks ties between tasks due at the same time. */
  readonly sequence: number;
  readonly run: () => void;
  /** Cancelled or already run: it stays in the heap until popped or compacted, but never runs. */
  settled: boolean;
}

/** Whether `a` runs before `b`: earlier due time first, then earlier scheduling. */
function runsBefore(a: VirtualTask, b: VirtualTask): boolean {
  return a.dueUs < b.dueUs || (a.dueUs === b.dueUs && a.sequence < b.sequence);
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
  /** Binary min-heap ordered by {@link runsBefore}; may hold settled tasks (lazily removed). */
  #heap: VirtualTask[] = [];
  #pendingCount = 0;
  #nextSequence = 0;
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
    const entry: VirtualTask = {
      dueUs: Math.max(atUs, this.#nowUs),
      sequence: this.#nextSequence++,
      run: task,
      settled: false,
    };
    this.#push(entry);
    this.#pendingCount++;
    return () => {
      if (entry.settled) {
        return;
      }
      entry.settled = true;
      this.#pendingCount--;
      this.#compactIfMostlySettled();
    };
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
    return this.#pendingCount;
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
      for (let next = this.#peek(); next !== undefined; next = this.#peek()) {
        if (ran === limit) {
          throw new Error(
            `VirtualClock.runAll: ${this.#pendingCount} tasks still pending after ${limit} ran; ` +
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
      for (let next = this.#peek(); next !== undefined && next.dueUs <= targetUs; next = this.#peek()) {
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

  /** Removes `next` (the heap's top), moves time to its due time and runs it. */
  #runNext(next: VirtualTask): void {
    this.#pop();
    next.settled = true;
    this.#pendingCount--;
    this.#nowUs = next.dueUs;
    next.run();
  }

  /** The next task to run, after dropping settled tasks from the top of the heap. */
  #peek(): VirtualTask | undefined {
    let top = this.#heap[0];
    while (top !== undefined && top.settled) {
      this.#pop();
      top = this.#heap[0];
    }
    return top;
  }

  /** Rebuilds the heap without settled tasks once they outnumber live ones, so cancelling never leaks memory. */
  #compactIfMostlySettled(): void {
    const settledCount = this.#heap.length - this.#pendingCount;
    if (settledCount <= 64 || settledCount <= this.#pendingCount) {
      return;
    }
    const live = this.#heap.filter((entry) => !entry.settled);
    this.#heap = [];
    for (const entry of live) {
      this.#push(entry);
    }
  }

  #push(entry: VirtualTask): void {
    const heap = this.#heap;
    let index = heap.push(entry) - 1;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as VirtualTask;
      if (!runsBefore(entry, parent)) {
        break;
      }
      heap[index] = parent;
      index = parentIndex;
    }
    heap[index] = entry;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) {
      return;
    }
    let index = 0;
    for (;;) {
      const leftIndex = 2 * index + 1;
      if (leftIndex >= heap.length) {
        break;
      }
      const rightIndex = leftIndex + 1;
      const left = heap[leftIndex] as VirtualTask;
      const right = heap[rightIndex];
      const [childIndex, child] =
        right !== undefined && runsBefore(right, left) ? [rightIndex, right] : [leftIndex, left];
      if (!runsBefore(child, last)) {
        break;
      }
      heap[index] = child;
      index = childIndex;
    }
    heap[index] = last;
  }
}
