// cloneStructured: the global structuredClone where there is one, and the same clone through a MessageChannel
// of node:worker_threads where a test environment leaves it out (Jest's jsdom environment).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

import { cloneStructured } from '../../../src/media/structured-clone.js';

/** What `cloneStructured` gives for the same cases in a process whose global structuredClone is gone. */
function withoutTheGlobal(): Record<string, unknown> {
  const module = new URL('../../../src/media/structured-clone.js', import.meta.url).href;
  const script = `
    delete globalThis.structuredClone;
    const { cloneStructured } = await import(${JSON.stringify(module)});
    const source = { a: [1, 2, { b: 'c' }], d: new Map([[1, 2]]), e: new Uint8Array([1, 2, 3]) };
    const copy = cloneStructured(source);
    const buffer = new ArrayBuffer(8);
    new Uint8Array(buffer)[0] = 7;
    const moved = cloneStructured(buffer, { transfer: [buffer] });
    let error;
    try { cloneStructured({ f() {} }); } catch (e) { error = e; }
    console.log(JSON.stringify({
      global: typeof globalThis.structuredClone,
      deep: copy !== source && copy.a[2] !== source.a[2] && copy.a[2].b === 'c' && copy.d.get(1) === 2 && copy.e[2] === 3,
      detached: buffer.byteLength,
      movedByte: new Uint8Array(moved)[0],
      errorName: error && error.name,
    }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 })) as Record<string, unknown>;
}

test('with the global: a deep copy, and a transferred buffer is detached', () => {
  const source = { a: [1, { b: 'c' }] };
  const copy = cloneStructured(source);
  assert.deepEqual(copy, source);
  assert.notEqual(copy.a[1], source.a[1]);
  const buffer = new ArrayBuffer(4);
  const moved = cloneStructured(buffer, { transfer: [buffer] });
  assert.equal(buffer.byteLength, 0);
  assert.equal(moved.byteLength, 4);
});

test('without the global: the same deep copy, transfer and DataCloneError, through node:worker_threads', () => {
  assert.deepEqual(withoutTheGlobal(), { global: 'undefined', deep: true, detached: 0, movedByte: 7, errorName: 'DataCloneError' });
});
