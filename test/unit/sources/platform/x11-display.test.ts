// Listing X11 monitors from xrandr's reports (recorded outputs of a two-monitor desktop and of Xvfb), the
// ffmpeg x11grab arguments, and what the X11 provider says without DISPLAY or ffmpeg.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { systemDisplaySurfaces } from '../../../../src/devices/system-display.js';
import { findFfmpeg } from '../../../../src/sources/file/ffmpeg-location.js';
import { x11grabArguments } from '../../../../src/sources/platform/linux/x11-capture-producer.js';
import { x11MonitorSurface } from '../../../../src/sources/platform/linux/x11-display.js';
import {
  monitorsFromXrandr,
  parseX11grabSize,
  parseXrandrMonitors,
  parseXrandrRefreshRates,
} from '../../../../src/sources/platform/linux/x11-screens.js';

const DESKTOP_MONITORS = `Monitors: 2
 0: +*DP-1 2560/597x1440/336+1920+0  DP-1
 1: +HDMI-1 1920/527x1080/296+0+360  HDMI-1
`;

const DESKTOP_QUERY = `Screen 0: minimum 320 x 200, current 4480 x 1440, maximum 16384 x 16384
DP-1 connected primary 2560x1440+1920+0 (normal left inverted right x axis y axis) 597mm x 336mm
   2560x1440     59.95*+ 143.91   119.88
   1920x1080     60.00    50.00
HDMI-1 connected 1920x1080+0+360 (normal left inverted right x axis y axis) 527mm x 296mm
   1920x1080     60.00 +  74.97*   50.00
   1280x720      60.00
DP-2 disconnected (normal left inverted right x axis y axis)
`;

const XVFB_MONITORS = `Monitors: 1
 0: +screen 1280/339x720/190+0+0  screen
`;

const XVFB_QUERY = `Screen 0: minimum 1 x 1, current 1280 x 720, maximum 1280 x 720
screen connected 1280x720+0+0 0mm x 0mm
   1280x720       0.00*
`;

const FFMPEG_PROBE = `[x11grab @ 0x55be7435c980] Stream #0: not enough frames to estimate rate; consider increasing probesize
Input #0, x11grab, from ':99':
  Duration: N/A, start: 1795256685.118637, bitrate: 29491 kb/s
  Stream #0:0: Video: rawvideo (BGR[0] / 0x524742), bgr0, 1280x720, 29491 kb/s, 1 fps, 1000k tbr, 1000k tbn
`;

describe('X11 monitors from xrandr', () => {
  it('reads names, geometry and the primary flag from --listmonitors', () => {
    assert.deepEqual(parseXrandrMonitors(DESKTOP_MONITORS), [
      { name: 'DP-1', x: 1920, y: 0, width: 2560, height: 1440, isPrimary: true, outputs: ['DP-1'] },
      { name: 'HDMI-1', x: 0, y: 360, width: 1920, height: 1080, isPrimary: false, outputs: ['HDMI-1'] },
    ]);
  });

  it('reads the current refresh rate of each connected output, and none from Xvfb', () => {
    assert.deepEqual([...parseXrandrRefreshRates(DESKTOP_QUERY)], [
      ['DP-1', 59.95],
      ['HDMI-1', 74.97],
    ]);
    assert.equal(parseXrandrRefreshRates(XVFB_QUERY).size, 0);
  });

  it('joins both reports', () => {
    const [dp, hdmi] = monitorsFromXrandr(DESKTOP_MONITORS, DESKTOP_QUERY);
    assert.equal(dp?.refreshRate, 59.95);
    assert.equal(hdmi?.refreshRate, 74.97);
    assert.deepEqual(monitorsFromXrandr(XVFB_MONITORS, XVFB_QUERY), [
      { name: 'screen', x: 0, y: 0, width: 1280, height: 720, isPrimary: false, refreshRate: undefined },
    ]);
  });

  it('reads the screen size from ffmpeg when xrandr is missing', () => {
    assert.deepEqual(parseX11grabSize(FFMPEG_PROBE), { width: 1280, height: 720 });
    assert.equal(parseX11grabSize('Cannot open display :5, error 1.'), undefined);
  });
});

describe('X11 display surfaces', () => {
  it('are monitors of the monitor size, at its refresh rate or the default 30 fps, with both cursor modes', () => {
    const [dp] = monitorsFromXrandr(DESKTOP_MONITORS, DESKTOP_QUERY);
    assert.ok(dp);
    const surface = x11MonitorSurface(':0', dp, 0, '/usr/bin/ffmpeg');
    // Its refresh rate, and the default 30 fps so that a 30 fps track grabs half as often.
    assert.deepEqual(surface.capture.modes, [
      { width: 2560, height: 1440, frameRate: 59.95 },
      { width: 2560, height: 1440, frameRate: 30 },
    ]);
    assert.deepEqual(surface.capture.display, { displaySurface: 'monitor', logicalSurface: true, cursor: ['always', 'never'] });
    assert.equal(surface.isPrimary, true);
    assert.equal(surface.label, 'screen:0:0');
    const [xvfb] = monitorsFromXrandr(XVFB_MONITORS, XVFB_QUERY);
    assert.ok(xvfb);
    assert.deepEqual(x11MonitorSurface(':99', xvfb, 0, 'ffmpeg').capture.modes, [{ width: 1280, height: 720, frameRate: 30 }]);
  });

  it('are captured by ffmpeg x11grab at the monitor offset, drawing the cursor unless it is "never"', () => {
    const mode = { width: 2560, height: 1440, frameRate: 59.95, cursor: 'always' };
    const args = x11grabArguments({ display: ':0', x: 1920, y: 0 }, mode);
    assert.deepEqual(args.slice(args.indexOf('-f')), [
      '-f', 'x11grab', '-draw_mouse', '1', '-framerate', '59.95', '-video_size', '2560x1440', '-i', ':0+1920,0',
      '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1',
    ]);
    const never = x11grabArguments({ display: ':99', x: 0, y: 0 }, { ...mode, cursor: 'never' });
    assert.equal(never[never.indexOf('-draw_mouse') + 1], '0');
  });

  it('are none without DISPLAY (NotFoundError), and unsupported on Wayland only, without ffmpeg, or on other systems', async () => {
    assert.deepEqual(await systemDisplaySurfaces('linux', { PATH: process.env['PATH'] }).list(), {
      type: 'surfaces',
      surfaces: [],
      reason: 'DISPLAY is not set, so there is no X11 display to capture',
    });
    const wayland = await systemDisplaySurfaces('linux', { WAYLAND_DISPLAY: 'wayland-0' }).list();
    assert.equal(wayland.type, 'unsupported');
    assert.match(wayland.type === 'unsupported' ? wayland.reason : '', /Wayland/);
    const noFfmpeg = await systemDisplaySurfaces('linux', { DISPLAY: ':99', PATH: '/nonexistent', MEDIACAPTURE_FFMPEG: 'none' }).list();
    assert.equal(noFfmpeg.type, 'unsupported');
    assert.equal((await systemDisplaySurfaces('darwin', { PATH: '/nonexistent', MEDIACAPTURE_FFMPEG: 'none' }).list()).type, 'unsupported');
    assert.equal((await systemDisplaySurfaces('freebsd', {}).list()).type, 'unsupported');
  });

  const noFfmpeg = findFfmpeg() === undefined ? 'ffmpeg is not installed' : false;
  it('are none, with the reason, when the X display cannot be opened', { skip: noFfmpeg }, async () => {
    const list = await systemDisplaySurfaces('linux', { DISPLAY: ':4321', PATH: process.env['PATH'] }).list();
    assert.equal(list.type, 'surfaces');
    assert.equal(list.type === 'surfaces' && list.surfaces.length, 0);
    assert.match(list.type === 'surfaces' ? (list.reason ?? '') : '', /cannot open X display :4321/);
  });
});
