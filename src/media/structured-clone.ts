/**
 * HTML's structuredClone(), also where the global is missing.
 *
 * Node has a global `structuredClone`, but a test environment may run the package in a context without it:
 * Jest's jsdom environment gives test files jsdom's globals, and jsdom has none. There the clone goes through a
 * MessageChannel of `node:worker_threads`, read back at once with receiveMessageOnPort: the same serialization,
 * transfer list included.
 *
 * @module
 */

import { MessageChannel, receiveMessageOnPort, type TransferListItem } from 'node:worker_threads';

const globalStructuredClone = typeof globalThis.structuredClone === 'function' ? globalThis.structuredClone : undefined;

/**
 * A structured clone of `value`, with the buffers in `options.transfer` moved into it (detached here).
 *
 * Deviation: where the global is missing, the clone's objects come from Node's main realm, not from the context
 * that asked (docs/deviations.md, "structuredClone without the global").
 *
 * @param value - what to clone
 * @param options - the transfer list
 * @returns the clone
 * @throws DOMException (DataCloneError) for a value that cannot be cloned, as structuredClone does
 */
export function cloneStructured<T>(value: T, options?: { transfer?: TransferListItem[] }): T {
  if (globalStructuredClone !== undefined) {
    return globalStructuredClone(value, options as Parameters<typeof structuredClone>[1]);
  }
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(value, options?.transfer ?? []);
    return (receiveMessageOnPort(port2) as { message: T }).message;
  } finally {
    port1.close();
  }
}
