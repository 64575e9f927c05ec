/**
 * The display capture of one MediaDevices object: where its display surfaces come from (the fake screen
 * or the system's), their private ids, and the sources getDisplayMedia() opened on them. Every
 * getDisplayMedia() call opens a new source (a new capture session); its clones share it.
 *
 * @module
 */

import type { Clock } from '../media/clock.js';
import type { DeviceIdentity } from '../sources/capture-model.js';
import { CaptureSource, type SourceEndReason } from '../sources/capture-source.js';
import type { DisplaySurfaceList, DisplaySurfaceProvider, PlatformDisplaySurface } from '../sources/platform/platform-display.js';
import type { DeviceIdDeriver } from './device-ids.js';

const NO_PROVIDER: DisplaySurfaceProvider = {
  name: 'none',
  list: async () => ({ type: 'unsupported', reason: 'this MediaDevices object has no display capture' }),
};

/** Display surfaces and open display sources of one MediaDevices object. */
export class DisplayCapture {
  readonly #ids: DeviceIdDeriver;
  readonly #clock: Clock;
  readonly #sources = new Set<CaptureSource>();
  #provider: DisplaySurfaceProvider = NO_PROVIDER;

  /** Display capture deriving ids with `ids` and timing frames with `clock`; no surfaces until a provider is set. */
  constructor(ids: DeviceIdDeriver, clock: Clock) {
    this.#ids = ids;
    this.#clock = clock;
  }

  /** Sets where display surfaces come from. */
  setProvider(provider: DisplaySurfaceProvider): void {
    this.#provider = provider;
  }

  /** The display surfaces there are now. */
  async surfaces(): Promise<DisplaySurfaceList> {
    return this.#provider.list();
  }

  /**
   * The stable and private id of a surface (https://w3c.github.io/mediacapture-screen-share/#privacy-indicator-requirements),
   * derived like a device's so it never reveals the raw id; it is the deviceId setting of its tracks.
   */
  identity(surface: PlatformDisplaySurface): DeviceIdentity {
    const rawId = `display\u0000${surface.rawId}`;
    return {
      deviceId: this.#ids.deviceId({ kind: 'videoinput', rawId }),
      groupId: this.#ids.groupId({ groupKey: rawId }),
    };
  }

  /** Opens a new source capturing `surface`. */
  open(surface: PlatformDisplaySurface): CaptureSource {
    const source = new CaptureSource(surface.label, surface.capture, this.identity(surface), this.#clock, surface.producer);
    this.#sources.add(source);
    source.onStop(() => this.#sources.delete(source));
    return source;
  }

  /** Ends every open display source (their tracks end). */
  endAll(reason: SourceEndReason): void {
    for (const source of [...this.#sources]) {
      source.end(reason);
    }
  }
}
