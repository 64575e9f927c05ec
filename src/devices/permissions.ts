/**
 * The permission store: the answer for "camera", "microphone" and "display-capture" in one MediaDevices
 * object, and the stand-in for the user's prompt (https://w3c.github.io/permissions/#dfn-request-permission-to-use).
 *
 * "display-capture" (https://w3c.github.io/mediacapture-screen-share/#permissions-integration) can only be
 * "prompt" or "denied": a grant is never stored. Its answer "granted" means the stand-in user accepts every
 * getDisplayMedia() prompt, so its state reads "prompt" while requests are granted without asking the handler.
 *
 * @module
 */

import type { DevicePermissionName } from './device.js';

/** https://w3c.github.io/permissions/#dom-permissionstate */
export const PERMISSION_STATES = ['granted', 'denied', 'prompt'] as const;
/** `"granted"`, `"denied"` or `"prompt"`. */
export type PermissionState = (typeof PERMISSION_STATES)[number];

/**
 * The permissions of the store: the devices', getDisplayMedia()'s "display-capture" and selectAudioOutput()'s
 * "speaker-selection" (https://w3c.github.io/mediacapture-output/#permissions-integration).
 */
export type PermissionName = DevicePermissionName | 'display-capture' | 'speaker-selection';

/** What a prompt is asked about. */
export interface PermissionRequest {
  /** The permission asked for. */
  readonly name: PermissionName;
  /** Labels of the devices (or display surfaces) the user could choose among. */
  readonly deviceLabels: readonly string[];
}

/**
 * Answers a prompt in place of a user: "granted" or "denied". A handler that returns anything else, or
 * throws, counts as a dismissed prompt ("denied" for this request only).
 */
export type PromptHandler = (request: PermissionRequest) => PermissionState | Promise<PermissionState>;

/** Called after a permission's state changes. */
export type PermissionChangeListener = (name: PermissionName, from: PermissionState, to: PermissionState) => void;

/** The permission states of one MediaDevices object. */
export class PermissionStore {
  /** The answers; for "display-capture", "granted" is the stand-in user's answer, never a stored state. */
  readonly #states = new Map<PermissionName, PermissionState>();
  readonly #listeners = new Set<PermissionChangeListener>();
  #promptHandler: PromptHandler | undefined;

  /** Starts every permission at `initial`. */
  constructor(initial: PermissionState, promptHandler?: PromptHandler) {
    this.#states.set('camera', initial);
    this.#states.set('microphone', initial);
    this.#states.set('display-capture', initial);
    this.#states.set('speaker-selection', initial);
    this.#promptHandler = promptHandler;
  }

  /** https://w3c.github.io/permissions/#dfn-permission-state ("display-capture" is never "granted"). */
  state(name: PermissionName): PermissionState {
    const answer = this.answer(name);
    return name === 'display-capture' && answer === 'granted' ? 'prompt' : answer;
  }

  /** The answer set for a permission: its state, except that "display-capture" may be answered "granted". */
  answer(name: PermissionName): PermissionState {
    return this.#states.get(name) ?? 'prompt';
  }

  /** Changes a permission's answer and tells the listeners, when it differs from the current one. */
  set(name: PermissionName, state: PermissionState): void {
    const from = this.answer(name);
    if (from === state) {
      return;
    }
    this.#states.set(name, state);
    for (const listener of this.#listeners) {
      listener(name, from, state);
    }
  }

  /** Replaces the prompt handler; undefined makes prompts count as dismissed. */
  setPromptHandler(handler: PromptHandler | undefined): void {
    this.#promptHandler = handler;
  }

  /** Registers a listener for state changes; returns a function that removes it. */
  onChange(listener: PermissionChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Request permission to use: "granted" or "denied" now, or the prompt handler's answer. A prompt with no
   * handler is dismissed.
   */
  async request(request: PermissionRequest): Promise<'granted' | 'denied'> {
    const state = this.answer(request.name);
    if (state !== 'prompt') {
      return state;
    }
    // Deviation: with nobody to ask, a prompt without a handler is dismissed instead of stalling forever.
    if (this.#promptHandler === undefined) {
      return 'denied';
    }
    try {
      const answer = await this.#promptHandler(request);
      return answer === 'granted' ? 'granted' : 'denied';
    } catch {
      return 'denied';
    }
  }
}
