import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createMediaDevices,
  MediaStreamTrackAudioStats,
  MediaStreamTrackVideoStats,
  type MediaStreamTrack,
} from '../../../src/index.js';
import { AudioFrameCounters, VideoFrameCounters } from '../../../src/pipeline/track-counters.js';
import { INTERNAL } from '../../../src/webidl/interface.js';
import { nextTask } from '../../helpers/devices.js';

/** Resolves in a later task (after every task queued so far). */
async function capture(kind: 'audio' | 'video'): Promise<MediaStreamTrack> {
  const stream = await createMediaDevices({ devices: 'fake' }).getUserMedia({ [kind]: true });
  const [track] = stream.getTracks();
  assert.ok(track !== undefined);
  return track;
}

async function audioStats(): Promise<MediaStreamTrackAudioStats> {
  const stats = (await capture('audio')).stats;
  assert.ok(stats instanceof MediaStreamTrackAudioStats);
  return stats;
}

async function videoStats(): Promise<MediaStreamTrackVideoStats> {
  const stats = (await capture('video')).stats;
  assert.ok(stats instanceof MediaStreamTrackVideoStats);
  return stats;
}

const AUDIO_ATTRIBUTES = [
  'deliveredFrames',
  'deliveredFramesDuration',
  'totalFrames',
  'totalFramesDuration',
  'latency',
  'averageLatency',
  'minimumLatency',
  'maximumLatency',
] as const;
const VIDEO_ATTRIBUTES = ['deliveredFrames', 'discardedFrames', 'totalFrames'] as const;

describe('MediaStreamTrackAudioStats and MediaStreamTrackVideoStats interface shape', () => {
  it('have every IDL member as an enumerable property of the prototype, attributes read-only', () => {
    const cases: [object, readonly string[], readonly string[]][] = [
      [MediaStreamTrackAudioStats.prototype, AUDIO_ATTRIBUTES, ['resetLatency', 'toJSON']],
      [MediaStreamTrackVideoStats.prototype, VIDEO_ATTRIBUTES, ['toJSON']],
    ];
    for (const [proto, attributes, methods] of cases) {
      for (const name of attributes) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, name);
        assert.equal(descriptor?.enumerable, true, name);
        assert.equal(typeof descriptor?.get, 'function', name);
        assert.equal(descriptor?.set, undefined, name);
      }
      for (const name of methods) {
        const descriptor = Object.getOwnPropertyDescriptor(proto, name);
        assert.equal(descriptor?.enumerable, true, name);
        assert.equal(typeof descriptor?.value, 'function', name);
      }
    }
  });

  it('are tagged with their interface names by Object.prototype.toString', async () => {
    assert.equal(Object.prototype.toString.call(await audioStats()), '[object MediaStreamTrackAudioStats]');
    assert.equal(Object.prototype.toString.call(await videoStats()), '[object MediaStreamTrackVideoStats]');
  });

  it('cannot be constructed from script', () => {
    for (const Ctor of [MediaStreamTrackAudioStats, MediaStreamTrackVideoStats] as unknown as (new (...args: unknown[]) => unknown)[]) {
      assert.throws(() => new Ctor(), { name: 'TypeError', message: 'Illegal constructor' });
    }
  });

  it('throw a TypeError from getters and methods called on something else', async () => {
    const audio = await audioStats();
    for (const name of AUDIO_ATTRIBUTES) {
      const getter = Object.getOwnPropertyDescriptor(MediaStreamTrackAudioStats.prototype, name)?.get;
      assert.throws(() => getter?.call({}), TypeError, name);
    }
    for (const name of VIDEO_ATTRIBUTES) {
      const getter = Object.getOwnPropertyDescriptor(MediaStreamTrackVideoStats.prototype, name)?.get;
      assert.throws(() => getter?.call(audio), TypeError, name);
    }
    assert.throws(() => MediaStreamTrackAudioStats.prototype.resetLatency.call({} as MediaStreamTrackAudioStats), TypeError);
    assert.throws(() => MediaStreamTrackAudioStats.prototype.toJSON.call({} as MediaStreamTrackAudioStats), TypeError);
    assert.throws(() => MediaStreamTrackVideoStats.prototype.toJSON.call(audio as unknown as MediaStreamTrackVideoStats), TypeError);
  });
});

describe('MediaStreamTrack.stats', () => {
  it('is the same object on every get ([SameObject]), also after the track ended', async () => {
    const track = await capture('audio');
    const stats = track.stats;
    assert.equal(track.stats, stats);
    track.stop();
    assert.equal(track.stats, stats);
  });
});

describe('track stats before frames flow', () => {
  it('are all zero on a new audio track', async () => {
    const stats = await audioStats();
    for (const name of AUDIO_ATTRIBUTES) {
      assert.equal(stats[name], 0, name);
    }
  });

  it('are all zero on a new video track', async () => {
    const stats = await videoStats();
    for (const name of VIDEO_ATTRIBUTES) {
      assert.equal(stats[name], 0, name);
    }
  });
});

describe('track stats toJSON', () => {
  it('gives exactly the video attributes, in IDL order', async () => {
    const stats = await videoStats();
    const json = stats.toJSON();
    assert.deepEqual(Object.keys(json), [...VIDEO_ATTRIBUTES]);
    assert.deepEqual(json, { deliveredFrames: 0, discardedFrames: 0, totalFrames: 0 });
    assert.equal(JSON.stringify(stats), JSON.stringify(json));
  });

  it('gives exactly the audio attributes, in IDL order', async () => {
    const stats = await audioStats();
    const json = stats.toJSON();
    assert.deepEqual(Object.keys(json), [...AUDIO_ATTRIBUTES]);
    for (const name of AUDIO_ATTRIBUTES) {
      assert.equal((json as unknown as Record<string, unknown>)[name], stats[name], name);
    }
    assert.equal(JSON.stringify(stats), JSON.stringify(json));
  });

  it('returns a new plain object each time', async () => {
    const stats = await videoStats();
    const json = stats.toJSON();
    assert.equal(Object.getPrototypeOf(json), Object.prototype);
    assert.notEqual(stats.toJSON(), json);
    (json as { totalFrames: number }).totalFrames = 99;
    assert.equal(stats.totalFrames, 0);
  });
});

describe('MediaStreamTrackAudioStats.resetLatency', () => {
  it('returns undefined and leaves average, minimum and maximum equal to the latency', async () => {
    const stats = await audioStats();
    assert.equal(stats.resetLatency(), undefined);
    assert.equal(stats.averageLatency, stats.latency);
    assert.equal(stats.minimumLatency, stats.latency);
    assert.equal(stats.maximumLatency, stats.latency);
  });

  it('sets average, minimum and maximum to the exposed latency at once', () => {
    const counters = new AudioFrameCounters();
    const stats = new MediaStreamTrackAudioStats(INTERNAL, counters);
    for (const latency of [10, 30, 20]) {
      counters.recordLatency(latency);
    }
    assert.equal(stats.latency, 20);
    assert.equal(stats.minimumLatency, 10);
    assert.equal(stats.maximumLatency, 30);
    assert.equal(stats.averageLatency, 20);
    stats.resetLatency();
    assert.deepEqual(
      [stats.latency, stats.averageLatency, stats.minimumLatency, stats.maximumLatency],
      [20, 20, 20, 20],
    );
  });

  it('restarts the average, minimum and maximum from the reset', async () => {
    const counters = new AudioFrameCounters();
    const stats = new MediaStreamTrackAudioStats(INTERNAL, counters);
    counters.recordLatency(5);
    counters.recordLatency(50);
    assert.equal(stats.latency, 50);
    stats.resetLatency();
    await nextTask();
    counters.recordLatency(30);
    await nextTask();
    assert.equal(stats.latency, 30);
    assert.equal(stats.minimumLatency, 30);
    assert.equal(stats.maximumLatency, 50);
    assert.equal(stats.averageLatency, 40);
  });
});

describe('track stats are exposed once per task', () => {
  it('keep video values for the rest of the task, microtasks included, and update in a later task', async () => {
    const counters = new VideoFrameCounters();
    const stats = new MediaStreamTrackVideoStats(INTERNAL, counters);
    assert.equal(stats.totalFrames, 0);
    counters.total = 10;
    counters.delivered = 7;
    counters.discarded = 2;
    assert.equal(stats.totalFrames, 0);
    assert.equal(stats.deliveredFrames, 0);
    await Promise.resolve();
    assert.deepEqual(stats.toJSON(), { deliveredFrames: 0, discardedFrames: 0, totalFrames: 0 });
    await nextTask();
    assert.deepEqual(stats.toJSON(), { deliveredFrames: 7, discardedFrames: 2, totalFrames: 10 });
    assert.equal(stats.deliveredFrames, 7);
    assert.equal(stats.discardedFrames, 2);
    assert.equal(stats.totalFrames, 10);
  });

  it('take the audio snapshot at the first read of any attribute in the task', async () => {
    const counters = new AudioFrameCounters();
    const stats = new MediaStreamTrackAudioStats(INTERNAL, counters);
    counters.delivered = 4;
    counters.deliveredDurationMs = 40;
    assert.equal(stats.latency, 0);
    counters.delivered = 100;
    counters.recordLatency(12);
    assert.equal(stats.deliveredFrames, 4);
    assert.equal(stats.latency, 0);
    await nextTask();
    assert.equal(stats.deliveredFrames, 100);
    assert.equal(stats.latency, 12);
  });

  it('count audio totals as delivered plus dropped frames and durations', () => {
    const counters = new AudioFrameCounters();
    const stats = new MediaStreamTrackAudioStats(INTERNAL, counters);
    counters.delivered = 90;
    counters.deliveredDurationMs = 900;
    counters.dropped = 10;
    counters.droppedDurationMs = 100;
    assert.equal(stats.deliveredFrames, 90);
    assert.equal(stats.deliveredFramesDuration, 900);
    assert.equal(stats.totalFrames, 100);
    assert.equal(stats.totalFramesDuration, 1000);
  });
});
