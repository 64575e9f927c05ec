/**
 * `mediacapture devices [--json]`: the devices a page would see after getUserMedia() is allowed, as
 * enumerateDevices() lists them, with each input's capabilities.
 *
 * @module
 */

import { InputDeviceInfo, type MediaDevices } from 'mediacapture';
import { CliError } from './cli-error.js';
import { formatDictionary, formatTable, shortId } from './text-format.js';

/** One device as the command reports it. */
export interface ListedDevice {
  readonly kind: string;
  readonly label: string;
  readonly deviceId: string;
  readonly groupId: string;
  readonly capabilities?: object;
}

/**
 * Throws when there is no camera or microphone at all, suggesting the fake devices. enumerateDevices()
 * answers once the devices are known (system devices may be found asynchronously); before capture it lists
 * one entry per kind that has any device.
 */
export async function requireInputDevices(mediaDevices: MediaDevices, usingFake: boolean): Promise<void> {
  const inputs = (await mediaDevices.enumerateDevices()).filter((d) => d.kind !== 'audiooutput');
  if (inputs.length === 0) {
    throw new CliError(
      usingFake ? 'the fake device set has no camera or microphone' : 'no camera or microphone found on this system; try --fake for the fake devices',
    );
  }
}

/**
 * The devices as a page sees them once capture has been allowed: getUserMedia() for each kind there is
 * (its tracks stopped at once) exposes labels and ids, then enumerateDevices() lists them. A kind whose
 * permission is not granted stays hidden, as in a browser.
 */
export async function listDevices(mediaDevices: MediaDevices): Promise<ListedDevice[]> {
  const kinds = new Set((await mediaDevices.enumerateDevices()).map((d) => d.kind));
  for (const [deviceKind, kind] of [
    ['audioinput', 'audio'],
    ['videoinput', 'video'],
  ] as const) {
    if (!kinds.has(deviceKind)) {
      continue;
    }
    try {
      const stream = await mediaDevices.getUserMedia({ [kind]: true });
      for (const track of stream.getTracks()) {
        track.stop();
      }
    } catch {
      // Not allowed or not readable: enumerateDevices() shows what may be shown.
    }
  }
  return (await mediaDevices.enumerateDevices()).map((info) => ({
    kind: info.kind,
    label: info.label,
    deviceId: info.deviceId,
    groupId: info.groupId,
    ...(info instanceof InputDeviceInfo ? { capabilities: info.getCapabilities() } : {}),
  }));
}

/** The table of {@link listDevices}: one row per device, its capabilities on the line below. */
export function formatDeviceTable(devices: readonly ListedDevice[]): string[] {
  const rows: string[][] = [['KIND', 'LABEL', 'DEVICE ID', 'GROUP ID']];
  for (const device of devices) {
    rows.push([device.kind, device.label === '' ? '(hidden)' : device.label, shortId(device.deviceId), shortId(device.groupId)]);
  }
  const [header, ...lines] = formatTable(rows);
  const output = [header as string];
  devices.forEach((device, index) => {
    output.push(lines[index] as string);
    if (device.capabilities !== undefined && Object.keys(device.capabilities).length > 0) {
      output.push(`    ${formatDictionary(device.capabilities)}`);
    }
  });
  return output;
}
