/**
 * The WebIDL dictionaries of the constrainable pattern, as TypeScript types.
 *
 * Shapes follow https://w3c.github.io/mediacapture-main/#constrainable-interface and the partial
 * dictionaries of mediacapture-extensions, and stay assignable to and from the types of the same name in
 * TypeScript's lib.dom.d.ts, so browser code type-checks unchanged against this package.
 *
 * @module
 */

/** https://w3c.github.io/mediacapture-main/#dom-doublerange */
export interface DoubleRange {
  max?: number;
  min?: number;
}

/** https://w3c.github.io/mediacapture-main/#dom-constraindoublerange */
export interface ConstrainDoubleRange extends DoubleRange {
  exact?: number;
  ideal?: number;
}

/** https://w3c.github.io/mediacapture-main/#dom-ulongrange */
export interface ULongRange {
  max?: number;
  min?: number;
}

/** https://w3c.github.io/mediacapture-main/#dom-constrainulongrange */
export interface ConstrainULongRange extends ULongRange {
  exact?: number;
  ideal?: number;
}

/** https://w3c.github.io/mediacapture-main/#dom-constrainbooleanparameters */
export interface ConstrainBooleanParameters {
  exact?: boolean;
  ideal?: boolean;
}

/** https://w3c.github.io/mediacapture-main/#dom-constraindomstringparameters */
export interface ConstrainDOMStringParameters {
  exact?: string | string[];
  ideal?: string | string[];
}

/** https://w3c.github.io/mediacapture-main/#dom-constrainbooleanordomstringparameters */
export interface ConstrainBooleanOrDOMStringParameters {
  exact?: boolean | string;
  ideal?: boolean | string;
}

/** `([Clamp] unsigned long or ConstrainULongRange)` */
export type ConstrainULong = number | ConstrainULongRange;
/** `(double or ConstrainDoubleRange)` */
export type ConstrainDouble = number | ConstrainDoubleRange;
/** `(boolean or ConstrainBooleanParameters)` */
export type ConstrainBoolean = boolean | ConstrainBooleanParameters;
/** `(DOMString or sequence<DOMString> or ConstrainDOMStringParameters)` */
export type ConstrainDOMString = string | string[] | ConstrainDOMStringParameters;
/** `(boolean or DOMString or ConstrainBooleanOrDOMStringParameters)` */
export type ConstrainBooleanOrDOMString = boolean | string | ConstrainBooleanOrDOMStringParameters;

/** https://w3c.github.io/mediacapture-main/#dom-mediatrackconstraintset */
export interface MediaTrackConstraintSet {
  width?: ConstrainULong;
  height?: ConstrainULong;
  aspectRatio?: ConstrainDouble;
  frameRate?: ConstrainDouble;
  facingMode?: ConstrainDOMString;
  resizeMode?: ConstrainDOMString;
  sampleRate?: ConstrainULong;
  sampleSize?: ConstrainULong;
  /**
   * Deviation (types only): lib.dom.d.ts types this as ConstrainBoolean; the spec also accepts an
   * EchoCancellationModeEnum string ("all", "remote-only"), which this package honours at run time.
   */
  echoCancellation?: ConstrainBoolean;
  autoGainControl?: ConstrainBoolean;
  noiseSuppression?: ConstrainBoolean;
  latency?: ConstrainDouble;
  channelCount?: ConstrainULong;
  deviceId?: ConstrainDOMString;
  groupId?: ConstrainDOMString;
  backgroundBlur?: ConstrainBoolean;
  /** mediacapture-extensions */
  voiceIsolation?: ConstrainBoolean;
  /** mediacapture-screen-share */
  displaySurface?: ConstrainDOMString;
  /** mediacapture-screen-share */
  logicalSurface?: ConstrainBoolean;
  /** mediacapture-screen-share */
  cursor?: ConstrainDOMString;
}

/** https://w3c.github.io/mediacapture-main/#dom-mediatrackconstraints */
export interface MediaTrackConstraints extends MediaTrackConstraintSet {
  advanced?: MediaTrackConstraintSet[];
}

/** https://w3c.github.io/mediacapture-main/#dom-mediatrackcapabilities */
export interface MediaTrackCapabilities {
  width?: ULongRange;
  height?: ULongRange;
  aspectRatio?: DoubleRange;
  frameRate?: DoubleRange;
  facingMode?: string[];
  resizeMode?: string[];
  sampleRate?: ULongRange;
  sampleSize?: ULongRange;
  /**
   * Deviation (types only): typed as in lib.dom.d.ts; at run time the list may also hold
   * EchoCancellationModeEnum strings after true and false, as the spec says.
   */
  echoCancellation?: boolean[];
  autoGainControl?: boolean[];
  noiseSuppression?: boolean[];
  latency?: DoubleRange;
  channelCount?: ULongRange;
  deviceId?: string;
  groupId?: string;
  backgroundBlur?: boolean[];
  /** mediacapture-extensions */
  voiceIsolation?: boolean[];
  /** mediacapture-screen-share: the setting, as the only value. */
  displaySurface?: string;
  /** mediacapture-screen-share: the setting, as the only value. */
  logicalSurface?: boolean;
  /** mediacapture-screen-share */
  cursor?: string[];
}

/** https://w3c.github.io/mediacapture-main/#dom-mediatracksettings */
export interface MediaTrackSettings {
  width?: number;
  height?: number;
  aspectRatio?: number;
  frameRate?: number;
  facingMode?: string;
  resizeMode?: string;
  sampleRate?: number;
  sampleSize?: number;
  /**
   * Deviation (types only): typed as in lib.dom.d.ts; at run time this is an EchoCancellationModeEnum
   * string when a constraint asked for one.
   */
  echoCancellation?: boolean;
  autoGainControl?: boolean;
  noiseSuppression?: boolean;
  latency?: number;
  channelCount?: number;
  deviceId?: string;
  groupId?: string;
  backgroundBlur?: boolean;
  /** mediacapture-extensions */
  voiceIsolation?: boolean;
  /** mediacapture-screen-share */
  displaySurface?: string;
  /** mediacapture-screen-share */
  logicalSurface?: boolean;
  /** mediacapture-screen-share */
  cursor?: string;
}

/** https://w3c.github.io/mediacapture-main/#dom-mediatracksupportedconstraints */
export interface MediaTrackSupportedConstraints {
  width?: boolean;
  height?: boolean;
  aspectRatio?: boolean;
  frameRate?: boolean;
  facingMode?: boolean;
  resizeMode?: boolean;
  sampleRate?: boolean;
  sampleSize?: boolean;
  echoCancellation?: boolean;
  autoGainControl?: boolean;
  noiseSuppression?: boolean;
  latency?: boolean;
  channelCount?: boolean;
  deviceId?: boolean;
  groupId?: boolean;
  backgroundBlur?: boolean;
  /** mediacapture-extensions */
  voiceIsolation?: boolean;
  /** mediacapture-screen-share */
  displaySurface?: boolean;
  /** mediacapture-screen-share */
  logicalSurface?: boolean;
  /** mediacapture-screen-share */
  cursor?: boolean;
}

/** https://w3c.github.io/mediacapture-main/#dom-mediastreamconstraints */
export interface MediaStreamConstraints {
  video?: boolean | MediaTrackConstraints;
  audio?: boolean | MediaTrackConstraints;
}
