// Shared by the tests of MediaDevices and its algorithms.
import { createMediaDevices, type MediaDevices, type MediaDevicesOptions, type MediaStream } from '../../src/index.js';

/** Waits until the tasks queued so far (events of the user agent) have run. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A MediaDevices object on the fake devices (or the fake options given), with permission granted. */
export function fake(options: Omit<MediaDevicesOptions, 'devices'> & { devices?: string } = {}): MediaDevices {
  return createMediaDevices({ permission: 'granted', ...options, devices: options.devices ?? 'fake' });
}

/** Stops every track of a stream. */
export function stopAll(stream: MediaStream): void {
  for (const track of stream.getTracks()) {
    track.stop();
  }
}
