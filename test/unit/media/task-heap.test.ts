import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { TaskHeap } from '../../../src/media/task-heap.js';

/** Takes every pending task in order, returning the names their `run` functions carry. */
function drain(heap: TaskHeap): string[] {
  const order: string[] = [];
  for (let next = heap.peek(); next !== undefined; next = heap.peek()) {
    heap.take(next);
    order.push(next.run.name);
  }
  return order;
}

/** A task function whose name says which task it is. */
function named(name: string): () => void {
  return { [name]: () => {} }[name] as () => void;
}

describe('TaskHeap', () => {
  test('hands tasks out by due time, then in the order they were added', () => {
    const heap = new TaskHeap();
    const times = [50, 10, 30, 10, 70, 20, 30, 0, 60, 40, 10];
    times.forEach((dueUs, index) => heap.add(dueUs, named(`t${index}`)));
    const expected = times
      .map((dueUs, index) => ({ dueUs, index }))
      .sort((a, b) => a.dueUs - b.dueUs || a.index - b.index)
      .map(({ index }) => `t${index}`);
    assert.deepEqual(drain(heap), expected);
    assert.equal(heap.pendingCount, 0);
  });

  test('countDue counts the pending tasks due by a time, wherever they sit in the heap', () => {
    const heap = new TaskHeap();
    for (const dueUs of [5, 100, 15, 200, 25, 300, 35, 10]) {
      heap.add(dueUs, named(`at${dueUs}`));
    }
    assert.equal(heap.countDue(0), 0);
    assert.equal(heap.countDue(5), 1);
    assert.equal(heap.countDue(30), 4);
    assert.equal(heap.countDue(99), 5);
    assert.equal(heap.countDue(1_000), 8);
  });

  test('cancelled and taken tasks are not counted, not handed out, and cancelling twice is harmless', () => {
    const heap = new TaskHeap();
    const cancelFirst = heap.add(10, named('first'));
    heap.add(20, named('second'));
    const cancelThird = heap.add(30, named('third'));
    cancelFirst();
    cancelFirst();
    assert.equal(heap.pendingCount, 2);
    assert.equal(heap.countDue(100), 2);
    const next = heap.peek();
    assert.equal(next?.run.name, 'second');
    heap.take(next as NonNullable<typeof next>);
    assert.equal(heap.countDue(100), 1);
    cancelThird();
    assert.equal(heap.countDue(100), 0);
    assert.equal(heap.peek(), undefined);
    assert.equal(heap.pendingCount, 0);
  });

  test('earliestLatest is the earliest deadline of the pending tasks, not of the earliest due one', () => {
    const heap = new TaskHeap();
    assert.equal(heap.earliestLatest(), Number.POSITIVE_INFINITY);
    heap.add(10, named('lenient'), 40_000);
    const cancelStrict = heap.add(20, named('strict'), 20);
    assert.equal(heap.earliestLatest(), 20);
    cancelStrict();
    assert.equal(heap.earliestLatest(), 40_000);
  });

  test('many cancellations compact the heap without changing what is pending or its order', () => {
    const heap = new TaskHeap();
    const cancels: (() => void)[] = [];
    for (let index = 0; index < 300; index++) {
      cancels.push(heap.add(300 - index, named(`n${index}`)));
    }
    // Cancel all but every tenth task: far more settled entries than live ones.
    cancels.forEach((cancel, index) => {
      if (index % 10 !== 0) {
        cancel();
      }
    });
    assert.equal(heap.pendingCount, 30);
    assert.equal(heap.countDue(300), 30);
    const expected = Array.from({ length: 30 }, (_, k) => `n${290 - 10 * k}`);
    assert.deepEqual(drain(heap), expected);
  });
});
