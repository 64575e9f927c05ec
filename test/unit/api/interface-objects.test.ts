// The interface objects the package exports: each one's "name" and "length" as WebIDL derives them from the
// specs' IDL (https://webidl.spec.whatwg.org/#es-interface-call): the length of an interface with constructors
// is the number of required arguments of its shortest constructor overload, and 0 without one.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as api from '../../../src/index.js';

/** Required constructor arguments, from each interface's IDL. */
const CONSTRUCTOR_LENGTHS: Record<string, number> = {
  AudioData: 1, // constructor(AudioDataInit init)
  BlobEvent: 2, // constructor(DOMString type, BlobEventInit eventInitDict)
  CaptureController: 0, // constructor()
  DeviceChangeEvent: 1, // constructor(DOMString type, optional DeviceChangeEventInit eventInitDict = {})
  ImageBitmap: 0, // no constructor
  ImageCapture: 1, // constructor(MediaStreamTrack videoTrack)
  InputDeviceInfo: 0, // no constructor
  MediaDeviceInfo: 0, // no constructor
  MediaDevices: 0, // no constructor
  MediaRecorder: 1, // constructor(MediaStream stream, optional MediaRecorderOptions options = {})
  MediaStream: 0, // constructor(), constructor(MediaStream stream), constructor(sequence<MediaStreamTrack> tracks)
  MediaStreamEvent: 1, // constructor(DOMString type, optional MediaStreamEventInit eventInitDict = {})
  MediaStreamTrack: 0, // no constructor
  MediaStreamTrackAudioStats: 0, // no constructor
  MediaStreamTrackEvent: 2, // constructor(DOMString type, MediaStreamTrackEventInit eventInitDict)
  MediaStreamTrackGenerator: 1, // constructor(MediaStreamTrackGeneratorInit init)
  MediaStreamTrackProcessor: 1, // constructor(MediaStreamTrackProcessorInit init)
  MediaStreamTrackVideoStats: 0, // no constructor
  NavigatorUserMediaError: 0, // no constructor
  OverconstrainedError: 1, // constructor(DOMString constraint, optional DOMString message = "")
  VideoColorSpace: 0, // constructor(optional VideoColorSpaceInit init = {})
  VideoFrame: 1, // constructor(CanvasImageSource image, optional VideoFrameInit init = {}), constructor(data, init)
  VideoTrackGenerator: 0, // constructor()
};

const exported: [string, Function][] = Object.entries(api as Record<string, unknown>).flatMap(([name, value]) =>
  typeof value === 'function' && /^[A-Z]/.test(name) ? [[name, value] as [string, Function]] : [],
);

describe('interface objects', () => {
  test('every exported interface has an expected length here', () => {
    assert.deepEqual(exported.map(([name]) => name).sort(), Object.keys(CONSTRUCTOR_LENGTHS).sort());
  });

  for (const [name, cls] of exported) {
    test(`${name}: name and length`, () => {
      assert.equal(cls.name, name);
      assert.equal(cls.length, CONSTRUCTOR_LENGTHS[name]);
      const length = Object.getOwnPropertyDescriptor(cls, 'length');
      assert.deepEqual(
        { writable: length?.writable, enumerable: length?.enumerable, configurable: length?.configurable },
        { writable: false, enumerable: false, configurable: true },
      );
    });
  }
});
