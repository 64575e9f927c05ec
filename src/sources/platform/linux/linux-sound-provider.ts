/**
 * The sound devices of a Linux machine: PulseAudio's (PipeWire's) when a server answers, otherwise
 * ALSA's hardware devices directly (as Chromium falls back to ALSA).
 *
 * @module
 */

import type { PlatformDevice, PlatformProvider } from '../platform-device.js';
import { AlsaProvider } from './alsa-provider.js';
import { PulseAudioProvider, type PulseAudioOptions } from './pulse-provider.js';

/** PulseAudio, or ALSA where no sound server answers. */
export class LinuxSoundProvider implements PlatformProvider {
  readonly #pulse: PulseAudioProvider;
  readonly #alsa: AlsaProvider;
  #usingAlsa = false;

  /** The two systems, with their commands (and PulseAudio's environment) when not the defaults. */
  constructor(pulse: PulseAudioOptions = {}, alsa: { readonly arecord?: string; readonly aplay?: string } = {}) {
    this.#pulse = new PulseAudioProvider(pulse);
    this.#alsa = new AlsaProvider(alsa);
  }

  /** "pulseaudio", or "alsa" once the last listing fell back to it. */
  get name(): string {
    return this.#usingAlsa ? 'alsa' : 'pulseaudio';
  }

  /** Why the last listing found no sound system, or undefined. */
  problem(): string | undefined {
    const pulse = this.#pulse.problem();
    if (pulse === undefined) {
      return undefined;
    }
    const alsa = this.#alsa.problem();
    return alsa === undefined ? pulse : `${pulse}; ${alsa}`;
  }

  /** PulseAudio's devices, or ALSA's when no PulseAudio server answers. */
  async list(): Promise<readonly PlatformDevice[]> {
    const devices = await this.#pulse.list();
    this.#usingAlsa = this.#pulse.problem() !== undefined;
    return this.#usingAlsa ? this.#alsa.list() : devices;
  }

  /** Watches the system the last listing used. */
  watch(changed: () => void): () => void {
    return this.#usingAlsa ? this.#alsa.watch(changed) : this.#pulse.watch(changed);
  }
}

/** The sound provider of a Linux machine. */
export function linuxSoundProvider(): PlatformProvider {
  return new LinuxSoundProvider();
}
