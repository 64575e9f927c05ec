// The `mediacapture` command run as a child process on the fake devices: devices, probe, snap and record,
// their output files (decoded with sharp, ffprobe and ffmpeg) and exit statuses, and every error case as one
// line on stderr with a non-zero exit status.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { assertOneLineError, decodeFile, isolatedEnvironment, loadSharp, noFfmpeg, probeStreams, runCli } from './cli-process.js';

const directory = mkdtempSync(join(tmpdir(), 'mediacapture-cli-'));
after(() => rmSync(directory, { recursive: true, force: true }));

const sharp = await loadSharp();
const noSharp = sharp === undefined ? 'sharp (an optional dependency) cannot be loaded here' : false;

describe('mediacapture devices', () => {
  test('--json lists the fake inputs with labels, deviceIds, groupIds and capabilities, and the outputs', async () => {
    const result = await runCli(['devices', '--fake', '--json'], directory);
    assert.equal(result.code, 0, result.stderr);
    const devices = JSON.parse(result.stdout) as { kind: string; label: string; deviceId: string; groupId: string; capabilities?: Record<string, unknown> }[];
    const inputs = devices.filter((d) => d.kind !== 'audiooutput');
    assert.deepEqual(
      inputs.map((d) => [d.kind, d.label]),
      [
        ['audioinput', 'Fake Default Audio Input'],
        ['audioinput', 'Fake Audio Input 1'],
        ['audioinput', 'Fake Audio Input 2'],
        ['videoinput', 'fake_device_0'],
      ],
    );
    for (const device of inputs) {
      assert.match(device.deviceId, /^[0-9a-f]{64}$/);
      assert.match(device.groupId, /^[0-9a-f]{64}$/);
    }
    assert.deepEqual(inputs[3]?.capabilities?.['width'], { min: 1, max: 3840 });
    assert.ok(devices.some((d) => d.kind === 'audiooutput'));
  });

  test('prints a table with each input\'s capabilities, and follows the fake options', async () => {
    const result = await runCli(['devices', '--fake=fps=30,device-count=2'], directory);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^KIND\s+LABEL\s+DEVICE ID\s+GROUP ID/);
    assert.match(result.stdout, /videoinput\s+fake_device_1\s/);
    assert.match(result.stdout, /width 1–3840, height 1–2160, .*frameRate 0–30/);
  });
});

describe('mediacapture probe', () => {
  test('shows every candidate mode with its fitness and the settings getUserMedia picks', async () => {
    const result = await runCli(['probe', '--fake', '{"video":{"width":1280,"height":720}}'], directory);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /1280x720 @20\s+none\s+0\s+1280x720 @20 fps none/);
    assert.match(result.stdout, /640x480 @20\s+none\s+0\.8333\s/);
    assert.match(result.stdout, /→ getUserMedia opens fake_device_0 with 1280x720 @20 fps none/);
  });

  test('says which required constraint fails on which device and by how much, and exits 1', async () => {
    const result = await runCli(['probe', '--fake', '{"video":{"width":{"exact":4000}},"audio":true}'], directory);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /3840x2160 @20\s+crop-and-scale\s+✗\s+width: needs exact 4000, offers 1–3840 \(off by 160\)/);
    assert.match(result.stdout, /no camera satisfies the required constraints: getUserMedia rejects with OverconstrainedError \(constraint "width"/);
    assert.match(result.stdout, /→ getUserMedia opens Fake Default Audio Input/);
  });

  test('--json prints explainConstraints() and --device narrows the choice to one device', async () => {
    const result = await runCli(['probe', '--fake=device-count=2', '--device', 'fake_device_1', '--json', '{"video":true}'], directory);
    assert.equal(result.code, 0, result.stderr);
    const [video] = (JSON.parse(result.stdout) as { kinds: { chosenDeviceId: string; devices: { label: string; deviceId: string; settings?: object }[] }[] }).kinds;
    const chosen = video?.devices.find((d) => d.deviceId === video.chosenDeviceId);
    assert.equal(chosen?.label, 'fake_device_1');
    assert.equal(video?.devices.find((d) => d.label === 'fake_device_0')?.settings, undefined);
  });
});

describe('mediacapture snap', { skip: noSharp }, () => {
  test('writes a PNG at the track size, and a JPEG for a .jpg name', async () => {
    const png = join(directory, 'photo.png');
    const result = await runCli(['snap', '--fake', png], directory);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /photo\.png: 640x480 image\/png, .* from fake_device_0/);
    assert.deepEqual(await sharp?.(png).metadata().then((m) => [m.format, m.width, m.height]), ['png', 640, 480]);
    const jpeg = join(directory, 'photo.jpg');
    const small = await runCli(['snap', '--fake', jpeg, '--constraints', '{"video":{"width":320,"height":240}}'], directory);
    assert.equal(small.code, 0, small.stderr);
    assert.deepEqual(await sharp?.(jpeg).metadata().then((m) => [m.format, m.width, m.height]), ['jpeg', 320, 240]);
  });

  test('--video-file makes the fake camera play a file, at its size', { skip: noFfmpeg }, async () => {
    const y4m = join(directory, 'clip.y4m');
    const made = spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=352x288:rate=10', '-t', '1', '-pix_fmt', 'yuv420p', '-y', y4m]);
    assert.equal(made.status, 0, String(made.stderr));
    const out = join(directory, 'clip.png');
    const result = await runCli(['snap', '--video-file', y4m, out], directory);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await sharp?.(out).metadata().then((m) => [m.width, m.height]), [352, 288]);
  });
});

describe('mediacapture record', { skip: noFfmpeg }, () => {
  test('records WebM (VP8 + Opus) for --duration seconds, decodable end to end', async () => {
    const out = join(directory, 'demo.webm');
    const result = await runCli(['record', '--fake=fps=30', '--duration', '1', out], directory);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /demo\.webm: 1\.\d s of video\/webm;codecs=vp8,opus, \d+ frames \(\d+ dropped\), [\d.]+ kB/);
    // Not a terminal: plain status lines (or none for so short a recording), never cursor movements.
    assert.doesNotMatch(result.stderr, /\x1b\[/);
    const streams = probeStreams(out);
    assert.deepEqual(
      streams.map((s) => [s.codec_type, s.codec_name]),
      [
        ['video', 'vp8'],
        ['audio', 'opus'],
      ],
    );
    assert.deepEqual([streams[0]?.width, streams[0]?.height], [640, 480]);
    assert.ok(decodeFile(out).videoFrames >= 10);
    // The file is finalized: its container states the duration (piped WebM would have none).
    const duration = Number(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out], { encoding: 'utf8' }).trim(),
    );
    assert.ok(Math.abs(duration - 1) < 0.2, `duration ${duration}`);
  });

  test('infers MP4 (H.264 + AAC) from the extension and audio-only Ogg from .ogg, with the constraints given', async () => {
    const mp4 = join(directory, 'small.mp4');
    const video = await runCli(['record', '--fake', '--duration', '1', '--constraints', '{"video":{"width":320,"height":240},"audio":true}', mp4], directory);
    assert.equal(video.code, 0, video.stderr);
    const streams = probeStreams(mp4);
    assert.deepEqual(streams.map((s) => s.codec_name), ['h264', 'aac']);
    assert.deepEqual([streams[0]?.width, streams[0]?.height], [320, 240]);
    decodeFile(mp4);
    const ogg = join(directory, 'voice.ogg');
    const audio = await runCli(['record', '--fake', '--duration', '1', ogg], directory);
    assert.equal(audio.code, 0, audio.stderr);
    assert.doesNotMatch(audio.stdout, /frames/);
    assert.deepEqual(probeStreams(ogg).map((s) => s.codec_name), ['opus']);
  });

  test('--mime chooses the codecs', async () => {
    const out = join(directory, 'vp9.webm');
    const result = await runCli(['record', '--fake', '--duration', '1', '--mime', 'video/webm;codecs=vp9,opus', out], directory);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(probeStreams(out).map((s) => s.codec_name), ['vp9', 'opus']);
  });
});

describe('errors: one line on stderr, a non-zero exit, no stack trace unless --debug', () => {
  test('constraints that are not JSON, or not an object', async () => {
    assertOneLineError(await runCli(['record', '--fake', '--constraints', '{video:true}', 'x.webm'], directory), 2, /--constraints are not valid JSON/);
    assertOneLineError(await runCli(['probe', '--fake', '[1,2]'], directory), 2, /must be a JSON object/);
    assertOneLineError(await runCli(['probe', '--fake', '{}'], directory), 2, /invalid constraints: .*at least one of audio and video/);
  });

  test('an unknown mime type, or an extension that names no type', async () => {
    assertOneLineError(await runCli(['record', '--fake', '--mime', 'video/avi', 'x.webm'], directory), 2, /--mime "video\/avi" is not a type MediaRecorder can record/);
    assertOneLineError(await runCli(['record', '--fake', 'x.avi'], directory), 2, /cannot tell the recording type from "\.avi"/);
    assertOneLineError(await runCli(['snap', '--fake', 'x.gif'], directory), 2, /cannot tell the photo type from "\.gif"/);
    assert.equal(existsSync(join(directory, 'x.webm')), false);
  });

  test('a path that cannot be written', async () => {
    assertOneLineError(await runCli(['record', '--fake', join(directory, 'missing', 'x.webm')], directory), 1, /cannot write .*x\.webm: no such directory/);
    const locked = join(directory, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    // root may write anywhere: then only the missing directory case applies.
    if (process.getuid?.() !== 0) {
      assertOneLineError(await runCli(['snap', '--fake', join(locked, 'x.png')], directory), 1, /cannot write .*x\.png: permission denied/);
    }
    assertOneLineError(await runCli(['snap', '--fake', directory], directory), 2, /cannot tell the photo type/);
  });

  test('an unknown option, an option the command does not take, an unknown command, a bad --duration', async () => {
    assertOneLineError(await runCli(['record', '--fake', '--colour', 'x.webm'], directory), 2, /unknown option '--colour'/);
    assertOneLineError(await runCli(['devices', '--fake', '--duration', '3'], directory), 2, /devices does not take --duration/);
    assertOneLineError(await runCli(['recrod', '--fake'], directory), 2, /unknown command "recrod"/);
    assertOneLineError(await runCli(['record', '--fake', '--duration=-1'], directory), 2, /--duration must be a positive number/);
    assertOneLineError(await runCli(['record', '--fake', '--duration', '-1'], directory), 2, /'--duration' argument is ambiguous/);
    assertOneLineError(await runCli(['snap', '--fake=fps=0'], directory), 2, /--fake: .*fps/);
    assertOneLineError(await runCli(['snap', '--fake', '--permission', 'maybe'], directory), 2, /--permission: /);
  });

  test('no devices without --fake: says so and suggests --fake', async () => {
    for (const command of ['devices', 'snap', 'record', 'probe']) {
      const args = command === 'probe' ? [command, '{"video":true}'] : [command];
      assertOneLineError(await runCli(args, directory, isolatedEnvironment()), 1, /no camera or microphone found.*try --fake/);
    }
  });

  test('constraints nothing satisfies, a denied permission, a --device that matches nothing', async () => {
    assertOneLineError(
      await runCli(['snap', '--fake', '--constraints', '{"video":{"width":{"exact":4000}}}', join(directory, 'big.png')], directory),
      1,
      /no device satisfies .*run mediacapture probe --fake/,
    );
    assertOneLineError(await runCli(['snap', '--fake', '--permission', 'denied', join(directory, 'no.png')], directory), 1, /denied \(NotAllowedError\)/);
    assertOneLineError(await runCli(['snap', '--fake', '--device', 'Logitech', join(directory, 'no.png')], directory), 2, /--device "Logitech" matches no input device/);
  });

  test('--debug adds the stack trace', async () => {
    const result = await runCli(['record', '--fake', '--debug', '--mime', 'video/avi', 'x.webm'], directory);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^mediacapture: --mime "video\/avi"/);
    assert.match(result.stderr, /\n\s+at /);
  });

  test('--help and --version answer on stdout with status 0; no command is a usage error', async () => {
    const help = await runCli(['record', '--help'], directory);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: mediacapture record/);
    const version = await runCli(['--version'], directory);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
    const none = await runCli([], directory);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /^usage: mediacapture <command>/);
  });
});
