/**
 * The registry of constrainable properties: every property this package knows, its value type, the track
 * kinds it applies to, and whether getUserMedia may use it as a required constraint for device selection.
 *
 * Adding a constrainable property (for instance from mediacapture-image) means adding one entry here; the
 * dictionary converter, SelectSettings, capabilities and getSupportedConstraints all read this list.
 *
 * @module
 */

/** The two kinds of MediaStreamTrack. */
export const TRACK_KINDS = ['audio', 'video'] as const;
/** `"audio"` or `"video"`. */
export type TrackKind = (typeof TRACK_KINDS)[number];

/**
 * How a property's constraint and setting values are typed:
 * - `ulong`: ConstrainULong / unsigned long
 * - `double`: ConstrainDouble / double
 * - `string`: ConstrainDOMString / DOMString
 * - `boolean`: ConstrainBoolean / boolean
 * - `booleanOrString`: ConstrainBooleanOrDOMString / (boolean or DOMString)
 * - `booleanOrDouble`: (boolean or ConstrainDouble) / double (mediacapture-image's pan, tilt and zoom)
 * - `points`: ConstrainPoint2D / sequence<Point2D> (mediacapture-image's pointsOfInterest)
 */
export type ConstraintValueType = 'ulong' | 'double' | 'string' | 'boolean' | 'booleanOrString' | 'booleanOrDouble' | 'points';

/** One constrainable property. */
export interface ConstrainableProperty {
  readonly name: string;
  readonly type: ConstraintValueType;
  /** Track kinds the property is defined for. */
  readonly kinds: readonly TrackKind[];
  /** In https://w3c.github.io/mediacapture-main/#dfn-allowed-required-constraints-for-device-selection */
  readonly deviceSelection: boolean;
  /** In the list of inherent constrainable track properties (kept by getSettings() on an ended track). */
  readonly inherent: boolean;
  /**
   * A control of the capture device itself (mediacapture-image's exposure, focus, pan, tilt, zoom, torch…): its
   * value belongs to the source and is shared by every track of it, rather than adapted per track.
   */
  readonly deviceControl: boolean;
  /** Numeric capabilities are a MediaSettingsRange (min, max and step) rather than a ULongRange or DoubleRange. */
  readonly stepped: boolean;
}

function property(
  name: string,
  type: ConstraintValueType,
  kinds: readonly TrackKind[],
  flags: { deviceSelection?: boolean; inherent?: boolean; deviceControl?: boolean } = {},
): ConstrainableProperty {
  const deviceControl = flags.deviceControl ?? false;
  return Object.freeze({
    name,
    type,
    kinds: Object.freeze([...kinds]),
    deviceSelection: flags.deviceSelection ?? false,
    inherent: flags.inherent ?? false,
    deviceControl,
    stepped: deviceControl && (type === 'double' || type === 'booleanOrDouble'),
  });
}

/** A mediacapture-image property: a control of the camera (https://w3c.github.io/mediacapture-image/#constrainable-properties). */
function cameraControl(name: string, type: ConstraintValueType): ConstrainableProperty {
  return property(name, type, VIDEO, { deviceControl: true });
}

const VIDEO = ['video'] as const;
const AUDIO = ['audio'] as const;
const BOTH = ['audio', 'video'] as const;

/**
 * Every constrainable property, in the order of MediaTrackSupportedConstraints in mediacapture-main,
 * followed by the mediacapture-extensions properties. This order is also the order of keys in
 * capabilities and settings dictionaries, and the order in which a failed constraint is reported.
 */
export const CONSTRAINABLE_PROPERTIES: readonly ConstrainableProperty[] = Object.freeze([
  property('width', 'ulong', VIDEO, { deviceSelection: true }),
  property('height', 'ulong', VIDEO, { deviceSelection: true }),
  property('aspectRatio', 'double', VIDEO, { deviceSelection: true }),
  property('frameRate', 'double', VIDEO, { deviceSelection: true }),
  property('facingMode', 'string', VIDEO, { deviceSelection: true, inherent: true }),
  property('resizeMode', 'string', VIDEO, { deviceSelection: true }),
  property('sampleRate', 'ulong', AUDIO, { deviceSelection: true }),
  property('sampleSize', 'ulong', AUDIO, { deviceSelection: true }),
  property('echoCancellation', 'booleanOrString', AUDIO, { deviceSelection: true }),
  property('autoGainControl', 'boolean', AUDIO, { deviceSelection: true }),
  property('noiseSuppression', 'boolean', AUDIO, { deviceSelection: true }),
  property('latency', 'double', AUDIO, { deviceSelection: true }),
  property('channelCount', 'ulong', AUDIO, { deviceSelection: true }),
  property('deviceId', 'string', BOTH, { deviceSelection: true, inherent: true }),
  property('groupId', 'string', BOTH, { deviceSelection: true, inherent: true }),
  property('backgroundBlur', 'boolean', VIDEO),
  property('voiceIsolation', 'boolean', AUDIO),
  // mediacapture-screen-share (https://w3c.github.io/mediacapture-screen-share/#constrainable-properties-for-captured-display-surfaces)
  property('displaySurface', 'string', VIDEO),
  property('logicalSurface', 'boolean', VIDEO),
  property('cursor', 'string', VIDEO),
  // mediacapture-image, in the order of its MediaTrackConstraintSet.
  cameraControl('whiteBalanceMode', 'string'),
  cameraControl('exposureMode', 'string'),
  cameraControl('focusMode', 'string'),
  cameraControl('pointsOfInterest', 'points'),
  cameraControl('exposureCompensation', 'double'),
  cameraControl('exposureTime', 'double'),
  cameraControl('colorTemperature', 'double'),
  cameraControl('iso', 'double'),
  cameraControl('brightness', 'double'),
  cameraControl('contrast', 'double'),
  cameraControl('saturation', 'double'),
  cameraControl('sharpness', 'double'),
  cameraControl('focusDistance', 'double'),
  cameraControl('pan', 'booleanOrDouble'),
  cameraControl('tilt', 'booleanOrDouble'),
  cameraControl('zoom', 'booleanOrDouble'),
  cameraControl('torch', 'boolean'),
]);

const BY_NAME: ReadonlyMap<string, ConstrainableProperty> = new Map(
  CONSTRAINABLE_PROPERTIES.map((p) => [p.name, p]),
);

/** The property called `name`, or undefined when this package does not support it. */
export function findProperty(name: string): ConstrainableProperty | undefined {
  return BY_NAME.get(name);
}

/** Whether the property applies to tracks of `kind`. */
export function appliesTo(prop: ConstrainableProperty, kind: TrackKind): boolean {
  return prop.kinds.includes(kind);
}

/** https://w3c.github.io/mediacapture-main/#dom-videofacingmodeenum */
export const VIDEO_FACING_MODES = ['user', 'environment', 'left', 'right'] as const;
/** https://w3c.github.io/mediacapture-main/#dom-videoresizemodeenum */
export const VIDEO_RESIZE_MODES = ['none', 'crop-and-scale'] as const;
/** https://w3c.github.io/mediacapture-screen-share/#dom-displaycapturesurfacetype */
export const DISPLAY_CAPTURE_SURFACE_TYPES = ['monitor', 'window', 'browser'] as const;
/** `"monitor"`, `"window"` or `"browser"`. */
export type DisplayCaptureSurfaceType = (typeof DISPLAY_CAPTURE_SURFACE_TYPES)[number];
/** https://w3c.github.io/mediacapture-screen-share/#dom-cursorcaptureconstraint */
export const CURSOR_CAPTURE_CONSTRAINTS = ['never', 'always', 'motion'] as const;
/** `"never"`, `"always"` or `"motion"`. */
export type CursorCaptureConstraint = (typeof CURSOR_CAPTURE_CONSTRAINTS)[number];
/**
 * The properties that need the "camera" permission with panTiltZoom
 * (https://w3c.github.io/mediacapture-image/#pan): a track created without it does not expose them.
 */
export const PAN_TILT_ZOOM = ['pan', 'tilt', 'zoom'] as const;
/** https://w3c.github.io/mediacapture-image/#meteringmode-section */
export const METERING_MODES = ['none', 'manual', 'single-shot', 'continuous'] as const;
/** A MeteringMode value: what whiteBalanceMode, exposureMode and focusMode hold. */
export type MeteringMode = (typeof METERING_MODES)[number];
/** https://w3c.github.io/mediacapture-main/#dom-echocancellationmodeenum */
export const ECHO_CANCELLATION_MODES = ['all', 'remote-only'] as const;
