// WebIDL converts a dictionary by reading each of its members once, inherited dictionaries' members first and
// each dictionary's own in lexicographic order (https://webidl.spec.whatwg.org/#es-dictionary). A script can
// see the reads (getters, proxies), so every dictionary argument of the API is checked here with a proxy that
// records them.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';

import {
  AudioData,
  BlobEvent,
  CaptureController,
  DeviceChangeEvent,
  ImageCapture,
  MediaRecorder,
  MediaStreamEvent,
  MediaStreamTrackEvent,
  MediaStreamTrackGenerator,
  MediaStreamTrackProcessor,
  recordToWritable,
  VideoFrame,
} from '../../../src/index.js';
import { fake, stopAll } from '../../helpers/devices.js';

/** `members` behind a proxy, and the names of the properties read from it, in order. */
function recorded<T extends object>(members: T): { dictionary: T; reads: string[] } {
  const reads: string[] = [];
  const dictionary = new Proxy(members, {
    get(target, key, receiver) {
      if (typeof key === 'string') {
        reads.push(key);
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { dictionary, reads };
}

const EVENT_INIT = ['bubbles', 'cancelable', 'composed'];
const RECORDER_OPTIONS = [
  'audioBitrateMode',
  'audioBitsPerSecond',
  'bitsPerSecond',
  'mimeType',
  'videoBitsPerSecond',
  'videoKeyFrameIntervalCount',
  'videoKeyFrameIntervalDuration',
];

describe('dictionary arguments are read member by member, once each, in WebIDL order', () => {
  it('event inits: EventInit first, then the event’s own members', async () => {
    const md = fake();
    const stream = await md.getUserMedia({ audio: true });
    const [track] = stream.getTracks();
    const [device] = await md.enumerateDevices();
    const cases: [string, (init: object) => unknown, object, string[]][] = [
      ['BlobEvent', (init) => new BlobEvent('dataavailable', init as never), { data: new Blob([]), timecode: 5 }, ['data', 'timecode']],
      ['MediaStreamTrackEvent', (init) => new MediaStreamTrackEvent('addtrack', init as never), { track, bubbles: true }, ['track']],
      ['MediaStreamEvent', (init) => new MediaStreamEvent('addstream', init as never), { stream }, ['stream']],
      ['DeviceChangeEvent', (init) => new DeviceChangeEvent('devicechange', init as never), { devices: [device] }, ['devices']],
    ];
    for (const [name, construct, members, own] of cases) {
      const { dictionary, reads } = recorded(members);
      const event = construct(dictionary) as Event;
      assert.deepEqual(reads, [...EVENT_INIT, ...own], name);
      assert.equal(event.bubbles, 'bubbles' in members, name);
    }
    stopAll(stream);
  });

  it('MediaStreamTrackProcessorInit and MediaStreamTrackGeneratorInit', async () => {
    const stream = await fake().getUserMedia({ audio: true });
    const [track] = stream.getTracks();
    const processorInit = recorded({ track, maxBufferSize: 4 });
    new MediaStreamTrackProcessor(processorInit.dictionary as never);
    assert.deepEqual(processorInit.reads, ['maxBufferSize', 'track']);
    const generatorInit = recorded({ kind: 'audio' });
    const generator = new MediaStreamTrackGenerator(generatorInit.dictionary as never);
    assert.deepEqual(generatorInit.reads, ['kind']);
    generator.stop();
    stopAll(stream);
  });

  it('MediaRecorderOptions, and the file recorder’s options (MediaRecorderOptions, then encoder)', async () => {
    const stream = await fake().getUserMedia({ audio: true });
    const options = recorded({ mimeType: 'audio/webm', audioBitsPerSecond: 64_000, videoKeyFrameIntervalCount: 10 });
    new MediaRecorder(stream, options.dictionary);
    assert.deepEqual(options.reads, RECORDER_OPTIONS);
    const fileOptions = recorded({ mimeType: 'audio/webm', encoder: 'in-process' });
    // To a Writable that keeps nothing: no file is left behind.
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const recording = recordToWritable(stream, sink, fileOptions.dictionary as never);
    assert.deepEqual(fileOptions.reads, [...RECORDER_OPTIONS, 'encoder']);
    await recording.stop();
    stopAll(stream);
  });

  it('VideoFrameBufferInit, VideoFrameInit and VideoFrameCopyToOptions', () => {
    const bufferInit = recorded({ format: 'I420', codedWidth: 2, codedHeight: 2, timestamp: 0 });
    const frame = new VideoFrame(new Uint8Array(6), bufferInit.dictionary as never);
    assert.deepEqual(bufferInit.reads, [
      'codedHeight',
      'codedWidth',
      'colorSpace',
      'displayHeight',
      'displayWidth',
      'duration',
      'flip',
      'format',
      'layout',
      'metadata',
      'rotation',
      'timestamp',
      'transfer',
      'visibleRect',
    ]);
    const frameInit = recorded({ timestamp: 5 });
    const copy = new VideoFrame(frame, frameInit.dictionary);
    assert.deepEqual(frameInit.reads, ['alpha', 'displayHeight', 'displayWidth', 'duration', 'flip', 'metadata', 'rotation', 'timestamp', 'visibleRect']);
    const copyOptions = recorded({ format: 'RGBA' });
    frame.allocationSize(copyOptions.dictionary as never);
    assert.deepEqual(copyOptions.reads, ['colorSpace', 'format', 'layout', 'rect']);
    copy.close();
    frame.close();
  });

  it('AudioDataInit and AudioDataCopyToOptions', () => {
    const init = recorded({ format: 'f32', sampleRate: 48_000, numberOfFrames: 2, numberOfChannels: 1, timestamp: 0, data: new Float32Array(2) });
    const audio = new AudioData(init.dictionary as never);
    assert.deepEqual(init.reads, ['data', 'format', 'numberOfChannels', 'numberOfFrames', 'sampleRate', 'timestamp', 'transfer']);
    const copyOptions = recorded({ planeIndex: 0 });
    audio.allocationSize(copyOptions.dictionary as never);
    assert.deepEqual(copyOptions.reads, ['format', 'frameCount', 'frameOffset', 'planeIndex']);
    audio.close();
  });

  it('MediaStreamConstraints and MediaTrackConstraints: the constraint set’s members, then advanced', async () => {
    const md = fake();
    const video = recorded({ width: 640, advanced: [] });
    const constraints = recorded({ video: video.dictionary });
    const stream = await md.getUserMedia(constraints.dictionary);
    assert.deepEqual(constraints.reads, ['audio', 'video']);
    assert.equal(video.reads.at(-1), 'advanced');
    const setMembers = video.reads.slice(0, -1);
    assert.deepEqual(setMembers, [...setMembers].sort());
    assert.equal(new Set(video.reads).size, video.reads.length);
    assert.ok(setMembers.includes('width') && setMembers.includes('zoom'));
    const range = recorded({ ideal: 640, max: 1000 });
    await stream.getVideoTracks()[0]?.applyConstraints({ width: range.dictionary as never });
    // ConstrainULongRange inherits ULongRange: max and min first.
    assert.deepEqual(range.reads, ['max', 'min', 'exact', 'ideal']);
    stopAll(stream);
  });

  it('PhotoSettings', async () => {
    const stream = await fake().getUserMedia({ video: true });
    const [track] = stream.getVideoTracks();
    const settings = recorded({ imageWidth: 320 });
    await new ImageCapture(track as never).takePhoto(settings.dictionary).catch(() => undefined);
    assert.deepEqual(settings.reads, ['fillLightMode', 'imageHeight', 'imageWidth', 'redEyeReduction']);
    stopAll(stream);
  });

  it('DisplayMediaStreamOptions and AudioOutputOptions', async () => {
    const md = fake();
    const displayOptions = recorded({ video: true, controller: new CaptureController(), preferCurrentTab: true });
    const display = await md.getDisplayMedia(displayOptions.dictionary);
    assert.deepEqual(displayOptions.reads, [
      'audio',
      'controller',
      'monitorTypeSurfaces',
      'preferCurrentTab',
      'selfBrowserSurface',
      'surfaceSwitching',
      'systemAudio',
      'video',
    ]);
    stopAll(display);
    const outputOptions = recorded({ deviceId: '' });
    await md.selectAudioOutput(outputOptions.dictionary);
    assert.deepEqual(outputOptions.reads, ['deviceId']);
  });
});
