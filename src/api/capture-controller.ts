/**
 * https://w3c.github.io/mediacapture-screen-share/#capturecontroller: associated with one getDisplayMedia()
 * capture session. Its one method, setFocusBehavior(), decides whether the captured window or tab is
 * focused when capture starts; Node has no focus to move, so the decision is recorded and has no effect.
 *
 * @module
 */

import type { CaptureSource } from '../sources/capture-source.js';
import { toEnum } from '../webidl/converters.js';
import { domException, typeError } from '../webidl/errors.js';
import { brandCheck, configureInterface } from '../webidl/interface.js';

/** https://w3c.github.io/mediacapture-screen-share/#dom-capturestartfocusbehavior */
export const CAPTURE_START_FOCUS_BEHAVIORS = ['focus-capturing-application', 'focus-captured-surface', 'no-focus-change'] as const;
/** A CaptureStartFocusBehavior value. */
export type CaptureStartFocusBehavior = (typeof CAPTURE_START_FOCUS_BEHAVIORS)[number];

/** The internal slots getDisplayMedia() reads and sets. */
export interface CaptureControllerSlots {
  isBound: boolean;
  source: CaptureSource | null;
  displaySurfaceType: string | null;
  focusChangeDisabled: boolean;
  focusDecisionFinalized: boolean;
  focusBehavior: CaptureStartFocusBehavior | null;
}

/** Reads the slots of a CaptureController; set in its static block. */
export let captureControllerSlots: (controller: CaptureController) => CaptureControllerSlots;

/** Manipulates the capture session of the getDisplayMedia() call it was passed to. */
export class CaptureController extends EventTarget {
  readonly #slots: CaptureControllerSlots = {
    isBound: false,
    source: null,
    displaySurfaceType: null,
    focusChangeDisabled: false,
    focusDecisionFinalized: false,
    focusBehavior: null,
  };

  /** https://w3c.github.io/mediacapture-screen-share/#dom-capturecontroller-constructor */
  constructor() {
    super();
  }

  /** https://w3c.github.io/mediacapture-screen-share/#dom-capturecontroller-setfocusbehavior */
  setFocusBehavior(focusBehavior: CaptureStartFocusBehavior): void {
    const context = 'CaptureController.setFocusBehavior';
    brandCheck(#slots in this, context);
    if (arguments.length < 1) {
      throw typeError(context, '1 argument required, but only 0 present');
    }
    // 1. Convert the argument.
    const behavior = toEnum(CAPTURE_START_FOCUS_BEHAVIORS, focusBehavior, context, 'focusBehavior');
    const slots = this.#slots;
    // 2. Before capture starts, remember the wish.
    if (slots.source === null) {
      slots.focusBehavior = behavior;
      return;
    }
    // 3-5. A stopped session, a monitor, or a decision already made cannot change.
    if (slots.source.state === 'stopped') {
      throw domException('InvalidStateError', context, 'the capture session has stopped');
    }
    if (slots.displaySurfaceType !== 'browser' && slots.displaySurfaceType !== 'window') {
      throw domException('InvalidStateError', context, 'focus can only be decided for a captured window or tab');
    }
    if (slots.focusDecisionFinalized) {
      throw domException('InvalidStateError', context, 'the focus decision is already made');
    }
    slots.focusBehavior = behavior;
    finalizeFocusDecision(this);
  }

  static {
    captureControllerSlots = (controller) => controller.#slots;
  }
}
configureInterface(CaptureController);

/**
 * https://w3c.github.io/mediacapture-screen-share/#dfn-finalize-focus-decision-algorithm: the decision
 * becomes final. Focusing the captured or the capturing surface has no meaning in Node, so nothing else
 * happens.
 */
export function finalizeFocusDecision(controller: CaptureController): void {
  captureControllerSlots(controller).focusDecisionFinalized = true;
}
