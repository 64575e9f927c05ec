/**
 * Microphones on Windows through ffmpeg's DirectShow input: the audio devices of `-list_devices true`,
 * captured with `ffmpeg -f dshow -audio_buffer_size 20 -i audio=<moniker>` as f32le at 48 kHz stereo
 * (see ffmpeg-microphone.ts for why that format).
 *
 * Untested on real hardware (this project's CI runs Linux). ffmpeg does not say which microphone is the
 * system's default, so the first one listed is taken as the default (DirectShow enumerates the preferred
 * wave input first). There is no hot-plug watch: a microphone plugged in later appears the next time the
 * list is read.
 *
 * @module
 */

import { ffmpegListingProvider, type FfmpegListingOptions } from '../ffmpeg-listing-provider.js';
import { ffmpegMicrophoneModel, ffmpegMicrophoneProducer } from '../ffmpeg-microphone.js';
import { MICROPHONE_START_WAIT_MS, type PlatformDevice, type PlatformProvider } from '../platform-device.js';
import { DSHOW_AUDIO_BUFFER_MS, dshowDeviceName, dshowListArgs, dshowMicrophoneInputArgs, parseDshowDevices, type DshowDevice } from './dshow-listing.js';

/** The microphones of a DirectShow listing, captured with `ffmpeg`; the first is the default. */
export function dshowMicrophones(listed: readonly DshowDevice[], ffmpeg: string): PlatformDevice[] {
  return listed
    .filter((device) => device.kinds.includes('audio'))
    .map((microphone, order) => {
      const deviceName = dshowDeviceName(microphone);
      return {
        rawId: deviceName,
        kind: 'audioinput',
        label: microphone.name,
        groupKey: deviceName,
        isDefault: order === 0,
        capture: ffmpegMicrophoneModel(DSHOW_AUDIO_BUFFER_MS / 1000),
        startWaitMs: MICROPHONE_START_WAIT_MS,
        producer: ffmpegMicrophoneProducer(microphone.name, ffmpeg, dshowMicrophoneInputArgs(deviceName)),
      };
    });
}

/** The DirectShow microphone provider ("dshow-audio"). Lists nothing when ffmpeg is not installed. */
export function dshowMicrophoneProvider(options: FfmpegListingOptions = {}): PlatformProvider {
  return ffmpegListingProvider(
    {
      name: 'dshow-audio',
      listArgs: dshowListArgs,
      reportsProblem: true,
      devices: (stderr, ffmpeg) => dshowMicrophones(parseDshowDevices(stderr), ffmpeg),
    },
    options,
  );
}
