import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AudioData,
  MediaStreamTrack,
  MediaStreamTrackGenerator,
  MediaStreamTrackProcessor,
  VideoFrame,
  VideoTrackGenerator,
} from '../../src/index.js';
import { openFrameCounts } from '../../src/testing.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function i420Frame(width: number, height: number, timestamp: number, luma = 100): VideoFrame {
  const bytes = new Uint8Array(width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2)).fill(128);
  bytes.fill(luma, 0, width * height);
  return new VideoFrame(bytes, { format: 'I420', codedWidth: width, codedHeight: height, timestamp });
}

async function readSize(reader: ReadableStreamDefaultReader<VideoFrame | AudioData>): Promise<string> {
  const { value } = await reader.read();
  const frame = value as VideoFrame;
  const size = `${frame.codedWidth}x${frame.codedHeight}`;
  frame.close();
  return size;
}

/** A VideoTrackGenerator, a clone of its track, a reader of each (10 frames deep), and its writer. */
function generatorWithClone(): {
  generator: VideoTrackGenerator;
  clone: MediaStreamTrack;
  original: ReadableStreamDefaultReader<VideoFrame | AudioData>;
  small: ReadableStreamDefaultReader<VideoFrame | AudioData>;
  writer: WritableStreamDefaultWriter<VideoFrame>;
} {
  const generator = new VideoTrackGenerator();
  const clone = generator.track.clone();
  const original = new MediaStreamTrackProcessor({ track: generator.track, maxBufferSize: 10 }).readable.getReader();
  const small = new MediaStreamTrackProcessor({ track: clone, maxBufferSize: 10 }).readable.getReader();
  return { generator, clone, original, small, writer: generator.writable.getWriter() };
}

async function assertNoOpenFrames(): Promise<void> {
  await tick();
  assert.deepEqual(openFrameCounts(), { videoFrames: 0, audioData: 0 });
}

describe('VideoTrackGenerator', () => {
  it('gives a live video track whose settings have no size until the first frame', () => {
    const generator = new VideoTrackGenerator();
    assert.ok(generator.track instanceof MediaStreamTrack);
    assert.equal(generator.track.kind, 'video');
    assert.equal(generator.track.readyState, 'live');
    assert.deepEqual(generator.track.getSettings(), { resizeMode: 'none' });
    generator.track.stop();
  });

  it('reports the latest frame size and the capabilities a VideoFrame may have once frames are written', async () => {
    const generator = new VideoTrackGenerator();
    const writer = generator.writable.getWriter();
    await writer.write(i420Frame(1280, 720, 0));
    await writer.write(i420Frame(1280, 720, 40_000));
    await tick();
    const settings = generator.track.getSettings();
    assert.equal(settings.width, 1280);
    assert.equal(settings.height, 720);
    assert.equal(settings.frameRate, 25);
    const capabilities = generator.track.getCapabilities();
    assert.deepEqual(capabilities.width, { min: 1, max: 32767 });
    assert.deepEqual(capabilities.frameRate, { min: 0, max: 1000 });
    assert.deepEqual(capabilities.resizeMode, ['none', 'crop-and-scale']);
    await writer.write(i420Frame(640, 480, 80_000));
    await tick();
    assert.equal(generator.track.getSettings().width, 640);
    generator.track.stop();
    await assertNoOpenFrames();
  });

  it('sends each written frame to every track, closes the written frame, and crops and scales for a constrained clone', async () => {
    const { generator, clone, original, small, writer } = generatorWithClone();
    const first = i420Frame(1280, 720, 0);
    await writer.write(first);
    assert.equal(first.format, null, 'the written frame is closed');
    await tick();
    await clone.applyConstraints({ width: 320, height: 180, resizeMode: 'crop-and-scale' });
    await writer.write(i420Frame(1280, 720, 33_333));
    assert.equal(await readSize(original), '1280x720');
    assert.equal(await readSize(original), '1280x720');
    assert.equal(await readSize(small), '1280x720');
    assert.equal(await readSize(small), '320x180');
    generator.track.stop();
    clone.stop();
    await assertNoOpenFrames();
  });

  it('an RGBA or NV12 frame passes as written, and becomes I420 for a clone it is scaled for (RGB as BT.601 limited range)', async () => {
    const { generator, clone, original, small, writer } = generatorWithClone();
    const red = new Uint8Array(32 * 16 * 4);
    for (let index = 0; index < red.length; index += 4) {
      red.set([255, 0, 0, 255], index);
    }
    await writer.write(new VideoFrame(red, { format: 'RGBA', codedWidth: 32, codedHeight: 16, timestamp: 0 }));
    await tick();
    await clone.applyConstraints({ width: 16, height: 8, resizeMode: 'crop-and-scale' });
    await writer.write(new VideoFrame(red, { format: 'RGBA', codedWidth: 32, codedHeight: 16, timestamp: 33_333 }));
    // NV12, full range BT.709: Y 200, U 60, V 180 everywhere.
    const nv12 = new Uint8Array(32 * 16 + 32 * 8);
    nv12.fill(200, 0, 32 * 16);
    for (let index = 32 * 16; index < nv12.length; index += 2) {
      nv12.set([60, 180], index);
    }
    const colorSpace = { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: true } as const;
    await writer.write(new VideoFrame(nv12, { format: 'NV12', codedWidth: 32, codedHeight: 16, timestamp: 66_667, colorSpace }));
    const read = async (reader: ReadableStreamDefaultReader<VideoFrame | AudioData>): Promise<VideoFrame> => (await reader.read()).value as VideoFrame;
    for (const format of ['RGBA', 'RGBA', 'NV12']) {
      const frame = await read(original);
      assert.deepEqual([frame.format, frame.codedWidth, frame.codedHeight], [format, 32, 16]);
      frame.close();
    }
    (await read(small)).close();
    const scaledRed = await read(small);
    assert.deepEqual([scaledRed.format, scaledRed.codedWidth, scaledRed.codedHeight], ['I420', 16, 8]);
    assert.deepEqual(scaledRed.colorSpace.toJSON(), { primaries: 'smpte170m', transfer: 'smpte170m', matrix: 'smpte170m', fullRange: false });
    const redBytes = new Uint8Array(scaledRed.allocationSize());
    await scaledRed.copyTo(redBytes);
    scaledRed.close();
    // BT.601 limited-range red: Y 82, U 90, V 240 (within 1), in every sample of each plane.
    for (const [start, end, value] of [[0, 128, 82], [128, 160, 90], [160, 192, 240]] as const) {
      for (const sample of redBytes.subarray(start, end)) {
        assert.ok(Math.abs(sample - value) <= 1, `${sample} is not within 1 of ${value}`);
      }
    }
    const scaledNv12 = await read(small);
    assert.deepEqual([scaledNv12.format, scaledNv12.codedWidth, scaledNv12.codedHeight], ['I420', 16, 8]);
    assert.deepEqual(scaledNv12.colorSpace.toJSON(), colorSpace);
    const nv12Bytes = new Uint8Array(scaledNv12.allocationSize());
    await scaledNv12.copyTo(nv12Bytes);
    scaledNv12.close();
    assert.deepEqual([nv12Bytes[0], nv12Bytes[127], nv12Bytes[128], nv12Bytes[159], nv12Bytes[160], nv12Bytes[191]], [200, 200, 60, 60, 180, 180]);
    generator.track.stop();
    clone.stop();
    await assertNoOpenFrames();
  });

  it('never upscales: a constraint larger than the frames gives the largest size of that shape inside them', async () => {
    const generator = new VideoTrackGenerator();
    const reader = new MediaStreamTrackProcessor({ track: generator.track, maxBufferSize: 10 }).readable.getReader();
    const writer = generator.writable.getWriter();
    await writer.write(i420Frame(320, 240, 0));
    await tick();
    await generator.track.applyConstraints({ width: { exact: 1280 }, height: { exact: 720 }, resizeMode: 'crop-and-scale' });
    await writer.write(i420Frame(320, 240, 33_333));
    assert.equal(await readSize(reader), '320x240');
    assert.equal(await readSize(reader), '320x180');
    generator.track.stop();
    await assertNoOpenFrames();
  });

  it('mutes its tracks (mute event, no frames) and unmutes them', async () => {
    const generator = new VideoTrackGenerator();
    const events: string[] = [];
    generator.track.onmute = () => events.push('mute');
    generator.track.onunmute = () => events.push('unmute');
    const reader = new MediaStreamTrackProcessor({ track: generator.track, maxBufferSize: 10 }).readable.getReader();
    const writer = generator.writable.getWriter();
    generator.muted = true;
    assert.equal(generator.muted, true);
    await tick();
    await tick();
    assert.equal(generator.track.muted, true);
    await writer.write(i420Frame(64, 64, 0, 50));
    generator.muted = false;
    await tick();
    await tick();
    assert.equal(generator.track.muted, false);
    await writer.write(i420Frame(64, 64, 33_333, 200));
    const { value } = await reader.read();
    const frame = value as VideoFrame;
    assert.equal(frame.timestamp, 33_333, 'the frame written while muted never arrives');
    frame.close();
    assert.deepEqual(events, ['mute', 'unmute']);
    generator.track.stop();
    await assertNoOpenFrames();
  });

  // The writable's closeAlgorithm and abortAlgorithm are both closeWritable.
  for (const [how, end] of [
    ['closes', (writable: WritableStream<VideoFrame>) => writable.close()],
    ['is aborted', (writable: WritableStream<VideoFrame>) => writable.abort(new Error('the producer gave up'))],
  ] as const) {
    it(`ends every track with an ended event when the writable ${how}`, async () => {
      const generator = new VideoTrackGenerator();
      const clone = generator.track.clone();
      let ended = 0;
      generator.track.onended = () => ended++;
      clone.onended = () => ended++;
      await end(generator.writable);
      await tick();
      assert.equal(generator.track.readyState, 'ended');
      assert.equal(clone.readyState, 'ended');
      assert.equal(ended, 2);
    });
  }

  it('rejects writes of anything but an open VideoFrame with a TypeError', async () => {
    const generator = new VideoTrackGenerator();
    await assert.rejects(generator.writable.getWriter().write({} as VideoFrame), TypeError);
    const other = new VideoTrackGenerator();
    const closed = i420Frame(16, 16, 0);
    closed.close();
    await assert.rejects(other.writable.getWriter().write(closed), TypeError);
    generator.track.stop();
    other.track.stop();
  });

  it('makes later writes fail once its last track has ended', async () => {
    const generator = new VideoTrackGenerator();
    const writer = generator.writable.getWriter();
    generator.track.stop();
    await tick();
    const frame = i420Frame(16, 16, 0);
    await assert.rejects(writer.write(frame), { name: 'InvalidStateError' });
    // A write that fails leaves the frame with the writer.
    assert.equal(frame.format, 'I420');
    frame.close();
    await assertNoOpenFrames();
  });
});

describe('MediaStreamTrackGenerator', () => {
  it('is a MediaStreamTrack of the requested kind and rejects other kinds', () => {
    const video = new MediaStreamTrackGenerator({ kind: 'video' });
    assert.ok(video instanceof MediaStreamTrack);
    assert.equal(video.kind, 'video');
    assert.equal(Object.prototype.toString.call(video), '[object MediaStreamTrackGenerator]');
    assert.throws(() => new MediaStreamTrackGenerator({ kind: 'text' }), TypeError);
    assert.throws(() => new MediaStreamTrackGenerator({} as { kind: string }), TypeError);
    video.stop();
  });

  it('turns written AudioData into a track whose settings follow the chunks and that can be remixed', async () => {
    const generator = new MediaStreamTrackGenerator({ kind: 'audio' });
    const mono = generator.clone();
    const reader = new MediaStreamTrackProcessor({ track: generator, maxBufferSize: 10 }).readable.getReader();
    const monoReader = new MediaStreamTrackProcessor({ track: mono, maxBufferSize: 10 }).readable.getReader();
    const writer = generator.writable.getWriter();
    const samples = new Float32Array(882);
    samples.fill(0.5, 0, 441);
    samples.fill(-0.5, 441);
    await writer.write(new AudioData({ format: 'f32-planar', sampleRate: 44100, numberOfFrames: 441, numberOfChannels: 2, timestamp: 0, data: samples }));
    await tick();
    assert.deepEqual(generator.getSettings(), { sampleRate: 44100, channelCount: 2 });
    await mono.applyConstraints({ channelCount: 1 });
    await writer.write(new AudioData({ format: 'f32-planar', sampleRate: 44100, numberOfFrames: 441, numberOfChannels: 2, timestamp: 10_000, data: samples }));
    const first = (await reader.read()).value as AudioData;
    assert.equal(first.numberOfChannels, 2);
    first.close();
    (await monoReader.read()).value?.close();
    const mixed = (await monoReader.read()).value as AudioData;
    assert.equal(mixed.numberOfChannels, 1);
    const plane = new Float32Array(441);
    mixed.copyTo(plane, { planeIndex: 0 });
    assert.ok(plane.every((sample) => Math.abs(sample) < 1e-6), 'left 0.5 and right -0.5 mix to silence');
    mixed.close();
    (await reader.read()).value?.close();
    generator.stop();
    mono.stop();
    await assertNoOpenFrames();
  });

  it('rejects a VideoFrame written to an audio generator', async () => {
    const generator = new MediaStreamTrackGenerator({ kind: 'audio' });
    const frame = i420Frame(16, 16, 0);
    await assert.rejects(generator.writable.getWriter().write(frame as unknown as AudioData), TypeError);
    frame.close();
    generator.stop();
  });
});
