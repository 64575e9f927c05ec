/**
 * The capture model of a microphone that a system program (parec, arecord, ffmpeg) delivers in one fixed
 * format, with no audio processing between that program and the track: PulseAudio, ALSA, avfoundation and
 * DirectShow microphones.
 *
 * @module
 */

import type { AudioCaptureModel } from '../capture-model.js';

/** The format a capture program delivers a microphone in. */
export interface UnprocessedMicrophoneFormat {
  readonly sampleRate: number;
  /** The most channels a track can have; a track may take one (the pipeline mixes down). */
  readonly channels: number;
  readonly sampleSize: number;
  /** Seconds. */
  readonly latency: number;
}

/**
 * A microphone's capture model at `format`'s one rate, one to `format.channels` channels. Deviation:
 * echoCancellation, autoGainControl, noiseSuppression and voiceIsolation are `[false]`: no audio
 * processing is offered, because none runs between the capture program and the track.
 */
export function unprocessedMicrophoneModel(format: UnprocessedMicrophoneFormat): AudioCaptureModel {
  return {
    kind: 'audio',
    sampleRate: { min: format.sampleRate, max: format.sampleRate },
    defaultSampleRate: format.sampleRate,
    channelCount: { min: 1, max: format.channels },
    defaultChannelCount: format.channels,
    sampleSize: format.sampleSize,
    latency: format.latency,
    echoCancellation: [false],
    autoGainControl: [false],
    noiseSuppression: [false],
    voiceIsolation: [false],
  };
}
