import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { queueTaskInTurn, runTaskWithFollowers } from '../../../src/media/task-turn.js';

/** Resolves on a later turn of the event loop. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('queueTaskInTurn and runTaskWithFollowers', () => {
  test('outside a clock task, a queued task runs on a later turn, not synchronously', async () => {
    const order: string[] = [];
    queueTaskInTurn(() => order.push('queued'));
    order.push('after queueing');
    assert.deepEqual(order, ['after queueing']);
    await nextTurn();
    assert.deepEqual(order, ['after queueing', 'queued']);
  });

  test('tasks queued by a task run right after it, in queue order, before runTaskWithFollowers returns', () => {
    const order: string[] = [];
    runTaskWithFollowers(() => {
      queueTaskInTurn(() => order.push('first'));
      queueTaskInTurn(() => order.push('second'));
      order.push('task');
    });
    assert.deepEqual(order, ['task', 'first', 'second']);
  });

  test('what a follower queues runs on a later turn', async () => {
    const order: string[] = [];
    runTaskWithFollowers(() => {
      queueTaskInTurn(() => {
        order.push('follower');
        queueTaskInTurn(() => order.push('queued by the follower'));
      });
    });
    assert.deepEqual(order, ['follower']);
    await nextTurn();
    assert.deepEqual(order, ['follower', 'queued by the follower']);
  });

  test('a task that throws still has its followers run, and the error propagates', () => {
    const order: string[] = [];
    assert.throws(
      () =>
        runTaskWithFollowers(() => {
          queueTaskInTurn(() => order.push('follower'));
          throw new Error('task failed');
        }),
      /task failed/,
    );
    assert.deepEqual(order, ['follower']);
  });

  test('a follower that throws: the error propagates and the followers after it run on a later turn', async () => {
    const order: string[] = [];
    assert.throws(
      () =>
        runTaskWithFollowers(() => {
          queueTaskInTurn(() => {
            throw new Error('follower failed');
          });
          queueTaskInTurn(() => order.push('after the failure'));
        }),
      /follower failed/,
    );
    assert.deepEqual(order, []);
    await nextTurn();
    assert.deepEqual(order, ['after the failure']);
  });

  test('after a task, queueing is back to later turns', async () => {
    runTaskWithFollowers(() => {});
    const order: string[] = [];
    queueTaskInTurn(() => order.push('queued'));
    assert.deepEqual(order, []);
    await nextTurn();
    assert.deepEqual(order, ['queued']);
  });
});
