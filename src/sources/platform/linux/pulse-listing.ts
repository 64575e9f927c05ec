/**
 * Pure parsing of what `pactl -f json` reports (pulseaudio-utils 16 and later, also against PipeWire's
 * PulseAudio server): sources become microphones (monitors of sinks excluded), sinks become audio outputs,
 * the defaults come from `pactl -f json info`, and each device's group key from its card's properties so a
 * card's input and output share a groupId. No I/O here: pulse-provider.ts runs pactl and adds producers.
 *
 * @module
 */

import type { AudioCaptureModel } from '../../capture-model.js';
import { unprocessedMicrophoneModel } from '../unprocessed-microphone.js';

/** The parec latency we ask for, in milliseconds: first audio in ~70 ms (without it parec waits ~2 s). */
export const PAREC_LATENCY_MS = 20;

/** A PulseAudio sample specification ("s16le 2ch 44100Hz"). */
export interface PulseSampleSpec {
  /** The sample format's name ("s16le", "float32le", …). */
  readonly format: string;
  readonly channels: number;
  readonly rate: number;
}

/** One PulseAudio device, without its producer (the provider adds it for sources). */
export interface PulseDeviceEntry {
  /** The source or sink name (what parec -d takes). */
  readonly rawId: string;
  readonly kind: 'audioinput' | 'audiooutput';
  readonly label: string;
  readonly groupKey: string;
  readonly isDefault: boolean;
  /** For sources: what the device captures. */
  readonly capture?: AudioCaptureModel;
  /** For sources: the native format parec captures at. */
  readonly spec?: PulseSampleSpec;
}

/** The defaults `pactl -f json info` reports. */
export interface PulseDefaults {
  readonly source: string | undefined;
  readonly sink: string | undefined;
}

/** What pactl reports about a source or sink (the members read here). */
interface PactlNode {
  readonly index?: number;
  readonly name?: string;
  readonly description?: string;
  readonly driver?: string;
  readonly sample_specification?: string;
  readonly owner_module?: number | string;
  /** For sources: the sink a monitor source monitors ("" for a real source); for sinks: its monitor. */
  readonly monitor_source?: string;
  readonly latency?: { readonly actual?: number; readonly configured?: number };
  readonly properties?: Readonly<Record<string, string>>;
}

/** Bits per sample of PulseAudio's sample formats (pa_sample_format_to_string names). */
const SAMPLE_BITS: Readonly<Record<string, number>> = {
  u8: 8,
  aLaw: 8,
  uLaw: 8,
  s16le: 16,
  s16be: 16,
  s24le: 24,
  s24be: 24,
  's24-32le': 24,
  's24-32be': 24,
  s32le: 32,
  s32be: 32,
  float32le: 32,
  float32be: 32,
};

/** Properties that name the physical device a node belongs to, most specific first. */
const GROUP_PROPERTIES = [
  'device.bus_path',
  'sysfs.path',
  'api.alsa.path',
  'api.bluez5.address',
  'bluez.path',
  'device.serial',
  'alsa.card',
  'api.alsa.card',
  'device.id',
] as const;

/** Parses "s16le 2ch 44100Hz"; undefined for anything else. */
export function parseSampleSpec(text: string | undefined): PulseSampleSpec | undefined {
  const match = /^\s*(\S+)\s+(\d+)ch\s+(\d+)Hz\s*$/.exec(text ?? '');
  if (match === null) {
    return undefined;
  }
  const channels = Number(match[2]);
  const rate = Number(match[3]);
  if (channels < 1 || rate < 1) {
    return undefined;
  }
  return { format: match[1] as string, channels, rate };
}

/** Parses the JSON array of `pactl -f json list sources` or `list sinks`. */
export function parsePactlList(json: string): PactlNode[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) {
    throw new TypeError('pactl: a device list is not a JSON array');
  }
  return parsed.filter((node): node is PactlNode => typeof node === 'object' && node !== null && typeof (node as PactlNode).name === 'string');
}

/** Parses `pactl -f json info` for the default source and sink. */
export function parsePactlInfo(json: string): PulseDefaults {
  const parsed = JSON.parse(json) as { default_source_name?: unknown; default_sink_name?: unknown } | null;
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  return { source: text(parsed?.default_source_name), sink: text(parsed?.default_sink_name) };
}

/**
 * The capture model of a source with native format `spec`: its own rate, one channel up to its own
 * count (the pipeline mixes down), its sample size, and the latency parec runs at (or the device's
 * larger one). Deviation: echoCancellation, autoGainControl and noiseSuppression are `[false]`: there is
 * no processing path between PulseAudio and the track.
 */
export function pulseCaptureModel(spec: PulseSampleSpec, latencyUs: number): AudioCaptureModel {
  return unprocessedMicrophoneModel({
    sampleRate: spec.rate,
    channels: spec.channels,
    sampleSize: SAMPLE_BITS[spec.format] ?? 16,
    latency: Math.max(PAREC_LATENCY_MS / 1000, Number.isFinite(latencyUs) ? latencyUs / 1e6 : 0),
  });
}

/** Whether a source is the monitor of a sink (what plays on it), which is not a microphone. */
export function isMonitorSource(source: PactlNode): boolean {
  return (source.monitor_source ?? '') !== '' || source.properties?.['device.class'] === 'monitor';
}

/**
 * The devices of `pactl -f json list sources` and `list sinks`, with `defaults`: usable sources (not
 * monitors, with a sample specification) as microphones, then sinks as audio outputs.
 */
export function pulseDevices(sources: readonly PactlNode[], sinks: readonly PactlNode[], defaults: PulseDefaults): PulseDeviceEntry[] {
  const groups = new GroupKeys(sources, sinks);
  const devices: PulseDeviceEntry[] = [];
  for (const source of sources) {
    const spec = parseSampleSpec(source.sample_specification);
    if (isMonitorSource(source) || spec === undefined) {
      continue;
    }
    const name = source.name as string;
    const latency = source.latency?.configured ?? 0;
    devices.push({
      rawId: name,
      kind: 'audioinput',
      label: labelOf(source),
      groupKey: groups.of(source, 'source'),
      isDefault: name === defaults.source,
      capture: pulseCaptureModel(spec, latency),
      spec,
    });
  }
  for (const sink of sinks) {
    const name = sink.name as string;
    devices.push({ rawId: name, kind: 'audiooutput', label: labelOf(sink), groupKey: groups.of(sink, 'sink'), isDefault: name === defaults.sink });
  }
  return devices;
}

function labelOf(node: PactlNode): string {
  const description = node.description ?? node.properties?.['device.description'];
  return description !== undefined && description !== '' ? description : (node.name as string);
}

/**
 * Group keys: a node with card properties belongs to its card; a filter (remap, echo-cancel) to its
 * master's group; a monitor to its sink's; anything else to the module that made it (a null sink and its
 * monitor), or to itself.
 */
class GroupKeys {
  readonly #sources = new Map<string, PactlNode>();
  readonly #sinks = new Map<string, PactlNode>();

  constructor(sources: readonly PactlNode[], sinks: readonly PactlNode[]) {
    for (const source of sources) {
      this.#sources.set(source.name as string, source);
    }
    for (const sink of sinks) {
      this.#sinks.set(sink.name as string, sink);
    }
  }

  of(node: PactlNode, type: 'source' | 'sink', depth = 0): string {
    const properties = node.properties ?? {};
    for (const name of GROUP_PROPERTIES) {
      const value = properties[name];
      if (value !== undefined && value !== '') {
        return `pulse:${name}=${value}`;
      }
    }
    if (depth < 8) {
      const master = properties['device.master_device'];
      const masterNode = master === undefined ? undefined : (this.#sources.get(master) ?? this.#sinks.get(master));
      if (masterNode !== undefined) {
        return this.of(masterNode, this.#sources.get(master as string) === masterNode ? 'source' : 'sink', depth + 1);
      }
      const monitored = type === 'source' ? this.#sinks.get(node.monitor_source ?? '') : undefined;
      if (monitored !== undefined) {
        return this.of(monitored, 'sink', depth + 1);
      }
    }
    if (node.owner_module !== undefined && node.owner_module !== '' && String(node.owner_module) !== '4294967295') {
      return `pulse:module=${String(node.owner_module)}`;
    }
    return `pulse:${type}=${node.name as string}`;
  }
}
