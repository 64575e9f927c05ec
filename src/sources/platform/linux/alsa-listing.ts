/**
 * Pure parsing of `arecord -l` and `aplay -l` (alsa-utils): the hardware capture and playback devices of
 * the ALSA sound cards, for machines where no sound server answers. No I/O here: alsa-provider.ts runs
 * the commands.
 *
 * @module
 */

import type { AudioCaptureModel } from '../../capture-model.js';
import { unprocessedMicrophoneModel } from '../unprocessed-microphone.js';

/**
 * The format ALSA devices are opened at through the `plughw` plug layer, which converts from whatever
 * the hardware runs at: 48 kHz (as Chromium's ALSA input opens devices), two channels.
 */
export const ALSA_CAPTURE_FORMAT = { sampleRate: 48_000, channels: 2 } as const;

/** The period arecord is asked for, in microseconds (one 10 ms chunk), and its buffer (four periods). */
export const ARECORD_PERIOD_US = 10_000;

/** One hardware PCM device of a card. */
export interface AlsaPcm {
  readonly card: number;
  /** The card's id ("PCH", "Webcam"): stable when cards are numbered in another order. */
  readonly cardId: string;
  readonly cardName: string;
  readonly device: number;
  readonly deviceName: string;
}

const PCM_LINE = /^card (\d+): (\S+) \[(.*)\], device (\d+): (.*?) \[(.*)\]\s*$/;

/** Parses the output of `arecord -l` or `aplay -l` into its PCM devices, in order. */
export function parseAlsaPcmList(text: string): AlsaPcm[] {
  const devices: AlsaPcm[] = [];
  for (const line of text.split('\n')) {
    const match = PCM_LINE.exec(line);
    if (match !== null) {
      devices.push({
        card: Number(match[1]),
        cardId: match[2] as string,
        cardName: match[3] as string,
        device: Number(match[4]),
        deviceName: match[6] !== '' ? (match[6] as string) : (match[5] as string),
      });
    }
  }
  return devices;
}

/** The ALSA device name of a PCM (by card id, so it survives renumbering), for `-D`. */
export function alsaDeviceName(pcm: AlsaPcm, plug: boolean): string {
  return `${plug ? 'plughw' : 'hw'}:CARD=${pcm.cardId},DEV=${pcm.device}`;
}

/** What a label says: "card name: device name". */
export function alsaLabel(pcm: AlsaPcm): string {
  return `${pcm.cardName}: ${pcm.deviceName}`;
}

/** The group key of a PCM: its card. */
export function alsaGroupKey(pcm: AlsaPcm): string {
  return `alsa:card=${pcm.cardId}`;
}

/**
 * The capture model of an ALSA device opened through plughw. Deviation: echoCancellation,
 * autoGainControl and noiseSuppression are `[false]`: nothing processes the audio.
 */
export function alsaCaptureModel(): AudioCaptureModel {
  return unprocessedMicrophoneModel({
    sampleRate: ALSA_CAPTURE_FORMAT.sampleRate,
    channels: ALSA_CAPTURE_FORMAT.channels,
    sampleSize: 32,
    latency: (4 * ARECORD_PERIOD_US) / 1e6,
  });
}

/**
 * Reads the status file of a PCM's capture substream (`/proc/asound/cardC/pcmDc/sub0/status`): undefined
 * when it is closed (free), else why it cannot be opened (ALSA hardware devices are exclusive).
 */
export function alsaSubstreamBusy(status: string): string | undefined {
  if (status.trim() === 'closed' || status.trim() === '') {
    return undefined;
  }
  const owner = /^owner_pid\s*:\s*(\d+)/m.exec(status);
  return owner === null ? 'another program is using the device' : `another program (process ${owner[1]}) is using the device`;
}

/** The status file of a PCM's first capture substream. */
export function alsaCaptureStatusPath(pcm: AlsaPcm): string {
  return `/proc/asound/card${pcm.card}/pcm${pcm.device}c/sub0/status`;
}

/** The arguments of arecord capturing `pcm` as raw f32le at {@link ALSA_CAPTURE_FORMAT}. */
export function arecordArgs(pcm: AlsaPcm): string[] {
  return [
    '-q',
    `--device=${alsaDeviceName(pcm, true)}`,
    '--file-type=raw',
    '--format=FLOAT_LE',
    `--rate=${ALSA_CAPTURE_FORMAT.sampleRate}`,
    `--channels=${ALSA_CAPTURE_FORMAT.channels}`,
    `--period-time=${ARECORD_PERIOD_US}`,
    `--buffer-time=${4 * ARECORD_PERIOD_US}`,
  ];
}
