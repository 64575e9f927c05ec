// What ffmpeg prints (on stderr) when it lists avfoundation and DirectShow devices, in the layouts of
// several ffmpeg versions, for the macOS and Windows parser tests.

/** `ffmpeg -f avfoundation -list_devices true -i ""`, ffmpeg 6 on a MacBook with an external screen. */
export const AVFOUNDATION_DEVICES = [
  '[AVFoundation indev @ 0x7fd2f5f04a40] AVFoundation video devices:',
  '[AVFoundation indev @ 0x7fd2f5f04a40] [0] FaceTime HD Camera',
  '[AVFoundation indev @ 0x7fd2f5f04a40] [1] OBS Virtual Camera',
  '[AVFoundation indev @ 0x7fd2f5f04a40] [2] Capture screen 0',
  '[AVFoundation indev @ 0x7fd2f5f04a40] [3] Capture screen 1',
  '[AVFoundation indev @ 0x7fd2f5f04a40] AVFoundation audio devices:',
  '[AVFoundation indev @ 0x7fd2f5f04a40] [0] MacBook Pro Microphone',
  '[AVFoundation indev @ 0x7fd2f5f04a40] [1] ZoomAudioDevice',
  '[in#0 @ 0x600002b2c000] Error opening input: Input/output error',
  'Error opening input file .',
  'Error opening input files: Input/output error',
  '',
].join('\n');

/** The same listing from ffmpeg 4 ("AVFoundation input device"), from a build that prints unique ids. */
export const AVFOUNDATION_DEVICES_WITH_IDS = [
  '[AVFoundation input device @ 0x7f9a8a504580] AVFoundation video devices:',
  '[AVFoundation input device @ 0x7f9a8a504580] [0] FaceTime HD Camera (Built-in) (ID: 0x8020000005ac8514)',
  '[AVFoundation input device @ 0x7f9a8a504580] [1] Capture screen 0 (ID: AvfilterAvfoundationCaptureScreen69733382)',
  '[AVFoundation input device @ 0x7f9a8a504580] AVFoundation audio devices:',
  '[AVFoundation input device @ 0x7f9a8a504580] [0] Built-in Microphone (ID: AppleHDAEngineInput:1B,0,1,0:1)',
  ': Input/output error',
  '',
].join('\n');

/** `ffmpeg -f avfoundation -video_size 1x1 -i 0:none …`: the camera's formats and rate ranges. */
export const AVFOUNDATION_SUPPORTED_MODES = [
  '[avfoundation @ 0x7f8b7c004a00] Selected video size (1x1) is not supported by the device.',
  '[avfoundation @ 0x7f8b7c004a00] Supported modes:',
  '[avfoundation @ 0x7f8b7c004a00]   192x144@[1.000000 30.000000]fps',
  '[avfoundation @ 0x7f8b7c004a00]   352x288@[1.000000 30.000000]fps',
  '[avfoundation @ 0x7f8b7c004a00]   640x480@[1.000000 30.000000]fps',
  '[avfoundation @ 0x7f8b7c004a00]   640x480@[1.000000 30.000000]fps',
  '[avfoundation @ 0x7f8b7c004a00]   1280x720@[1.000000 30.000000]fps',
  '[avfoundation @ 0x7f8b7c004a00]   1280x720@[1.000000 60.000000]fps',
  '[avfoundation @ 0x7f8b7c004a00]   1920x1080@[2.000000 29.970030]fps',
  '[in#0 @ 0x600003f38000] Error opening input: Input/output error',
  'Error opening input file 0:none.',
  '',
].join('\n');

/** `ffmpeg -list_devices true -f dshow -i dummy` before ffmpeg 4.4: headings, then names and monikers. */
export const DSHOW_DEVICES_SECTIONS = [
  '[dshow @ 00000000001c23c0] DirectShow video devices (some may be both video and audio devices)',
  '[dshow @ 00000000001c23c0]  "Integrated Webcam"',
  '[dshow @ 00000000001c23c0]     Alternative name "@device_pnp_\\\\?\\usb#vid_0c45&pid_6448&mi_00#7&2645f9e4&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"',
  '[dshow @ 00000000001c23c0]  "screen-capture-recorder"',
  '[dshow @ 00000000001c23c0]     Alternative name "@device_sw_{860BB310-5D01-11D0-BD3B-00A0C911CE86}\\{4EA69364-2C8A-4AE6-A561-56E4B5044439}"',
  '[dshow @ 00000000001c23c0] DirectShow audio devices',
  '[dshow @ 00000000001c23c0]  "Microphone (High Definition Audio Device)"',
  '[dshow @ 00000000001c23c0]     Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{E26AD2BE-B335-41EC-BED5-40F982F21FF7}"',
  'dummy: Immediate exit requested',
  '',
].join('\n');

/** The same since ffmpeg 4.4: `"name" (video)` lines; two cameras share a name; one device has no media. */
export const DSHOW_DEVICES_TYPED = [
  '[dshow @ 000001f8c1a0e7c0] "USB2.0 HD UVC WebCam" (video)',
  '[dshow @ 000001f8c1a0e7c0]   Alternative name "@device_pnp_\\\\?\\usb#vid_13d3&pid_56dd&mi_00#6&1bd2b4b7&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"',
  '[dshow @ 000001f8c1a0e7c0] "USB2.0 HD UVC WebCam" (video)',
  '[dshow @ 000001f8c1a0e7c0]   Alternative name "@device_pnp_\\\\?\\usb#vid_13d3&pid_56dd&mi_00#7&3a1e66c&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c9223196}\\global"',
  '[dshow @ 000001f8c1a0e7c0] "Elgato Virtual Camera" (none)',
  '[dshow @ 000001f8c1a0e7c0]   Alternative name "@device_sw_{860BB310-5D01-11D0-BD3B-00A0C911CE86}\\{ED0DF6E0-CE2C-4A50-8E7A-BC34B3A8A4E5}"',
  '[dshow @ 000001f8c1a0e7c0] "Microphone Array (Realtek(R) Audio)" (audio)',
  '[dshow @ 000001f8c1a0e7c0]   Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\wave_{8A4D4E2B-5B3F-4E4B-9C2E-3F0B8C6D7E11}"',
  '[in#0 @ 000001f8c1a0d340] Error opening input: Immediate exit requested',
  'Error opening input file dummy.',
  '',
].join('\n');

/** ffmpeg 7.1 prints some of the same lines with an `[in#0 @ …]` prefix. */
export const DSHOW_DEVICES_IN0_PREFIX = [
  '[in#0 @ 000001bd07e70b00] "screen-capture-recorder" (video)',
  '[in#0 @ 000001bd07e70b00]   Alternative name "@device_sw_{860BB310-5D01-11D0-BD3B-00A0C911CE86}\\{4EA69364-2C8A-4AE6-A561-56E4B5044439}"',
  '[dshow @ 000002798dd4fb80] "virtual-audio-capturer" (audio)',
  '[dshow @ 000002798dd4fb80]   Alternative name "@device_sw_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\\{8E146464-DB61-4309-AFA1-3578E927E935}"',
  '',
].join('\n');

/** `ffmpeg -list_options true -f dshow -i video=…`: YUY2 and MJPEG media types of a 1080p webcam. */
export const DSHOW_OPTIONS = [
  '[dshow @ 00000184176a8080] DirectShow video device options (from video devices)',
  '[dshow @ 00000184176a8080]  Pin "Capture" (alternative pin name "0")',
  '[dshow @ 00000184176a8080]   vcodec=mjpeg  min s=1920x1080 fps=30 max s=1920x1080 fps=30',
  '[dshow @ 00000184176a8080]   vcodec=mjpeg  min s=1920x1080 fps=30 max s=1920x1080 fps=30 (pc, bt470bg/bt709/unknown, center)',
  '[dshow @ 00000184176a8080]   vcodec=mjpeg  min s=1280x720 fps=30 max s=1280x720 fps=30',
  '[dshow @ 00000184176a8080]   vcodec=mjpeg  min s=640x480 fps=30 max s=640x480 fps=30 (pc, bt470bg/bt709/unknown, center)',
  '[dshow @ 00000184176a8080]   pixel_format=yuyv422  min s=640x480 fps=5 max s=640x480 fps=30',
  '[dshow @ 00000184176a8080]   pixel_format=yuyv422  min s=640x480 fps=5 max s=640x480 fps=30 (tv, bt470bg/bt709/unknown, topleft)',
  '[dshow @ 00000184176a8080]   pixel_format=yuyv422  min s=1280x720 fps=5 max s=1280x720 fps=10',
  '[dshow @ 00000184176a8080]   pixel_format=nv12  min s=1920x1080 fps=5 max s=1920x1080 fps=5.00002',
  '[dshow @ 00000184176a8080]   unknown compression type 0x3231564E  min s=640x480 fps=5 max s=640x480 fps=30',
  '[in#0 @ 00000184176a6f40] Error opening input: Immediate exit requested',
  'Error opening input file video=USB2.0 HD UVC WebCam.',
  '',
].join('\n');

/** `ffmpeg -f avfoundation -capture_cursor 0 -i "2:none" -frames:v 1 -f null -` on a MacBook Pro (ffmpeg 6.1). */
export const AVFOUNDATION_SCREEN_PROBE = [
  '[AVFoundation indev @ 0x14c6049c0] Selected pixel format (yuv420p) is not supported by the input device.',
  '[AVFoundation indev @ 0x14c6049c0] Supported pixel formats:',
  '[AVFoundation indev @ 0x14c6049c0]   uyvy422',
  '[AVFoundation indev @ 0x14c6049c0]   yuyv422',
  '[AVFoundation indev @ 0x14c6049c0]   nv12',
  '[AVFoundation indev @ 0x14c6049c0]   0rgb',
  '[AVFoundation indev @ 0x14c6049c0]   bgr0',
  '[AVFoundation indev @ 0x14c6049c0] Overriding selected pixel format to use uyvy422 instead.',
  "Input #0, avfoundation, from '2:none':",
  '  Duration: N/A, start: 35542.966667, bitrate: N/A',
  '  Stream #0:0: Video: rawvideo (UYVY / 0x59565955), uyvy422, 3024x1964, 1000k tbr, 1000k tbn',
  'Stream mapping:',
  '  Stream #0:0 -> #0:0 (rawvideo (native) -> wrapped_avframe (native))',
  "Output #0, null, to 'pipe:':",
  '  Metadata:',
  '    encoder         : Lavf60.16.100',
  '  Stream #0:0: Video: wrapped_avframe, uyvy422(progressive), 3024x1964, q=2-31, 200 kb/s, 1000k fps, 1000k tbn',
  '      Metadata:',
  '        encoder         : Lavc60.31.102 wrapped_avframe',
  '[out#0/null @ 0x600000c8c000] video:0kB audio:0kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown',
  'frame=    1 fps=0.0 q=-0.0 Lsize=N/A time=00:00:00.00 bitrate=N/A speed=   0x    ',
  '',
].join('\n');

/** The same probe of a second screen that was unplugged after the listing (ffmpeg 6.1). */
export const AVFOUNDATION_SCREEN_PROBE_GONE = [
  '[AVFoundation indev @ 0x13f704a50] Invalid device index',
  "[in#0 @ 0x600003d3c100] Error opening input: Input/output error",
  "Error opening input file 3:none.",
  'Error opening input files: Input/output error',
  '',
].join('\n');

/** `ffmpeg -f gdigrab -framerate 1 -draw_mouse 0 -i desktop -frames:v 1 -f null -` with two monitors, the second left of the main one (ffmpeg 6.1). */
export const GDIGRAB_DESKTOP_PROBE = [
  '[gdigrab @ 000001d3f8a0e840] Capturing whole desktop as 3840x1080x32 at (-1920,0)',
  "Input #0, gdigrab, from 'desktop':",
  '  Duration: N/A, start: 1732180000.512345, bitrate: 132710 kb/s',
  '  Stream #0:0: Video: bmp, bgra, 3840x1080, 132710 kb/s, 1 fps, 1000k tbr, 1000k tbn',
  'Stream mapping:',
  '  Stream #0:0 -> #0:0 (bmp (native) -> wrapped_avframe (native))',
  "Output #0, null, to 'pipe:':",
  '  Stream #0:0: Video: wrapped_avframe, bgra, 3840x1080, q=2-31, 200 kb/s, 1 fps, 1 tbn',
  '[out#0/null @ 000001d3f8a12c40] video:0KiB audio:0KiB subtitle:0KiB other streams:0KiB global headers:0KiB muxing overhead: unknown',
  'frame=    1 fps=0.0 q=-0.0 Lsize=N/A time=00:00:00.00 bitrate=N/A speed=   0x    ',
  '',
].join('\n');

/** The probe in a session without a desktop (a service, ffmpeg 6.1). */
export const GDIGRAB_NO_DESKTOP = [
  '[gdigrab @ 0000021c7e2e8a40] Failed to capture image (error 6)',
  '[in#0 @ 0000021c7e2e6d00] Error opening input: I/O error',
  'Error opening input file desktop.',
  'Error opening input files: I/O error',
  '',
].join('\n');
