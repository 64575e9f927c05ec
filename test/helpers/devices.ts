// Shared by the tests of MediaDevices and its algorithms.
import assert from 'node:assert/strict';

import { createMediaDevices, type MediaDevices, type MediaDevicesOptions, type MediaStream } from '../../src/index.js';
import { controlDevices } from '../../src/testing.js';

/** Waits until the tasks queued so far (events of the user agent) have run. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Waits two turns: the tasks queued so far have run, and so have the ones they queued. */
export async function drainTasks(): Promise<void> {
  await nextTask();
  await nextTask();
}

/** A MediaDevices object on the fake devices (or the fake options given), with permission granted. */
export function fake(options: Omit<MediaDevicesOptions, 'devices'> & { devices?: string } = {}): MediaDevices {
  return createMediaDevices({ permission: 'granted', ...options, devices: options.devices ?? 'fake' });
}

/**
 * A MediaDevices object with no devices at all, whatever the machine has: the fake set with every device
 * removed, after the removals' events have been delivered.
 */
export async function withoutDevices(options: Omit<MediaDevicesOptions, 'devices'> = {}): Promise<MediaDevices> {
  const md = fake(options);
  const control = controlDevices(md);
  for (const device of control.devices()) {
    control.removeDevice(device);
  }
  await nextTask();
  return md;
}

/** Stops every track of a stream. */
export function stopAll(stream: MediaStream): void {
  for (const track of stream.getTracks()) {
    track.stop();
  }
}

/** Asserts that `promise` rejects with a DOMException named `name`. */
export async function rejectsNamed(promise: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DOMException, `expected a DOMException, got ${String(error)}`);
    assert.equal(error.name, name);
    return true;
  });
}
