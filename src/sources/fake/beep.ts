/**
 * The fake microphone's signal, after Chromium's BeepingSource (media/audio/simple_sources.cc): silence, and a
 * 400 Hz square wave for 20 ms at every beep. Chromium's fake camera triggers the beep every 500 ms of its
 * elapsed time (FakeVideoCaptureDevice::BeepAndScheduleNextCapture → FakeAudioInputStream::BeepOnce), so sound
 * and picture line up; without a camera the microphone beeps every 500 ms on its own.
 *
 * Like Chromium's, the wave is not centred on zero: it alternates between full scale and silence (Chromium
 * writes unsigned 8-bit 255 and 128, which read as 1.0 and 0.0), starting high.
 *
 * Deviation from Chromium, on purpose: Chromium beeps in whole 10 ms buffers (a beep is the next two buffers
 * after the trigger, the wave restarting at each buffer, with a period of floor(rate / 400) frames). We start a
 * beep at the exact frame asked, keep the wave's phase across chunk boundaries, and place the half-period edges
 * at multiples of rate / 800 so the pitch is exactly 400 Hz at any rate (120 frames at 48 kHz, as Chromium).
 *
 * @module
 */

/** The beep: 400 Hz, 20 ms, every 500 ms, at full scale (square wave between `amplitude` and 0). */
export const BEEP = { frequencyHz: 400, durationMs: 20, periodMs: 500, amplitude: 1 } as const;

function checkSampleRate(sampleRate: number, member: string): void {
  if (!Number.isFinite(sampleRate) || sampleRate <= 0) {
    throw new RangeError(`${member}: sampleRate must be a positive number, got ${sampleRate}`);
  }
}

/**
 * Fills f32 planes with the fake microphone's signal: silence, and a 400 Hz square wave of BEEP.durationMs
 * starting at each beep start. Beep starts are given in sample frames; the wave's phase is continuous within a
 * beep whatever the chunking. Overlapping beeps merge.
 */
export class BeepGenerator {
  readonly #sampleRate: number;
  readonly #beepFrames: number;
  /** Start frames of the beeps not yet over, ascending, without repeats. */
  readonly #starts: number[] = [];

  /** @throws RangeError when `sampleRate` is not a positive number */
  constructor(sampleRate: number) {
    checkSampleRate(sampleRate, 'BeepGenerator');
    this.#sampleRate = sampleRate;
    this.#beepFrames = Math.max(1, Math.round((sampleRate * BEEP.durationMs) / 1000));
  }

  /**
   * Schedules a beep to start at absolute sample frame `frame` (rounded to a whole frame), e.g. when the
   * camera triggers it. Scheduling the same frame twice gives one beep.
   *
   * @throws RangeError when `frame` is not finite
   */
  scheduleBeep(frame: number): void {
    if (!Number.isFinite(frame)) {
      throw new RangeError(`BeepGenerator.scheduleBeep: frame must be finite, got ${frame}`);
    }
    const start = Math.round(frame);
    const starts = this.#starts;
    let index = starts.length;
    while (index > 0 && (starts[index - 1] as number) > start) {
      index--;
    }
    if (starts[index - 1] !== start) {
      starts.splice(index, 0, start);
    }
  }

  /**
   * Writes frames [startFrame, startFrame + planes[0].length) into every plane (all channels the same). Beeps
   * overlapping the range, also ones started in an earlier call, are rendered. Calls are expected to move
   * forward: beeps that ended before `startFrame` are forgotten.
   *
   * @throws RangeError when `startFrame` is not a safe integer or the planes differ in length
   */
  fill(planes: readonly Float32Array[], startFrame: number): void {
    if (!Number.isSafeInteger(startFrame)) {
      throw new RangeError(`BeepGenerator.fill: startFrame must be a safe integer, got ${startFrame}`);
    }
    const first = planes[0];
    if (first === undefined) {
      return;
    }
    for (let index = 1; index < planes.length; index++) {
      if ((planes[index] as Float32Array).length !== first.length) {
        throw new RangeError('BeepGenerator.fill: every plane must have the same length');
      }
    }
    const endFrame = startFrame + first.length;
    const starts = this.#starts;
    while (starts.length > 0 && (starts[0] as number) + this.#beepFrames <= startFrame) {
      starts.shift();
    }
    first.fill(0);
    for (const start of starts) {
      if (start >= endFrame) {
        break;
      }
      const to = Math.min(start + this.#beepFrames, endFrame);
      // Whole half periods at a time (a fill() each, not a store per sample).
      for (let frame = Math.max(start, startFrame); frame < to; ) {
        const half = this.#halfPeriod(frame - start);
        const end = Math.min(start + this.#nextHalfStart(frame - start, half), to);
        if (half % 2 === 0) {
          first.fill(BEEP.amplitude, frame - startFrame, end - startFrame);
        }
        frame = end;
      }
    }
    for (let index = 1; index < planes.length; index++) {
      (planes[index] as Float32Array).set(first);
    }
  }

  /**
   * Which half period of the wave frame `k` of a beep is in: the beep is high in the even ones, each rate / 2f
   * frames long. The product comes first so that edges falling on whole frames are exact.
   */
  #halfPeriod(k: number): number {
    return Math.floor((k * 2 * BEEP.frequencyHz) / this.#sampleRate);
  }

  /**
   * The first frame of a beep after `k` (which is in half period `half`) that is in a later half period: found
   * from where the edge falls and settled by {@link BeepGenerator.#halfPeriod} itself, so a run ends exactly
   * where the per-frame test changes.
   */
  #nextHalfStart(k: number, half: number): number {
    let next = Math.max(k + 1, Math.ceil(((half + 1) * this.#sampleRate) / (2 * BEEP.frequencyHz)));
    while (next > k + 1 && this.#halfPeriod(next - 1) > half) {
      next--;
    }
    while (this.#halfPeriod(next) <= half) {
      next++;
    }
    return next;
  }
}

/**
 * Sample frames at which an audio-only fake microphone beeps on its own: every BEEP.periodMs from frame 0
 * (frame round(k * periodMs * sampleRate / 1000) for k = 0, 1, …, so there is no drift), those in
 * [fromFrame, toFrame).
 *
 * @throws RangeError when `sampleRate` is not a positive number or a bound is not finite
 */
export function periodicBeepStarts(sampleRate: number, fromFrame: number, toFrame: number): number[] {
  checkSampleRate(sampleRate, 'periodicBeepStarts');
  if (!Number.isFinite(fromFrame) || !Number.isFinite(toFrame)) {
    throw new RangeError(`periodicBeepStarts: frames must be finite, got ${fromFrame} and ${toFrame}`);
  }
  const periodFrames = (BEEP.periodMs * sampleRate) / 1000;
  const starts: number[] = [];
  for (let k = Math.max(0, Math.floor(fromFrame / periodFrames) - 1); ; k++) {
    const start = Math.round(k * periodFrames);
    if (start >= toFrame) {
      return starts;
    }
    if (start >= fromFrame) {
      starts.push(start);
    }
  }
}

/** Share of the signal's peak above which a sample counts as sound. */
const ONSET_SHARE_OF_PEAK = 0.3;
/** Quieter signals are taken as silence, not beeps. */
const MIN_BEEP_PEAK = 0.01;
/** Sound separated by less silence than this belongs to one beep (the wave's low half is 1.25 ms). */
const BEEP_GAP_MS = 5;

/**
 * Finds the start frames of beeps in a mono f32 signal (energy detection), for tests and A/V sync checks: a
 * beep starts at the first sample whose magnitude reaches 30% of the signal's peak after at least 5 ms below
 * it. A beep already sounding at the first sample is reported at 0. A signal whose peak is under 0.01 has none.
 *
 * @throws RangeError when `sampleRate` is not a positive number
 */
export function findBeeps(samples: Float32Array, sampleRate: number): number[] {
  checkSampleRate(sampleRate, 'findBeeps');
  let peak = 0;
  for (const sample of samples) {
    peak = Math.max(peak, Math.abs(sample));
  }
  if (peak < MIN_BEEP_PEAK) {
    return [];
  }
  const threshold = peak * ONSET_SHARE_OF_PEAK;
  const gapFrames = Math.max(1, Math.round((BEEP_GAP_MS * sampleRate) / 1000));
  const starts: number[] = [];
  let lastLoud = Number.NEGATIVE_INFINITY;
  for (let frame = 0; frame < samples.length; frame++) {
    if (Math.abs(samples[frame] as number) < threshold) {
      continue;
    }
    if (frame - lastLoud > gapFrames) {
      starts.push(frame);
    }
    lastLoud = frame;
  }
  return starts;
}
