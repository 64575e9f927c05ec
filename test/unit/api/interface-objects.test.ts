// The interface objects the package exports, as WebIDL derives them from the specs' IDL
// (https://webidl.spec.whatwg.org/#es-interfaces): each one's "name" and "length" (the required arguments of its
// shortest constructor overload, 0 without one), its operations and their lengths, its @@toStringTag, prototype
// and constructor properties, and the brand checks of its operations and attributes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import * as api from '../../../src/index.js';
import { exportedInterfaces, propertyFlags } from '../../helpers/interfaces.js';

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

const exported = exportedInterfaces(api);

/**
 * Every operation on each interface's prototype (and its static operations, prefixed "static "), with its length:
 * the number of its required arguments in the IDL.
 */
const OPERATION_LENGTHS: Record<string, Record<string, number>> = {
  AudioData: { allocationSize: 1, copyTo: 2, clone: 0, close: 0 },
  BlobEvent: {},
  CaptureController: { setFocusBehavior: 1 },
  DeviceChangeEvent: {},
  ImageBitmap: { close: 0 },
  ImageCapture: { takePhoto: 0, getPhotoCapabilities: 0, getPhotoSettings: 0, grabFrame: 0 },
  InputDeviceInfo: { getCapabilities: 0 },
  MediaDeviceInfo: { toJSON: 0 },
  MediaDevices: { enumerateDevices: 0, getSupportedConstraints: 0, getUserMedia: 0, getDisplayMedia: 0, selectAudioOutput: 0 },
  // start(optional unsigned long timeslice)
  MediaRecorder: { start: 0, stop: 0, pause: 0, resume: 0, requestData: 0, 'static isTypeSupported': 1 },
  MediaStream: { getAudioTracks: 0, getVideoTracks: 0, getTracks: 0, getTrackById: 1, addTrack: 1, removeTrack: 1, clone: 0 },
  MediaStreamEvent: {},
  MediaStreamTrack: { clone: 0, stop: 0, getCapabilities: 0, getConstraints: 0, getSettings: 0, applyConstraints: 0 },
  MediaStreamTrackAudioStats: { resetLatency: 0, toJSON: 0 },
  MediaStreamTrackEvent: {},
  MediaStreamTrackGenerator: {},
  MediaStreamTrackProcessor: {},
  MediaStreamTrackVideoStats: { toJSON: 0 },
  NavigatorUserMediaError: {},
  OverconstrainedError: {},
  VideoColorSpace: { toJSON: 0 },
  // allocationSize(optional VideoFrameCopyToOptions options = {}), copyTo(destination, optional options = {})
  VideoFrame: { metadata: 0, allocationSize: 0, copyTo: 1, clone: 0, close: 0 },
  VideoTrackGenerator: {},
};

/** The operations `cls` defines itself (not inherited), with their lengths. */
function ownOperations(cls: Function): Record<string, number> {
  const found: Record<string, number> = {};
  const collect = (target: object, prefix: string): void => {
    for (const key of Object.getOwnPropertyNames(target)) {
      const value = (Object.getOwnPropertyDescriptor(target, key) as PropertyDescriptor).value as unknown;
      if (key !== 'constructor' && typeof value === 'function') {
        found[`${prefix}${key}`] = value.length;
      }
    }
  };
  collect(cls.prototype as object, '');
  collect(cls, 'static ');
  return found;
}

describe('interface objects', () => {
  test('every exported interface has an expected length here', () => {
    assert.deepEqual(exported.map(([name]) => name).sort(), Object.keys(CONSTRUCTOR_LENGTHS).sort());
  });

  for (const [name, cls] of exported) {
    test(`${name}: name and length`, () => {
      assert.equal(cls.name, name);
      assert.equal(cls.length, CONSTRUCTOR_LENGTHS[name]);
      assert.deepEqual(propertyFlags(cls, 'length'), { writable: false, enumerable: false, configurable: true });
    });

    test(`${name}: @@toStringTag, prototype and constructor properties`, () => {
      const prototype = cls.prototype as object;
      const tag = Object.getOwnPropertyDescriptor(prototype, Symbol.toStringTag);
      assert.deepEqual(tag, { value: name, writable: false, enumerable: false, configurable: true });
      assert.deepEqual(propertyFlags(cls, 'prototype'), { writable: false, enumerable: false, configurable: false });
      assert.deepEqual(Object.getOwnPropertyDescriptor(prototype, 'constructor'), {
        value: cls,
        writable: true,
        enumerable: false,
        configurable: true,
      });
    });

    test(`${name}: every operation and attribute rejects an object that is not one (TypeError)`, async () => {
      const foreign = {};
      for (const key of Object.getOwnPropertyNames(cls.prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(cls.prototype, key) as PropertyDescriptor;
        const members: [string, Function][] = [];
        if (key !== 'constructor' && typeof descriptor.value === 'function') {
          members.push([`${key}()`, descriptor.value as Function]);
        }
        if (descriptor.get !== undefined) {
          members.push([`get ${key}`, descriptor.get]);
        }
        if (descriptor.set !== undefined) {
          members.push([`set ${key}`, descriptor.set]);
        }
        for (const [label, member] of members) {
          let result: unknown;
          try {
            result = member.call(foreign, undefined);
          } catch (error) {
            assert.ok(error instanceof TypeError, `${name}.${label} threw ${String(error)}`);
            continue;
          }
          // An operation that returns a promise rejects instead of throwing (WebIDL).
          assert.ok(result instanceof Promise, `${name}.${label} accepted a foreign object`);
          await assert.rejects(result, TypeError, `${name}.${label}`);
        }
      }
    });

    test(`${name}: its operations and their lengths`, () => {
      assert.deepEqual(ownOperations(cls), OPERATION_LENGTHS[name]);
    });
  }
});
