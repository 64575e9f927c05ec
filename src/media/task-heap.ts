/**
 * The pending tasks of a clock, earliest first: a binary min-heap ordered by due time, then by scheduling
 * order. Cancelled tasks stay in the heap until they reach the top or the heap is compacted, so cancelling
 * is O(1) and never leaks memory.
 *
 * @module
 */

/** One scheduled task. */
export interface ScheduledTask {
  /** When the task may run, in microseconds. */
  readonly dueUs: number;
  /** Scheduling order, which breaks ties between tasks due at the same time. */
  readonly sequence: number;
  /** The latest time the task should run by (its due time plus whatever lateness it allows). */
  readonly latestUs: number;
  readonly run: () => void;
  /** Cancelled or already run: it never runs (again). */
  settled: boolean;
}

/** Whether `a` runs before `b`: earlier due time first, then earlier scheduling. */
function runsBefore(a: ScheduledTask, b: ScheduledTask): boolean {
  return a.dueUs < b.dueUs || (a.dueUs === b.dueUs && a.sequence < b.sequence);
}

/** Pending tasks in the order they run. */
export class TaskHeap {
  #heap: ScheduledTask[] = [];
  #pendingCount = 0;
  #nextSequence = 0;

  /** The number of tasks neither run nor cancelled. */
  get pendingCount(): number {
    return this.#pendingCount;
  }

  /**
   * Adds a task due at `dueUs` that should run by `latestUs` (default: at its time); returns a function that
   * cancels it (idempotent).
   */
  add(dueUs: number, run: () => void, latestUs = dueUs): () => void {
    const task: ScheduledTask = { dueUs, sequence: this.#nextSequence++, latestUs, run, settled: false };
    this.#push(task);
    this.#pendingCount++;
    return () => {
      if (task.settled) {
        return;
      }
      task.settled = true;
      this.#pendingCount--;
      this.#compactIfMostlySettled();
    };
  }

  /** The next task to run, if any (cancelled tasks are dropped from the top on the way). */
  peek(): ScheduledTask | undefined {
    let top = this.#heap[0];
    while (top !== undefined && top.settled) {
      this.#pop();
      top = this.#heap[0];
    }
    return top;
  }

  /**
   * How many pending tasks are due by `nowUs`. A scan of the whole heap: a clock's heap holds a task or two per
   * running source, and the scan is called at every wake, where it runs before V8 has optimized it (a wake comes
   * 30 times a second), so the fewest bytecodes win over a walk that skips the entries due later.
   */
  countDue(nowUs: number): number {
    const heap = this.#heap;
    let count = 0;
    for (let index = 0; index < heap.length; index++) {
      const entry = heap[index] as ScheduledTask;
      if (entry.dueUs <= nowUs && !entry.settled) {
        count++;
      }
    }
    return count;
  }

  /** The earliest time some pending task should run by (+Infinity with none pending). */
  earliestLatest(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.#heap) {
      if (!entry.settled && entry.latestUs < earliest) {
        earliest = entry.latestUs;
      }
    }
    return earliest;
  }

  /** Removes the next task (the one `peek()` returned) and marks it settled, before it runs. */
  take(task: ScheduledTask): void {
    this.#pop();
    task.settled = true;
    this.#pendingCount--;
  }

  /** Rebuilds the heap without settled tasks once they outnumber live ones. */
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

  #push(entry: ScheduledTask): void {
    const heap = this.#heap;
    let index = heap.push(entry) - 1;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = heap[parentIndex] as ScheduledTask;
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
      const left = heap[leftIndex] as ScheduledTask;
      const right = heap[rightIndex];
      const childIndex = right !== undefined && runsBefore(right, left) ? rightIndex : leftIndex;
      const child = heap[childIndex] as ScheduledTask;
      if (!runsBefore(child, last)) {
        break;
      }
      heap[index] = child;
      index = childIndex;
    }
    heap[index] = last;
  }
}
