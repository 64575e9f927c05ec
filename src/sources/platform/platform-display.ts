/**
 * What a display-capture provider (X11 here; later Wayland portals, macOS, Windows) reports: the display
 * surfaces getDisplayMedia() can capture, each with its capture model and the producer that captures it.
 * Display surfaces are never devices: enumerateDevices() does not list them
 * (https://w3c.github.io/mediacapture-screen-share/#device-identifiers).
 *
 * @module
 */

import type { VideoCaptureModel } from '../capture-model.js';
import type { ProducerFactory } from '../capture-source.js';
import type { DisplaySurfaceModel } from '../display-capture-model.js';

/** One display surface a provider can capture. */
export interface PlatformDisplaySurface {
  /** Stable while the surface exists (an X11 monitor's name and geometry, …); never exposed. */
  readonly rawId: string;
  /** The label of tracks capturing it. */
  readonly label: string;
  /** Whether the system names it its primary surface (the primary monitor). */
  readonly isPrimary: boolean;
  /** Its size and frame rate (one mode), type and cursor modes. */
  readonly capture: VideoCaptureModel & { readonly display: DisplaySurfaceModel };
  /** Captures it. */
  readonly producer: ProducerFactory;
}

/**
 * The display surfaces there are now. `unsupported` says why this platform or session cannot capture
 * its display at all (getDisplayMedia() rejects with NotSupportedError); an empty `surfaces` with a
 * `reason` means the capture system works but has nothing to offer (NotFoundError).
 */
export type DisplaySurfaceList =
  | { readonly type: 'surfaces'; readonly surfaces: readonly PlatformDisplaySurface[]; readonly reason?: string }
  | { readonly type: 'unsupported'; readonly reason: string };

/** One display-capture system. */
export interface DisplaySurfaceProvider {
  /** A short name for errors and docs ("x11", "fake"). */
  readonly name: string;
  /** Lists the surfaces now (a system query may run); never rejects. */
  list(): Promise<DisplaySurfaceList>;
}
