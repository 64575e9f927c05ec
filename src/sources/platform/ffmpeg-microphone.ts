/**
 * Microphones captured by an ffmpeg child, for the platforms whose sound systems only ffmpeg reaches here
 * (avfoundation on macOS, DirectShow on Windows): `ffmpeg <input arguments> -f f32le -ar R -ac C pipe:1`,
 * cut into 10 ms f32-planar chunks by the shared raw PCM producer.
 *
 * ffmpeg's device listings give neither a microphone's sample rate nor its channel count, so every
 * microphone is captured in one documented format, {@link FFMPEG_MICROPHONE_FORMAT} (48 kHz stereo, the
 * project's and Chromium's capture rate), and ffmpeg resamples and remixes the device's own format into it.
 *
 * @module
 */

import type { AudioCaptureModel } from '../capture-model.js';
import type { ProducerFactory } from '../capture-source.js';
import { rawPcmProducer, type RawPcmFormat } from './raw-pcm-producer.js';
import { unprocessedMicrophoneModel } from './unprocessed-microphone.js';

/** The format every ffmpeg-captured microphone is asked for (`-ar 48000 -ac 2`). */
export const FFMPEG_MICROPHONE_FORMAT: RawPcmFormat = Object.freeze({ sampleRate: 48_000, channels: 2 });

/**
 * The output arguments after a microphone's input arguments: its first audio stream as f32le at
 * `format`, each packet written as soon as it is captured (`-flush_packets 1`; otherwise the pipe gets
 * 32 KB, about 85 ms, at a time).
 */
export function ffmpegMicrophoneArgs(inputArgs: readonly string[], format: RawPcmFormat = FFMPEG_MICROPHONE_FORMAT): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-loglevel', 'error',
    ...inputArgs,
    '-map', '0:a:0',
    '-f', 'f32le',
    '-acodec', 'pcm_f32le',
    '-ar', `${format.sampleRate}`,
    '-ac', `${format.channels}`,
    '-flush_packets', '1',
    'pipe:1',
  ];
}

/**
 * The capture model of an ffmpeg-captured microphone whose input buffers about `inputLatencyS` seconds:
 * the format of {@link FFMPEG_MICROPHONE_FORMAT} (one or two channels: a track may take one), and that
 * latency plus one chunk.
 */
export function ffmpegMicrophoneModel(inputLatencyS: number): AudioCaptureModel {
  const format = FFMPEG_MICROPHONE_FORMAT;
  // Deviation: the device's own rate and channel count are not reported by ffmpeg's listing; the track
  // offers the format ffmpeg converts to.
  return unprocessedMicrophoneModel({ sampleRate: format.sampleRate, channels: format.channels, sampleSize: 32, latency: inputLatencyS + 0.01 });
}

/**
 * Makes producers that capture the microphone labelled `label` with `ffmpeg` and `inputArgs` (`-f
 * avfoundation -i :0`, `-f dshow -i audio=…`); without ffmpeg the capture fails at once, ending the track.
 */
export function ffmpegMicrophoneProducer(label: string, ffmpeg: string, inputArgs: readonly string[]): ProducerFactory {
  return rawPcmProducer({ device: label, program: 'ffmpeg', format: FFMPEG_MICROPHONE_FORMAT, command: { command: ffmpeg, args: ffmpegMicrophoneArgs(inputArgs) } });
}
