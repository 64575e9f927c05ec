// Browser code, typed against TypeScript's lib.dom.d.ts, using this package's objects. It only has to
// compile: `npm run lint` type-checks it (test/types/tsconfig.json), so a type that drifts from
// lib.dom.d.ts breaks the build.
import { mediaDevices, createMediaDevices, MediaStream as PackageMediaStream, OverconstrainedError as PackageOverconstrainedError } from 'mediacapture';

export async function browserStyle(): Promise<void> {
  const constraints: MediaStreamConstraints = { audio: true, video: { width: { ideal: 1280 }, height: 720, facingMode: 'user' } };
  const devices: MediaDevices = mediaDevices;
  const stream: MediaStream = await devices.getUserMedia(constraints);
  const tracks: MediaStreamTrack[] = stream.getTracks();
  const video: MediaStreamTrack | undefined = stream.getVideoTracks()[0];
  if (video !== undefined) {
    const settings: MediaTrackSettings = video.getSettings();
    const capabilities: MediaTrackCapabilities = video.getCapabilities();
    const applied: MediaTrackConstraints = video.getConstraints();
    await video.applyConstraints({ ...applied, width: settings.width, advanced: [{ aspectRatio: 16 / 9 }] });
    video.onended = (event: Event) => event.type;
    video.onended = null;
    stream.onaddtrack = (event: MediaStreamTrackEvent) => event.track.id;
    void capabilities;
  }
  const supported: MediaTrackSupportedConstraints = devices.getSupportedConstraints();
  const infos: MediaDeviceInfo[] = await devices.enumerateDevices();
  const json = infos.map((info) => info.toJSON() as { deviceId: string });
  const copy: MediaStream = new PackageMediaStream(await mediaDevices.getUserMedia({ audio: true }));
  void tracks;
  const error: DOMException = new PackageOverconstrainedError('width');
  const error2: OverconstrainedError = new PackageOverconstrainedError('height', 'too tall');
  void supported;
  void json;
  void copy;
  void error;
  void error2;
}

export async function withPackageTypes(): Promise<void> {
  const other = createMediaDevices({ devices: 'fps=30,device-count=2', permission: 'granted', origin: 'https://example.org' });
  const stream = await other.getUserMedia({ video: true });
  const domStream: MediaStream = stream;
  const [track] = stream.getVideoTracks();
  const domTrack: MediaStreamTrack | undefined = track;
  const event = new MediaStreamTrackEvent('addtrack', { track: domTrack as MediaStreamTrack });
  void domStream;
  void event;
}

export async function browserScreenShare(): Promise<void> {
  const options: DisplayMediaStreamOptions = {
    video: { displaySurface: 'monitor', frameRate: { max: 30 }, width: { ideal: 1280 } },
    audio: false,
  };
  const screen: MediaStream = await mediaDevices.getDisplayMedia(options);
  // The hints newer than this lib.dom.d.ts, as browser code passes them.
  await mediaDevices.getDisplayMedia({ video: true, selfBrowserSurface: 'exclude', surfaceSwitching: 'include', systemAudio: 'exclude', monitorTypeSurfaces: 'include', preferCurrentTab: false });
  const devices: MediaDevices = mediaDevices;
  const again: MediaStream = await devices.getDisplayMedia();
  const settings: MediaTrackSettings | undefined = screen.getVideoTracks()[0]?.getSettings();
  const surface: string | undefined = settings?.displaySurface;
  const capabilities: MediaTrackCapabilities | undefined = again.getVideoTracks()[0]?.getCapabilities();
  void surface;
  void capabilities;
}
