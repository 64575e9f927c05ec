import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { createHook } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import { queueTaskInTurn } from '../../../src/media/task-turn.js';
import { MonotonicClock, ON_TIME, VirtualClock } from '../../../src/media/clock.js';

describe('VirtualClock', () => {
  test('starts at 0 by default and at the given start time otherwise', () => {
    assert.equal(new VirtualClock().nowUs(), 0);
    assert.equal(new VirtualClock(5_000).nowUs(), 5_000);
  });

  test('a non-finite start time is a RangeError', () => {
    assert.throws(() => new VirtualClock(Number.NaN), RangeError);
    assert.throws(() => new VirtualClock(Number.POSITIVE_INFINITY), RangeError);
  });

  test('time moves only when advanced, by milliseconds, microseconds or to a time', () => {
    const clock = new VirtualClock();
    assert.equal(clock.nowUs(), 0);
    clock.advanceMs(2);
    assert.equal(clock.nowUs(), 2_000);
    clock.advanceUs(15);
    assert.equal(clock.nowUs(), 2_015);
    clock.advanceTo(10_000);
    assert.equal(clock.nowUs(), 10_000);
  });

  test('a negative or non-finite advance is a RangeError and leaves the clock where it was', () => {
    const clock = new VirtualClock(1_000);
    assert.throws(() => clock.advanceMs(-1), RangeError);
    assert.throws(() => clock.advanceMs(Number.NaN), RangeError);
    assert.throws(() => clock.advanceMs(Number.POSITIVE_INFINITY), RangeError);
    assert.throws(() => clock.advanceUs(-0.5), RangeError);
    assert.throws(() => clock.advanceUs(Number.NaN), RangeError);
    assert.throws(() => clock.advanceTo(999), RangeError);
    assert.throws(() => clock.advanceTo(Number.POSITIVE_INFINITY), RangeError);
    assert.equal(clock.nowUs(), 1_000);
  });

  test('scheduling at NaN or +Infinity is a RangeError', () => {
    const clock = new VirtualClock();
    assert.throws(() => clock.schedule(Number.NaN, () => {}), RangeError);
    assert.throws(() => clock.schedule(Number.POSITIVE_INFINITY, () => {}), RangeError);
    assert.equal(clock.pendingCount, 0);
  });

  test('a task never runs synchronously inside schedule, even when already due', () => {
    const clock = new VirtualClock(100);
    let ran = false;
    clock.schedule(100, () => {
      ran = true;
    });
    clock.schedule(50, () => {
      ran = true;
    });
    assert.equal(ran, false);
    assert.equal(clock.pendingCount, 2);
  });

  test('due tasks run in time order during the advance, each seeing its due time', () => {
    const clock = new VirtualClock();
    const seen: Array<[string, number]> = [];
    clock.schedule(3_000, () => seen.push(['c', clock.nowUs()]));
    clock.schedule(1_000, () => seen.push(['a', clock.nowUs()]));
    clock.schedule(2_000, () => seen.push(['b', clock.nowUs()]));
    clock.schedule(9_000, () => seen.push(['late', clock.nowUs()]));
    clock.advanceMs(5);
    assert.deepEqual(seen, [
      ['a', 1_000],
      ['b', 2_000],
      ['c', 3_000],
    ]);
    assert.equal(clock.nowUs(), 5_000);
    assert.equal(clock.pendingCount, 1);
  });

  test('a task due exactly at the end of the advance runs in that advance', () => {
    const clock = new VirtualClock();
    let ran = false;
    clock.schedule(1_000, () => {
      ran = true;
    });
    clock.advanceUs(999);
    assert.equal(ran, false);
    clock.advanceUs(1);
    assert.equal(ran, true);
  });

  test('tasks due at the same time run in scheduling order', () => {
    const clock = new VirtualClock();
    const order: number[] = [];
    for (let index = 0; index < 20; index++) {
      clock.schedule(500, () => order.push(index));
    }
    clock.advanceMs(1);
    assert.deepEqual(
      order,
      Array.from({ length: 20 }, (_, index) => index),
    );
  });

  test('many tasks scheduled in shuffled order run sorted by time, ties by scheduling order', () => {
    const clock = new VirtualClock();
    const ran: Array<{ atUs: number; sequence: number }> = [];
    // A fixed pseudo-random permutation of due times with many ties.
    let seed = 7;
    for (let sequence = 0; sequence < 500; sequence++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const atUs = seed % 50;
      clock.schedule(atUs, () => ran.push({ atUs, sequence }));
    }
    clock.advanceUs(50);
    assert.equal(ran.length, 500);
    for (let index = 1; index < ran.length; index++) {
      const previous = ran[index - 1]!;
      const current = ran[index]!;
      assert.ok(
        previous.atUs < current.atUs || (previous.atUs === current.atUs && previous.sequence < current.sequence),
        `task ${index} ran out of order`,
      );
    }
  });

  test('a cancelled task never runs and cancelling twice or after it ran does nothing', () => {
    const clock = new VirtualClock();
    const ran: string[] = [];
    const cancelA = clock.schedule(1_000, () => ran.push('a'));
    const cancelB = clock.schedule(2_000, () => ran.push('b'));
    assert.equal(clock.pendingCount, 2);
    cancelA();
    cancelA();
    assert.equal(clock.pendingCount, 1);
    clock.advanceMs(3);
    assert.deepEqual(ran, ['b']);
    assert.equal(clock.pendingCount, 0);
    cancelB();
    assert.equal(clock.pendingCount, 0);
  });

  test('a task can cancel a later task due in the same advance', () => {
    const clock = new VirtualClock();
    const ran: string[] = [];
    let cancelSecond = (): void => {};
    clock.schedule(1_000, () => {
      ran.push('first');
      cancelSecond();
    });
    cancelSecond = clock.schedule(1_000, () => ran.push('second'));
    clock.advanceMs(1);
    assert.deepEqual(ran, ['first']);
    assert.equal(clock.pendingCount, 0);
  });

  test('cancelling thousands of tasks keeps the others in order', () => {
    const clock = new VirtualClock();
    const ran: number[] = [];
    const cancels: Array<() => void> = [];
    for (let index = 0; index < 2_000; index++) {
      cancels.push(clock.schedule(index, () => ran.push(index)));
    }
    cancels.forEach((cancel, index) => {
      if (index % 10 !== 0) {
        cancel();
      }
    });
    assert.equal(clock.pendingCount, 200);
    clock.advanceMs(2);
    assert.deepEqual(
      ran,
      Array.from({ length: 200 }, (_, index) => index * 10),
    );
  });

  test('a task scheduled during an advance for a time within the window runs in that advance', () => {
    const clock = new VirtualClock();
    const seen: Array<[string, number]> = [];
    clock.schedule(1_000, () => {
      seen.push(['outer', clock.nowUs()]);
      clock.schedule(4_000, () => seen.push(['inner', clock.nowUs()]));
      clock.schedule(9_000, () => seen.push(['beyond', clock.nowUs()]));
    });
    clock.schedule(2_000, () => seen.push(['middle', clock.nowUs()]));
    clock.advanceMs(5);
    assert.deepEqual(seen, [
      ['outer', 1_000],
      ['middle', 2_000],
      ['inner', 4_000],
    ]);
    assert.equal(clock.pendingCount, 1);
  });

  test('a task scheduled during an advance for the current time runs after the tasks already due then', () => {
    const clock = new VirtualClock();
    const order: string[] = [];
    clock.schedule(1_000, () => {
      order.push('first');
      clock.schedule(1_000, () => order.push('rescheduled now'));
      clock.schedule(0, () => order.push('rescheduled in the past'));
    });
    clock.schedule(1_000, () => order.push('second'));
    clock.advanceMs(1);
    assert.deepEqual(order, ['first', 'second', 'rescheduled now', 'rescheduled in the past']);
  });

  test('a self-rescheduling task runs once per period within the advance', () => {
    const clock = new VirtualClock();
    const ticks: number[] = [];
    const tick = (): void => {
      ticks.push(clock.nowUs());
      clock.schedule(clock.nowUs() + 50_000, tick);
    };
    clock.schedule(0, tick);
    clock.advanceMs(200);
    assert.deepEqual(ticks, [0, 50_000, 100_000, 150_000, 200_000]);
    assert.equal(clock.pendingCount, 1);
  });

  test('a task scheduled in the past runs at the next advance, even a zero advance, at the current time', () => {
    const clock = new VirtualClock(10_000);
    const seen: number[] = [];
    clock.schedule(2_000, () => seen.push(clock.nowUs()));
    clock.schedule(Number.NEGATIVE_INFINITY, () => seen.push(clock.nowUs()));
    assert.deepEqual(seen, []);
    clock.advanceMs(0);
    assert.deepEqual(seen, [10_000, 10_000]);
    assert.equal(clock.nowUs(), 10_000);
  });

  test('advancing from inside a task is an Error', () => {
    const clock = new VirtualClock();
    let caught: unknown;
    clock.schedule(1_000, () => {
      try {
        clock.advanceMs(1);
      } catch (error) {
        caught = error;
      }
    });
    clock.advanceMs(1);
    assert.ok(caught instanceof Error);
    assert.equal(clock.nowUs(), 1_000);
  });

  test("a task's exception propagates after the clock reached its time, and later tasks stay pending", () => {
    const clock = new VirtualClock();
    const ran: string[] = [];
    clock.schedule(1_000, () => ran.push('before'));
    clock.schedule(2_000, () => {
      throw new Error('boom');
    });
    clock.schedule(3_000, () => ran.push('after'));
    assert.throws(() => clock.advanceMs(5), { message: 'boom' });
    assert.deepEqual(ran, ['before']);
    assert.equal(clock.nowUs(), 2_000);
    assert.equal(clock.pendingCount, 1);
    clock.advanceMs(3);
    assert.deepEqual(ran, ['before', 'after']);
    assert.equal(clock.nowUs(), 5_000);
  });

  test('runAll runs every task, including the ones they schedule, and stops at the last due time', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.schedule(30_000, () => seen.push(clock.nowUs()));
    clock.schedule(10_000, () => {
      seen.push(clock.nowUs());
      clock.schedule(50_000, () => seen.push(clock.nowUs()));
    });
    clock.runAll();
    assert.deepEqual(seen, [10_000, 30_000, 50_000]);
    assert.equal(clock.nowUs(), 50_000);
    assert.equal(clock.pendingCount, 0);
  });

  test('runAll with nothing pending leaves the clock where it is', () => {
    const clock = new VirtualClock(42);
    clock.runAll();
    assert.equal(clock.nowUs(), 42);
  });

  test('runAll throws once more than its limit of tasks would run, catching runaway rescheduling', () => {
    const clock = new VirtualClock();
    let runs = 0;
    const forever = (): void => {
      runs++;
      clock.schedule(clock.nowUs() + 1_000, forever);
    };
    clock.schedule(0, forever);
    assert.throws(() => clock.runAll(100), /still pending after 100 ran/);
    assert.equal(runs, 100);
    assert.equal(clock.pendingCount, 1);
  });

  test('runAll runs exactly its limit of tasks without throwing', () => {
    const clock = new VirtualClock();
    let runs = 0;
    for (let index = 0; index < 5; index++) {
      clock.schedule(index, () => runs++);
    }
    clock.runAll(5);
    assert.equal(runs, 5);
  });

  test('runAll rejects a limit that is not a non-negative integer', () => {
    const clock = new VirtualClock();
    assert.throws(() => clock.runAll(-1), RangeError);
    assert.throws(() => clock.runAll(1.5), RangeError);
  });
});

describe('MonotonicClock', () => {
  test('nowUs is a whole number of microseconds that never decreases', () => {
    const clock = new MonotonicClock();
    let previous = clock.nowUs();
    for (let index = 0; index < 1_000; index++) {
      const current = clock.nowUs();
      assert.ok(Number.isInteger(current));
      assert.ok(current >= previous);
      previous = current;
    }
  });

  test('a scheduled task runs on a later turn, once the clock has reached its time', async () => {
    const clock = new MonotonicClock();
    const atUs = clock.nowUs() + 5_000;
    let ran = false;
    const ranAtUs = await new Promise<number>((resolve) => {
      clock.schedule(atUs, () => {
        ran = true;
        resolve(clock.nowUs());
      });
      assert.equal(ran, false, 'the task ran inside schedule()');
    });
    assert.equal(ran, true);
    assert.ok(ranAtUs >= atUs);
  });

  test('a task scheduled in the past runs, but not synchronously', async () => {
    const clock = new MonotonicClock();
    let ran = false;
    const done = new Promise<void>((resolve) => {
      clock.schedule(clock.nowUs() - 1_000_000, () => {
        ran = true;
        resolve();
      });
    });
    assert.equal(ran, false);
    await done;
    assert.equal(ran, true);
  });

  test('schedule() from outside the clock arms no timer in the caller turn; the task still runs at its time', async () => {
    const clock = new MonotonicClock();
    const atUs = clock.nowUs() + 5_000;
    const created: string[] = [];
    const hook = createHook({ init: (_id, type) => created.push(type) }).enable();
    let ranAtUs: number | undefined;
    const ran = new Promise<void>((resolve) => {
      clock.schedule(atUs, () => {
        ranAtUs = clock.nowUs();
        resolve();
      });
    });
    hook.disable();
    // One run on the next turn looks at the task and arms the timer then.
    assert.deepEqual(
      created.filter((type) => type === 'Timeout' || type === 'Immediate'),
      ['Immediate'],
    );
    await ran;
    assert.ok(ranAtUs !== undefined && ranAtUs >= atUs);
  });

  test('a cancelled task never runs and cancelling twice does nothing', async () => {
    const clock = new MonotonicClock();
    let ran = false;
    const cancel = clock.schedule(clock.nowUs() + 2_000, () => {
      ran = true;
    });
    cancel();
    cancel();
    // A later task proves the cancelled one's time has passed.
    await new Promise<void>((resolve) => {
      clock.schedule(clock.nowUs() + 20_000, resolve);
    });
    assert.equal(ran, false);
  });

  test('scheduling at NaN or +Infinity is a RangeError', () => {
    const clock = new MonotonicClock();
    assert.throws(() => clock.schedule(Number.NaN, () => {}), RangeError);
    assert.throws(() => clock.schedule(Number.POSITIVE_INFINITY, () => {}), RangeError);
  });

  test('tasks due together run in time order, each followed by what it queued in turn and by its microtasks', async () => {
    const clock = new MonotonicClock();
    const nowUs = clock.nowUs();
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      clock.schedule(nowUs + 2_000, () => {
        order.push('b');
        queueTaskInTurn(() => order.push('queued by b'));
      });
      clock.schedule(nowUs + 1_000, () => {
        order.push('a');
        queueTaskInTurn(() => {
          order.push('queued by a');
          void Promise.resolve().then(() => order.push('microtask of what a queued'));
        });
      });
      clock.schedule(nowUs + 2_000, () => {
        order.push('c');
        resolve();
      });
    });
    assert.deepEqual(order, ['a', 'queued by a', 'microtask of what a queued', 'b', 'queued by b', 'c']);
  });

  test('a wake runs every due task in one turn of the event loop', async () => {
    const clock = new MonotonicClock();
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      // Scheduled while a task runs, three tasks already due get their runs together when it ends. (Scheduled
      // from outside for times just ahead, a pause of the process between two calls could make the first one due
      // on its own: this order does not depend on the machine's speed.)
      clock.schedule(clock.nowUs(), () => {
        const nowUs = clock.nowUs();
        clock.schedule(nowUs - 3_000, () => {
          order.push('a');
          // Queued from inside the turn's first task: it runs on the next turn, after the turn's other tasks.
          setImmediate(() => {
            order.push('next turn');
            resolve();
          });
        });
        clock.schedule(nowUs - 2_000, () => order.push('b'));
        clock.schedule(nowUs - 1_000, () => order.push('c'));
      });
    });
    assert.deepEqual(order, ['a', 'b', 'c', 'next turn']);
  });

  test('a task scheduled by a task for a time that has passed runs after it, on a later turn', async () => {
    const clock = new MonotonicClock({ coalesceMs: 0 });
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      clock.schedule(clock.nowUs(), () => {
        clock.schedule(clock.nowUs() - 5_000, () => {
          order.push('inner');
          resolve();
        });
        order.push('outer');
      });
    });
    assert.deepEqual(order, ['outer', 'inner']);
  });

  test('a task already due when scheduled does not wait for the coalescing allowance', { timeout: 30_000 }, async () => {
    // With a minute's allowance, waiting for it would time the test out.
    const clock = new MonotonicClock({ coalesceMs: 60_000 });
    let ran = false;
    await new Promise<void>((resolve) => {
      clock.schedule(clock.nowUs(), () => {
        ran = true;
        resolve();
      });
      assert.equal(ran, false, 'the task ran inside schedule()');
    });
    assert.equal(ran, true);
  });

  test('coalescing never runs a task early', async () => {
    const clock = new MonotonicClock({ coalesceMs: 10 });
    const lateness: number[] = [];
    await new Promise<void>((resolve) => {
      const startUs = clock.nowUs();
      for (let index = 1; index <= 10; index++) {
        const atUs = startUs + index * 3_000;
        clock.schedule(atUs, () => {
          lateness.push(clock.nowUs() - atUs);
          if (lateness.length === 10) {
            resolve();
          }
        });
      }
    });
    assert.ok(lateness.every((us) => us >= 0), `lateness ${lateness.join(', ')} µs`);
  });

  test('the clock wakes for an on-time task, and a task that may wait rides on that wake', async () => {
    // With a 300 ms allowance, a wake for the first task alone would come at about 302 ms and find all three
    // due. The on-time task brings a wake at about 8 ms instead: the first task runs in it, the third (due at
    // 200 ms) in a later one.
    const clock = new MonotonicClock({ coalesceMs: 300 });
    const startUs = clock.nowUs();
    const onTimeAtUs = startUs + 8_000;
    const order: string[] = [];
    let firstRanAtUs = 0;
    await new Promise<void>((resolve) => {
      clock.schedule(startUs + 2_000, () => {
        order.push('may wait');
        firstRanAtUs = clock.nowUs();
        setImmediate(() => order.push("after the on-time task's wake"));
      });
      clock.schedule(onTimeAtUs, () => order.push('on time'), ON_TIME);
      clock.schedule(startUs + 200_000, () => {
        order.push('due later');
        resolve();
      });
    });
    assert.deepEqual(order, ['may wait', 'on time', "after the on-time task's wake", 'due later']);
    assert.ok(firstRanAtUs >= onTimeAtUs, 'the task that may wait ran in the on-time task’s wake, not before');
  });

  test('an on-time task never runs early', async () => {
    const clock = new MonotonicClock();
    const atUs = clock.nowUs() + 5_000;
    const ranAtUs = await new Promise<number>((resolve) => {
      clock.schedule(atUs, () => resolve(clock.nowUs()), { onTime: true });
    });
    assert.ok(ranAtUs >= atUs, `ran ${atUs - ranAtUs} µs early`);
  });

  test('a negative or infinite coalescing allowance is a RangeError', () => {
    assert.throws(() => new MonotonicClock({ coalesceMs: -1 }), RangeError);
    assert.throws(() => new MonotonicClock({ coalesceMs: Number.POSITIVE_INFINITY }), RangeError);
  });

  test('once every task is cancelled, the clock keeps the process alive no longer', () => {
    const script = [
      `const { MonotonicClock } = await import(${JSON.stringify(new URL('../../../src/media/clock.js', import.meta.url).href)});`,
      'const clock = new MonotonicClock();',
      'const cancel = clock.schedule(clock.nowUs() + 600_000_000, () => {});',
      'cancel();',
    ].join('\n');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
    assert.equal(result.signal, null, 'the process had to be killed: a cancelled task kept it alive');
    assert.equal(result.status, 0, String(result.stderr));
  });
});
