import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaDevices, MediaStream, NavigatorUserMediaError, type MediaDevices } from '../../../src/index.js';
import { navigatorGetUserMedia } from '../../../src/api/navigator-get-user-media.js';

/** Calls the legacy getUserMedia and resolves with the argument of whichever callback was called. */
function legacyGetUserMedia(
  md: MediaDevices,
  constraints: unknown,
): Promise<{ success: MediaStream } | { error: NavigatorUserMediaError }> {
  return new Promise((resolve) => {
    navigatorGetUserMedia(
      md,
      3,
      constraints,
      (stream: MediaStream) => resolve({ success: stream }),
      (error: NavigatorUserMediaError) => resolve({ error }),
    );
  });
}

/** The error the legacy getUserMedia gives for `constraints` on `md`. */
async function legacyError(md: MediaDevices, constraints: unknown): Promise<NavigatorUserMediaError> {
  const result = await legacyGetUserMedia(md, constraints);
  assert.ok('error' in result, 'the error callback was not called');
  return result.error;
}

describe('navigator.getUserMedia (legacy)', () => {
  it('calls the success callback with a MediaStream', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    const result = await legacyGetUserMedia(md, { audio: true, video: true });
    assert.ok('success' in result);
    assert.ok(result.success instanceof MediaStream);
    assert.equal(result.success.getTracks().length, 2);
  });

  it('calls back asynchronously, never during the call', () => {
    const md = createMediaDevices({ devices: 'fake' });
    let called = false;
    navigatorGetUserMedia(md, 3, { video: true }, () => (called = true), () => (called = true));
    assert.equal(called, false);
  });

  it('throws a TypeError at once when fewer than three arguments are given', () => {
    const md = createMediaDevices({ devices: 'fake' });
    const noop = (): void => {};
    assert.throws(() => navigatorGetUserMedia(md, 2, { video: true }, noop, undefined), TypeError);
    assert.throws(() => navigatorGetUserMedia(md, 0, undefined, undefined, undefined), TypeError);
  });

  it('throws a TypeError at once when a callback is not callable', () => {
    const md = createMediaDevices({ devices: 'fake' });
    const noop = (): void => {};
    assert.throws(() => navigatorGetUserMedia(md, 3, { video: true }, null, noop), TypeError);
    assert.throws(() => navigatorGetUserMedia(md, 3, { video: true }, noop, {}), TypeError);
    assert.throws(() => navigatorGetUserMedia(md, 3, { video: true }, 'success', noop), TypeError);
  });

  it('reports an exception a callback throws as an uncaught exception, not as an unhandled rejection', () => {
    const index = JSON.stringify(new URL('../../../src/index.js', import.meta.url).href);
    const script = [
      `const { createMediaDevices } = await import(${index});`,
      `const { navigatorGetUserMedia } = await import(${JSON.stringify(new URL('../../../src/api/navigator-get-user-media.js', import.meta.url).href)});`,
      "process.on('unhandledRejection', () => { console.log('unhandled rejection'); process.exit(3); });",
      "process.on('uncaughtException', (error) => { console.log(`uncaught: ${error.message}`); process.exit(0); });",
      "const md = createMediaDevices({ devices: 'fake' });",
      "navigatorGetUserMedia(md, 3, { video: true }, () => { throw new Error('from the success callback'); }, () => {});",
    ].join('\n');
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), 'uncaught: from the success callback');
  });

  it('calls only the success callback on success and only the error callback on failure', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    const calls: string[] = [];
    await new Promise<void>((resolve) => {
      navigatorGetUserMedia(md, 3, { video: true }, () => (calls.push('success'), resolve()), () => (calls.push('error'), resolve()));
    });
    await new Promise<void>((resolve) => {
      navigatorGetUserMedia(md, 3, { video: { width: { exact: 99999 } } }, () => (calls.push('success'), resolve()), () => (calls.push('error'), resolve()));
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(calls, ['success', 'error']);
  });
});

describe('NavigatorUserMediaError', () => {
  it('is a DOMException with the name and message of the rejection and code from the name', async () => {
    const md = createMediaDevices({ devices: 'fake', permission: 'denied' });
    const error = await legacyError(md, { video: true });
    assert.ok(error instanceof NavigatorUserMediaError);
    assert.ok(error instanceof DOMException);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'NotAllowedError');
    assert.equal(error.code, 0);
    assert.equal(typeof error.message, 'string');
    assert.notEqual(error.message, '');
    assert.equal(error.constraintName, '');
    await assert.rejects(md.getUserMedia({ video: true }), { name: 'NotAllowedError', message: error.message });
  });

  it('keeps a legacy code where the name has one (NotFoundError is 8)', async () => {
    const md = createMediaDevices({ devices: 'device-count=0' });
    const error = await legacyError(md, { video: true });
    assert.equal(error.name, 'NotFoundError');
    assert.equal(error.code, 8);
  });

  it('names the failed constraint in constraintName for an OverconstrainedError', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    await md.getUserMedia({ video: true });
    const error = await legacyError(md, { video: { width: { exact: 99999 } } });
    assert.equal(error.name, 'OverconstrainedError');
    assert.equal(error.constraintName, 'width');
    assert.equal(error.code, 0);
  });

  it('reports a TypeError rejection (getUserMedia({})) with the name "TypeError"', async () => {
    const md = createMediaDevices({ devices: 'fake' });
    const error = await legacyError(md, {});
    assert.ok(error instanceof NavigatorUserMediaError);
    assert.equal(error.name, 'TypeError');
    assert.equal(error.constraintName, '');
  });

  it('is tagged "NavigatorUserMediaError" and has an enumerable, read-only constraintName', async () => {
    const md = createMediaDevices({ devices: 'fake', permission: 'denied' });
    const error = await legacyError(md, { audio: true });
    assert.equal(Object.prototype.toString.call(error), '[object NavigatorUserMediaError]');
    const descriptor = Object.getOwnPropertyDescriptor(NavigatorUserMediaError.prototype, 'constraintName');
    assert.equal(descriptor?.enumerable, true);
    assert.equal(typeof descriptor?.get, 'function');
    assert.equal(descriptor?.set, undefined);
    assert.throws(() => {
      (error as unknown as { constraintName: string }).constraintName = 'x';
    }, TypeError);
  });

  it('cannot be constructed from script', () => {
    const Ctor = NavigatorUserMediaError as unknown as new (...args: unknown[]) => unknown;
    assert.throws(() => new Ctor(), { name: 'TypeError', message: 'Illegal constructor' });
    assert.throws(() => new Ctor('message', 'NotAllowedError', ''), { name: 'TypeError', message: 'Illegal constructor' });
  });

  it('throws a TypeError from the constraintName getter on something else', () => {
    const getter = Object.getOwnPropertyDescriptor(NavigatorUserMediaError.prototype, 'constraintName')?.get;
    assert.throws(() => getter?.call(new DOMException('m', 'NotAllowedError')), TypeError);
    assert.throws(() => getter?.call({}), TypeError);
  });

  it('has no members beyond the legacy interface on its interface object', () => {
    assert.deepEqual(Object.keys(NavigatorUserMediaError), []);
    assert.equal('fromRejection' in NavigatorUserMediaError, false);
  });
});
