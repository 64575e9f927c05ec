/**
 * The WebCodecs interfaces frames travel in (VideoFrame, AudioData, VideoColorSpace), given the WebIDL
 * shape of this package's other interfaces (enumerable members). Their implementation lives in
 * `src/media/`, which cannot depend on `src/webidl/`.
 *
 * @module
 */

import { AudioData } from '../media/audio-data.js';
import { VideoColorSpace } from '../media/video-color-space.js';
import { VideoFrame } from '../media/video-frame.js';
import { configureInterface } from '../webidl/interface.js';

// Each constructor's "length" is its shortest overload's required arguments: VideoFrame(image, optional init) and
// AudioData(init) take one; the classes' own parameter lists count internal ones.
configureInterface(VideoFrame, 'VideoFrame', 1);
configureInterface(AudioData, 'AudioData', 1);
configureInterface(VideoColorSpace);

export { AudioData, VideoColorSpace, VideoFrame };
