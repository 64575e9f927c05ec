/**
 * `mediacapture snap [out.png|out.jpg] [--constraints JSON]`: one photo through ImageCapture.takePhoto(),
 * at the size of the track the constraints give.
 *
 * @module
 */

import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';

import { ImageCapture, type MediaDevices, type MediaStream, type MediaStreamConstraints, type MediaStreamTrack } from 'mediacapture';
import { setPhotoType, type PhotoMimeType } from 'mediacapture/testing';
import { captureError, CliError, usageError } from './cli-error.js';
import { checkWritable, describeFileError } from './output-file.js';
import { formatBytes } from './text-format.js';

const EXTENSION_TYPES: Readonly<Record<string, PhotoMimeType>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
};

/** What `snap` was asked to do. */
export interface SnapRequest {
  readonly path: string;
  readonly constraints: MediaStreamConstraints;
  readonly constraintsText: string | undefined;
  readonly usingFake: boolean;
}

/** The photo type a file name asks for. */
export function photoTypeOf(path: string): PhotoMimeType {
  const extension = extname(path).toLowerCase();
  const type = EXTENSION_TYPES[extension];
  if (type === undefined) {
    throw usageError(`cannot tell the photo type from "${extension || path}": name the file .png or .jpg`);
  }
  return type;
}

/** Takes the photo and writes it; resolves with the summary line. */
export async function runSnap(mediaDevices: MediaDevices, request: SnapRequest): Promise<string> {
  const type = photoTypeOf(request.path);
  if (request.constraints.video === undefined || request.constraints.video === false) {
    throw usageError('a photo needs video: the constraints must request it, as {"video":true} or {"video":{…}}');
  }
  await checkWritable(request.path);
  let stream: MediaStream;
  try {
    stream = await mediaDevices.getUserMedia({ video: request.constraints.video });
  } catch (error) {
    throw captureError(error, request.constraintsText, request.usingFake);
  }
  try {
    const track = stream.getVideoTracks()[0] as MediaStreamTrack;
    const capture = new ImageCapture(track);
    setPhotoType(capture, type);
    let photo: Blob;
    try {
      photo = await capture.takePhoto();
    } catch (error) {
      throw new CliError(`cannot take the photo: ${(error as Error).message}`, undefined, { cause: error });
    }
    const bytes = new Uint8Array(await photo.arrayBuffer());
    try {
      await writeFile(request.path, bytes);
    } catch (error) {
      throw new CliError(`cannot write ${request.path}: ${describeFileError(error)}`, undefined, { cause: error });
    }
    const { width, height } = track.getSettings();
    return `${request.path}: ${width ?? '?'}x${height ?? '?'} ${photo.type}, ${formatBytes(bytes.byteLength)} from ${track.label}`;
  } finally {
    for (const track of stream.getTracks()) {
      track.stop();
    }
  }
}
