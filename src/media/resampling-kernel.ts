/**
 * The polyphase filter of {@link StreamResampler}: a Kaiser-windowed sinc, tabulated per output phase.
 *
 * @module
 */

/** A polyphase low-pass filter for resampling by upFactor / downFactor. */
export interface ResamplingKernel {
  /** Coefficients per phase. */
  readonly taps: number;
  /** outputRate / gcd and inputRate / gcd: outputs fall every downFactor / upFactor input samples. */
  readonly upFactor: number;
  readonly downFactor: number;
  /** Tabulated phases: upFactor itself, or 4096 (nearest lower phase) when upFactor is larger. */
  readonly phases: number;
  /** `phases` rows of `taps` coefficients; row p, tap j weighs the input j samples before the newest one. */
  readonly coefficients: Float32Array;
}

/** Zero crossings of the sinc on each side of its centre: sets the transition band's width. */
const HALF_ZERO_CROSSINGS = 32;
/** Kaiser window shape: about 80 dB of stop-band attenuation. */
const KAISER_BETA = 8;
/** The cut-off as a fraction of the lower Nyquist frequency, leaving room for the transition band. */
const ROLLOFF = 0.91;
const MAX_PHASES = 4096;

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    [x, y] = [y, x % y];
  }
  return x;
}

/** The modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarterSquare = (x * x) / 4;
  for (let k = 1; k < 64 && term > sum * 1e-17; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
  }
  return sum;
}

function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

const cache = new Map<string, ResamplingKernel>();

/** The kernel for `inputRate` → `outputRate` (both positive integers, different), cached. */
export function resamplingKernel(inputRate: number, outputRate: number): ResamplingKernel {
  const key = `${inputRate}/${outputRate}`;
  const cached = cache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const divisor = greatestCommonDivisor(inputRate, outputRate);
  const upFactor = outputRate / divisor;
  const downFactor = inputRate / divisor;
  // Cut-off in cycles per input sample, below the lower of the two Nyquist frequencies.
  const cutoff = 0.5 * Math.min(1, outputRate / inputRate) * ROLLOFF;
  const halfWidth = Math.ceil(HALF_ZERO_CROSSINGS / (2 * cutoff));
  const taps = 2 * halfWidth;
  const phases = Math.min(upFactor, MAX_PHASES);
  const coefficients = new Float32Array(phases * taps);
  const windowNorm = besselI0(KAISER_BETA);
  const row = new Float64Array(taps);
  for (let phase = 0; phase < phases; phase++) {
    const fraction = phase / phases;
    let total = 0;
    for (let j = 0; j < taps; j++) {
      // Distance from the output instant (delayed by halfWidth) to the input j samples before the newest.
      const x = fraction + j - halfWidth;
      const u = x / halfWidth;
      const window = Math.abs(u) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - u * u)) / windowNorm;
      const value = 2 * cutoff * sinc(2 * cutoff * x) * window;
      row[j] = value;
      total += value;
    }
    for (let j = 0; j < taps; j++) {
      coefficients[phase * taps + j] = (row[j] as number) / total;
    }
  }
  const kernel: ResamplingKernel = { taps, upFactor, downFactor, phases, coefficients };
  cache.set(key, kernel);
  return kernel;
}
