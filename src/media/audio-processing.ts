/**
 * Per-track audio adaptation: channel mixing and streaming sample-rate conversion, on f32 planes.
 *
 * @module
 */
import { resamplingKernel, type ResamplingKernel } from './resampling-kernel.js';

/**
 * Mixes f32 planes to `channels`: down-mix by averaging (stereo→mono (L+R)/2), up-mix mono by copying to every
 * channel, other counts: map channel i to i % inputCount.
 *
 * A down-mix to N channels averages the inputs whose index is i modulo N into output i (so any count → mono
 * averages everything). The result never shares memory with the input.
 */
export function mixChannels(planes: readonly Float32Array[], channels: number): Float32Array[] {
  if (!Number.isSafeInteger(channels) || channels < 1) {
    throw new RangeError(`mixChannels: channels must be a positive integer, got ${channels}`);
  }
  const inputCount = planes.length;
  const length = inputCount === 0 ? 0 : Math.min(...planes.map((plane) => plane.length));
  if (inputCount <= channels) {
    return Array.from({ length: channels }, (_, channel) =>
      inputCount === 0 ? new Float32Array(0) : (planes[channel % inputCount] as Float32Array).slice(0, length),
    );
  }
  const outputs = Array.from({ length: channels }, () => new Float32Array(length));
  const counts = new Array<number>(channels).fill(0);
  planes.forEach((plane, index) => {
    const output = outputs[index % channels] as Float32Array;
    counts[index % channels] = (counts[index % channels] as number) + 1;
    for (let i = 0; i < length; i++) {
      output[i] = (output[i] as number) + (plane[i] as number);
    }
  });
  outputs.forEach((output, channel) => {
    const scale = 1 / (counts[channel] as number);
    for (let i = 0; i < length; i++) {
      output[i] = (output[i] as number) * scale;
    }
  });
  return outputs;
}

/**
 * A streaming resampler: consecutive process() calls give the same output as one call on the concatenated input
 * (keeps state across chunks); a Kaiser-windowed sinc low-passed below the lower Nyquist frequency; identity when
 * rates are equal (returns copies).
 *
 * Output sample n is the input signal at time n / outputRate, delayed by half the filter length (under 1 ms), so
 * from the first call on, the output count tracks `input × outputRate / inputRate` within one sample.
 */
export class StreamResampler {
  /** Input sample rate in Hz. */
  readonly inputRate: number;
  /** Output sample rate in Hz. */
  readonly outputRate: number;
  readonly #channels: number;
  readonly #kernel: ResamplingKernel | undefined;
  /** The last `taps - 1` input samples of each channel (zeros before the first input). */
  readonly #history: Float32Array[];
  /** When the next output falls, in units of 1 / upFactor input samples from the next chunk's first sample. */
  #position = 0;

  /**
   * @param inputRate - Hz, a positive integer
   * @param outputRate - Hz, a positive integer
   * @param channels - planes every process() call passes
   * @throws RangeError for rates or a channel count that are not positive integers
   */
  constructor(inputRate: number, outputRate: number, channels: number) {
    for (const [name, value] of Object.entries({ inputRate, outputRate, channels })) {
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RangeError(`StreamResampler: ${name} must be a positive integer, got ${value}`);
      }
    }
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.#channels = channels;
    this.#kernel = inputRate === outputRate ? undefined : resamplingKernel(inputRate, outputRate);
    const historyLength = this.#kernel === undefined ? 0 : this.#kernel.taps - 1;
    this.#history = Array.from({ length: channels }, () => new Float32Array(historyLength));
  }

  /**
   * Resamples the next chunk of input, one plane per channel (all the same length).
   *
   * @returns one new plane per channel with the output samples this input completes
   * @throws RangeError for the wrong number of planes or planes of different lengths
   */
  process(planes: readonly Float32Array[]): Float32Array[] {
    if (planes.length !== this.#channels) {
      throw new RangeError(`StreamResampler.process: expected ${this.#channels} planes, got ${planes.length}`);
    }
    const length = planes[0]?.length ?? 0;
    if (planes.some((plane) => plane.length !== length)) {
      throw new RangeError('StreamResampler.process: planes must all have the same length');
    }
    const kernel = this.#kernel;
    if (kernel === undefined) {
      return planes.map((plane) => plane.slice());
    }
    const { upFactor, downFactor } = kernel;
    // Outputs whose newest tap lies within this chunk: positions p with floor(p / upFactor) <= length - 1.
    const limit = length * upFactor;
    const outputCount = this.#position >= limit ? 0 : Math.ceil((limit - this.#position) / downFactor);
    const outputs = planes.map((plane, channel) => {
      const history = this.#history[channel] as Float32Array;
      const work = new Float32Array(history.length + length);
      work.set(history);
      work.set(plane, history.length);
      const output = new Float32Array(outputCount);
      this.#filter(work, output);
      history.set(work.subarray(length));
      return output;
    });
    this.#position += outputCount * downFactor - limit;
    return outputs;
  }

  /** Computes `output` from `work` (history then chunk), starting at the current position. */
  #filter(work: Float32Array, output: Float32Array): void {
    const { taps, upFactor, downFactor, phases, coefficients } = this.#kernel as ResamplingKernel;
    let position = this.#position;
    for (let n = 0; n < output.length; n++, position += downFactor) {
      const index = Math.floor(position / upFactor);
      const phase = phases === upFactor ? position - index * upFactor : Math.floor(((position - index * upFactor) * phases) / upFactor);
      // The newest tap is input `index`, at work[index + taps - 1]; tap j reaches back j samples.
      let w = phase * taps;
      let i = index + taps - 1;
      let sum = 0;
      for (let j = 0; j < taps; j++) {
        sum += (coefficients[w++] as number) * (work[i--] as number);
      }
      output[n] = sum;
    }
  }
}
