// What v4l2-ctl and ffmpeg print for real V4L2 cameras, in the tools' exact layouts (tabs, spacing,
// ffmpeg's `[video4linux2,v4l2 @ 0x…]` prefixes), for the parser tests.

/** v4l-utils ≥ 1.16, a UVC webcam (Logitech C920-like): YUYV and MJPEG, discrete sizes and intervals. */
export const V4L2_CTL_UVC_WEBCAM = [
  'ioctl: VIDIOC_ENUM_FMT',
  '\tType: Video Capture',
  '',
  "\t[0]: 'YUYV' (YUYV 4:2:2)",
  '\t\tSize: Discrete 640x480',
  '\t\t\tInterval: Discrete 0.033s (30.000 fps)',
  '\t\t\tInterval: Discrete 0.042s (24.000 fps)',
  '\t\t\tInterval: Discrete 0.050s (20.000 fps)',
  '\t\t\tInterval: Discrete 0.067s (15.000 fps)',
  '\t\t\tInterval: Discrete 0.100s (10.000 fps)',
  '\t\t\tInterval: Discrete 0.133s (7.500 fps)',
  '\t\t\tInterval: Discrete 0.200s (5.000 fps)',
  '\t\tSize: Discrete 160x90',
  '\t\t\tInterval: Discrete 0.033s (30.000 fps)',
  '\t\t\tInterval: Discrete 0.067s (15.000 fps)',
  '\t\tSize: Discrete 1280x720',
  '\t\t\tInterval: Discrete 0.100s (10.000 fps)',
  '\t\t\tInterval: Discrete 0.133s (7.500 fps)',
  '\t\t\tInterval: Discrete 0.200s (5.000 fps)',
  '\t\tSize: Discrete 1920x1080',
  '\t\t\tInterval: Discrete 0.200s (5.000 fps)',
  "\t[1]: 'MJPG' (Motion-JPEG, compressed)",
  '\t\tSize: Discrete 640x480',
  '\t\t\tInterval: Discrete 0.033s (30.000 fps)',
  '\t\t\tInterval: Discrete 0.067s (15.000 fps)',
  '\t\tSize: Discrete 1280x720',
  '\t\t\tInterval: Discrete 0.033s (30.000 fps)',
  '\t\t\tInterval: Discrete 0.067s (15.000 fps)',
  '\t\tSize: Discrete 1920x1080',
  '\t\t\tInterval: Discrete 0.033s (30.000 fps)',
  '\t\t\tInterval: Discrete 0.067s (15.000 fps)',
  "\t[2]: 'H264' (H.264, compressed)",
  '\t\tSize: Discrete 1920x1080',
  '\t\t\tInterval: Discrete 0.033s (30.000 fps)',
  '',
].join('\n');

/** The metadata node a UVC camera also makes (/dev/video1): no capture formats. */
export const V4L2_CTL_METADATA_NODE = ['ioctl: VIDIOC_ENUM_FMT', '\tType: Video Capture', ''].join('\n');

/** v4l-utils before 1.16 (Index / Type / Pixel Format / Name blocks), an older UVC camera with NTSC rates. */
export const V4L2_CTL_OLD_LAYOUT = [
  'ioctl: VIDIOC_ENUM_FMT',
  '\tIndex       : 0',
  '\tType        : Video Capture',
  "\tPixel Format: 'MJPG' (compressed)",
  '\tName        : Motion-JPEG',
  '\t\tSize: Discrete 1280x720',
  '\t\t\tInterval: Discrete 0.033s (30.000 fps)',
  '\t\tSize: Discrete 640x480',
  '\t\t\tInterval: Discrete 0.033s (29.970 fps)',
  '',
  '\tIndex       : 1',
  '\tType        : Video Capture',
  "\tPixel Format: 'YUYV'",
  '\tName        : YUYV 4:2:2',
  '\t\tSize: Discrete 640x480',
  '\t\t\tInterval: Discrete 0.033s (29.970 fps)',
  '\t\t\tInterval: Discrete 0.067s (15.000 fps)',
  '',
].join('\n');

/** A camera-sensor driver with ranged sizes and intervals, and a format ffmpeg cannot take. */
export const V4L2_CTL_STEPWISE = [
  'ioctl: VIDIOC_ENUM_FMT',
  '\tType: Video Capture',
  '',
  "\t[0]: 'YU12' (Planar YUV 4:2:0)",
  '\t\tSize: Stepwise 32x32 - 1920x1080 with step 2/2',
  '\t\t\tInterval: Continuous 0.017s - 1.000s (1.000-60.000 fps)',
  "\t[1]: 'pRAA' (10-bit Bayer RGRG/GBGB Packed)",
  '\t\tSize: Discrete 3280x2464',
  '\t\t\tInterval: Discrete 0.048s (21.000 fps)',
  '',
].join('\n');

/** `ffmpeg -hide_banner -f v4l2 -list_formats all -i /dev/video0` on stderr (ffmpeg 5–7). */
export const FFMPEG_V4L2_LIST_FORMATS = [
  '[video4linux2,v4l2 @ 0x55c1f6a4c7c0] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 160x90 320x240 1280x720 1920x1080',
  '[video4linux2,v4l2 @ 0x55c1f6a4c7c0] Compressed:       mjpeg :          Motion-JPEG : 640x480 1280x720 1920x1080',
  '[video4linux2,v4l2 @ 0x55c1f6a4c7c0] Compressed: Unsupported :                H.264 : 1920x1080',
  '[in#0 @ 0x55c1f6a4b680] Error opening input: Immediate exit requested',
  'Error opening input file /dev/video0.',
  '',
].join('\n');

/** ffmpeg's listing of a driver with ranged sizes. */
export const FFMPEG_V4L2_STEPWISE = [
  '[video4linux2,v4l2 @ 0x5612e0e4a940] Raw       :     yuv420p :     Planar YUV 4:2:0 : {32-1920, 2}x{32-1080, 2}',
  '/dev/video0: Immediate exit requested',
  '',
].join('\n');
