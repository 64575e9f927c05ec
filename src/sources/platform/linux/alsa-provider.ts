/**
 * Microphones and outputs straight from ALSA, for machines where no sound server answers: listed with
 * `arecord -l` / `aplay -l`, captured with `arecord` through the plughw plug layer, watched with inotify
 * on /dev/snd. Without alsa-utils installed it lists nothing.
 *
 * @module
 */

import { readFileSync, watch as watchPath, type FSWatcher } from 'node:fs';
import { MICROPHONE_START_WAIT_MS, type PlatformDevice, type PlatformProvider } from '../platform-device.js';
import {
  alsaCaptureModel,
  alsaCaptureStatusPath,
  alsaGroupKey,
  alsaLabel,
  alsaSubstreamBusy,
  ALSA_CAPTURE_FORMAT,
  arecordArgs,
  parseAlsaPcmList,
  type AlsaPcm,
} from './alsa-listing.js';
import { runCommand } from './guarded-spawn.js';
import { rawPcmProducer } from '../raw-pcm-producer.js';

/** The directory whose entries appear and vanish with sound cards. */
const SOUND_DEVICE_DIRECTORY = '/dev/snd';

/**
 * The devices of `arecord -l` (microphones) and `aplay -l` (outputs); the first of each is the default.
 * Microphones are captured with `arecord` (the command given).
 */
export function alsaDevices(capture: readonly AlsaPcm[], playback: readonly AlsaPcm[], arecord = 'arecord'): PlatformDevice[] {
  const devices: PlatformDevice[] = capture.map((pcm, index) => ({
    rawId: `hw:CARD=${pcm.cardId},DEV=${pcm.device}`,
    kind: 'audioinput',
    label: alsaLabel(pcm),
    groupKey: alsaGroupKey(pcm),
    isDefault: index === 0,
    capture: alsaCaptureModel(),
    startWaitMs: MICROPHONE_START_WAIT_MS,
    producer: rawPcmProducer({ device: alsaLabel(pcm), program: 'arecord', format: ALSA_CAPTURE_FORMAT, command: { command: arecord, args: arecordArgs(pcm) } }),
    unavailable: () => captureBusy(pcm),
  }));
  playback.forEach((pcm, index) => {
    devices.push({
      rawId: `hw:CARD=${pcm.cardId},DEV=${pcm.device}`,
      kind: 'audiooutput',
      label: alsaLabel(pcm),
      groupKey: alsaGroupKey(pcm),
      isDefault: index === 0,
    });
  });
  return devices;
}

/** Why a PCM's capture substream cannot be opened now, from /proc/asound; undefined when it is free or unknown. */
function captureBusy(pcm: AlsaPcm): string | undefined {
  try {
    return alsaSubstreamBusy(readFileSync(alsaCaptureStatusPath(pcm), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Lists ALSA's hardware devices. */
export class AlsaProvider implements PlatformProvider {
  readonly name = 'alsa';
  readonly #commands: { readonly arecord: string; readonly aplay: string };
  #problem: string | undefined;

  /** A provider running `arecord` and `aplay` (default: from PATH). */
  constructor(commands: { readonly arecord?: string; readonly aplay?: string } = {}) {
    this.#commands = { arecord: commands.arecord ?? 'arecord', aplay: commands.aplay ?? 'aplay' };
  }

  /** Why the last listing found nothing, or undefined. */
  problem(): string | undefined {
    return this.#problem;
  }

  /** The cards' capture and playback devices; empty without alsa-utils. */
  async list(): Promise<PlatformDevice[]> {
    const [capture, playback] = await Promise.all([runCommand(this.#commands.arecord, ['-l']), runCommand(this.#commands.aplay, ['-l'])]);
    if (capture.type === 'missing') {
      this.#problem = 'arecord (alsa-utils) is not installed';
      return [];
    }
    // Without sound cards arecord -l exits with an error ("no soundcards found").
    this.#problem = capture.code === 0 ? undefined : capture.stderr.trim().split('\n').pop();
    const captureList = capture.code === 0 ? parseAlsaPcmList(capture.stdout) : [];
    const playbackList = playback.type === 'exited' && playback.code === 0 ? parseAlsaPcmList(playback.stdout) : [];
    return alsaDevices(captureList, playbackList, this.#commands.arecord);
  }

  /** Watches /dev/snd (inotify, unref'd) for cards plugged in or out. */
  watch(changed: () => void): () => void {
    let watcher: FSWatcher | undefined;
    try {
      watcher = watchPath(SOUND_DEVICE_DIRECTORY, { persistent: false }, () => changed());
      watcher.on('error', () => watcher?.close());
    } catch {
      // No /dev/snd: no cards to watch.
    }
    return () => watcher?.close();
  }
}
