/**
 * https://w3c.github.io/mediacapture-main/#input-specific-device-info
 *
 * @module
 */

import type { MediaTrackCapabilities } from '../constraints/dictionaries.js';
import { brandCheck, configureInterface, type INTERNAL } from '../webidl/interface.js';
import { MediaDeviceInfo, type DeviceInfoValues } from './media-device-info.js';
import { cloneStructured } from '../media/structured-clone.js';

/** An input device, with the capabilities a track from it would have. */
export class InputDeviceInfo extends MediaDeviceInfo {
  readonly #capabilities: MediaTrackCapabilities;

  /** Not constructible from script. `capabilities` is empty when the device info is filtered. */
  constructor(token: typeof INTERNAL, values: DeviceInfoValues, capabilities: MediaTrackCapabilities) {
    super(token, values);
    this.#capabilities = cloneStructured(capabilities);
  }

  /** https://w3c.github.io/mediacapture-main/#dom-inputdeviceinfo-getcapabilities */
  getCapabilities(): MediaTrackCapabilities {
    brandCheck(#capabilities in this, 'InputDeviceInfo.getCapabilities');
    return cloneStructured(this.#capabilities);
  }
}
configureInterface(InputDeviceInfo, 'InputDeviceInfo', 0);
