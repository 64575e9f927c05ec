/**
 * Node's floor for the paced bench: what a Node process spends on the same schedule of wakes, the same streams and
 * the same reader work as bench/capture.mjs's paced run, with no media library at all. Video frames and audio
 * chunks are plain objects over buffers filled once; they arrive at the fake devices' times (one timer wake per
 * video frame, with the audio chunks due by then, each frame and chunk in a task of its own), through
 * ReadableStreams shaped as MediaStreamTrackProcessor's (high-water mark 0, a pull that counts pending reads, a
 * queue of one frame that drops the oldest). The reader's loop, its copies and the frame getters it reads are
 * capture.mjs's own.
 *
 * What ours spends above this is what the package itself costs: its frames, clock, pipeline, sources and painting.
 * capture.mjs --mode floor runs it.
 */

/** A video frame with what capture.mjs's reader uses: size, timestamp, allocationSize, copyTo, close. */
class FloorFrame {
  constructor(bytes, width, height, timestamp) {
    this.bytes = bytes;
    this.codedWidth = width;
    this.codedHeight = height;
    this.timestamp = timestamp;
    this.closed = false;
  }

  allocationSize() {
    return this.bytes.byteLength;
  }

  async copyTo(destination) {
    destination.set(this.bytes);
    return [];
  }

  close() {
    this.closed = true;
  }
}

/** An audio chunk with what capture.mjs's reader uses: its shape, copyTo of one plane, close. */
class FloorChunk {
  constructor(samples, sampleRate, timestamp) {
    this.samples = samples;
    this.numberOfFrames = samples.length;
    this.numberOfChannels = 1;
    this.sampleRate = sampleRate;
    this.format = 'f32-planar';
    this.timestamp = timestamp;
    this.closed = false;
  }

  copyTo(destination) {
    destination.set(this.samples);
  }

  close() {
    this.closed = true;
  }
}

/** A stream shaped as a processor's readable: each read pulls, and a frame goes out only to a pending read. */
function processorShapedStream() {
  let controller;
  let pendingReads = 0;
  let queued;
  let closed = false;
  const give = () => {
    if (pendingReads > 0 && queued !== undefined) {
      const frame = queued;
      queued = undefined;
      pendingReads--;
      controller.enqueue(frame);
    }
  };
  const readable = new ReadableStream(
    {
      start(c) {
        controller = c;
      },
      pull() {
        pendingReads++;
        give();
      },
    },
    { highWaterMark: 0 },
  );
  return {
    readable,
    push(frame) {
      if (closed) {
        frame.close();
        return;
      }
      queued?.close();
      queued = frame;
      give();
    },
    close() {
      closed = true;
      queued?.close();
      queued = undefined;
      controller.close();
    },
  };
}

/**
 * Starts the stand-in devices: `videoReaders` video streams of width x height at `fps`, and with `audio` one stream
 * of 10 ms mono chunks at 48 kHz. Returns the readables and stop().
 */
export function startNodeFloor({ width, height, fps, audio, videoReaders = 1 }) {
  const frameBytes = new Uint8Array(width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2)).fill(128);
  const samples = new Float32Array(480);
  const videoStreams = Array.from({ length: videoReaders }, processorShapedStream);
  const audioStream = audio ? processorShapedStream() : undefined;
  const startMs = performance.now();
  const chunkMs = 10;
  let slot = 0;
  let chunk = 0;
  let timer;
  let stopped = false;

  const deliverVideo = (timestamp) => {
    for (const stream of videoStreams) {
      stream.push(new FloorFrame(frameBytes, width, height, timestamp));
    }
  };
  const deliverChunk = (timestamp) => audioStream.push(new FloorChunk(samples, 48000, timestamp));

  const wake = () => {
    if (stopped) {
      return;
    }
    const nowMs = performance.now();
    setImmediate(deliverVideo, Math.round((slot * 1e6) / fps));
    if (audioStream !== undefined) {
      for (; startMs + chunk * chunkMs <= nowMs; chunk++) {
        setImmediate(deliverChunk, chunk * chunkMs * 1000);
      }
    }
    slot = Math.max(slot + 1, Math.floor(((nowMs - startMs) * fps) / 1000));
    // As MonotonicClock arms its timer: a millisecond more, so that the wake never comes before the slot.
    timer = setTimeout(wake, Math.max(1, Math.ceil(startMs + (slot * 1000) / fps - performance.now()) + 1));
  };
  timer = setTimeout(wake, 0);

  return {
    video: videoStreams.map((stream) => stream.readable),
    audio: audioStream?.readable,
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const stream of [...videoStreams, ...(audioStream === undefined ? [] : [audioStream])]) {
        stream.close();
      }
    },
  };
}
