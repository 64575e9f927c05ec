/**
 * Couples the fake camera and the fake microphones of one MediaDevices object, as Chromium's fake
 * devices are coupled: while a fake camera runs, it triggers the microphones' beep every
 * BEEP.periodMs of its own elapsed time, so the beep and the frame counter line up for A/V sync tests;
 * without a camera, microphones beep on their own every BEEP.periodMs.
 *
 * @module
 */

/** Something that beeps when told to. */
export interface BeepListener {
  /** Starts a beep at `timeUs` on the shared clock. */
  beepAt(timeUs: number): void;
}

/** The beep coupling of one device session. */
export class BeepBus {
  readonly #listeners = new Set<BeepListener>();
  /** Running cameras in start order; only the first one triggers beeps, so several cameras do not. */
  readonly #cameras: object[] = [];

  /** Whether a fake camera is running, so microphones wait for its triggers instead of beeping alone. */
  get cameraRunning(): boolean {
    return this.#cameras.length > 0;
  }

  /** A camera started running; the token identifies it in {@link trigger} and {@link cameraStopped}. */
  cameraStarted(): object {
    const token = {};
    this.#cameras.push(token);
    return token;
  }

  /** A camera stopped running. */
  cameraStopped(token: object): void {
    const index = this.#cameras.indexOf(token);
    if (index !== -1) {
      this.#cameras.splice(index, 1);
    }
  }

  /** A microphone starts listening for triggers; returns a function that stops it. */
  listen(listener: BeepListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A camera asks every microphone to beep at `timeUs`; ignored unless it is the first running camera. */
  trigger(token: object, timeUs: number): void {
    if (this.#cameras[0] !== token) {
      return;
    }
    for (const listener of this.#listeners) {
      listener.beepAt(timeUs);
    }
  }
}
