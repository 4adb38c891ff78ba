// Decides when the hover card opens and closes, from pointer samples alone (no DOM), so the
// timing rules can be tested with a fake clock. The rules answer the usual complaints about
// hover tools: cards flashing while the pointer races across text, and cards vanishing before
// the pointer reaches them (10ten #1737, yomitan #2281).

export interface HoverIntentOptions {
  /** How long the pointer must rest on a term (no fast movement) before the card opens. */
  delayMs: number;
  /** Faster than this (px per ms) the pointer is passing by, not pointing. */
  maxSpeed: number;
  /** How long the card stays after the pointer leaves both the term and the card. */
  graceMs: number;
}

export const DEFAULT_HOVER_INTENT: HoverIntentOptions = { delayMs: 150, maxSpeed: 0.5, graceMs: 300 };

export interface PointerSample {
  x: number;
  y: number;
  /** Event time in ms. */
  t: number;
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What is under the pointer: the open card, a term, or neither. */
export type Under<T> = { kind: 'card' } | { kind: 'term'; term: T } | { kind: 'none' };

export interface HoverIntentHost<T> {
  /** Runs fn after ms; returns a function that cancels it. */
  schedule(fn: () => void, ms: number): () => void;
  show(term: T): void;
  hide(): void;
  same(a: T, b: T): boolean;
  /** Checked when the delay ends: the pointer may have left between two samples. */
  stillUnder(term: T): boolean;
  /** Where the open card is, for "the pointer is heading to the card". */
  cardBox(): Box | null;
}

export interface HoverIntent<T> {
  update(sample: PointerSample, under: Under<T>): void;
  /** Escape or a click: close, and do not reopen for this term until the pointer leaves it. */
  dismiss(): void;
  /** Keeps the card open regardless of the pointer (keyboard focus is inside it). */
  setPinned(pinned: boolean): void;
  setOptions(options: Partial<HoverIntentOptions>): void;
  /** The term whose card is open. */
  current(): T | null;
}

export function distanceToBox(x: number, y: number, box: Box): number {
  const dx = Math.max(box.left - x, 0, x - box.right);
  const dy = Math.max(box.top - y, 0, y - box.bottom);
  return Math.hypot(dx, dy);
}

export function createHoverIntent<T>(host: HoverIntentHost<T>, initial: Partial<HoverIntentOptions> = {}): HoverIntent<T> {
  let options: HoverIntentOptions = { ...DEFAULT_HOVER_INTENT, ...initial };
  let previous: PointerSample | null = null;
  let shown: T | null = null;
  let pending: { term: T; cancel: () => void } | null = null;
  let hiding: (() => void) | null = null;
  let dismissed: T | null = null;
  let pinned = false;

  const cancelShow = () => {
    pending?.cancel();
    pending = null;
  };
  const cancelHide = () => {
    hiding?.();
    hiding = null;
  };
  const hideNow = () => {
    cancelShow();
    cancelHide();
    if (shown === null) return;
    shown = null;
    host.hide();
  };
  const scheduleShow = (term: T) => {
    cancelShow();
    const cancel = host.schedule(() => {
      pending = null;
      if (!host.stillUnder(term)) return;
      cancelHide();
      shown = term;
      host.show(term);
    }, options.delayMs);
    pending = { term, cancel };
  };
  const scheduleHide = () => {
    cancelHide();
    hiding = host.schedule(() => {
      hiding = null;
      hideNow();
    }, options.graceMs);
  };

  /** The pointer is off the open card and off its term. */
  const leaving = (sample: PointerSample) => {
    if (shown === null || pinned) return;
    const box = host.cardBox();
    const approaching = box !== null && previous !== null && distanceToBox(sample.x, sample.y, box) < distanceToBox(previous.x, previous.y, box);
    // Each step toward the card buys another grace period; any other move lets it run out.
    if (!hiding || approaching) scheduleHide();
  };

  return {
    update(sample, under) {
      const dt = previous ? sample.t - previous.t : 0;
      const speed = previous && dt > 0 ? Math.hypot(sample.x - previous.x, sample.y - previous.y) / dt : 0;
      const fast = speed > options.maxSpeed;

      if (dismissed !== null && !(under.kind === 'term' && host.same(under.term, dismissed))) dismissed = null;

      if (under.kind === 'card') {
        cancelShow();
        cancelHide();
      } else if (under.kind === 'term' && shown !== null && host.same(under.term, shown)) {
        cancelShow();
        cancelHide();
      } else if (under.kind === 'term' && dismissed === null) {
        // A fast sample restarts the delay: the card opens only once the pointer settles.
        if (fast || !pending || !host.same(pending.term, under.term)) scheduleShow(under.term);
        leaving(sample);
      } else {
        cancelShow();
        leaving(sample);
      }
      previous = sample;
    },
    dismiss() {
      dismissed = shown ?? pending?.term ?? null;
      pinned = false;
      hideNow();
    },
    setPinned(value) {
      pinned = value;
      if (pinned) cancelHide();
    },
    setOptions(next) {
      options = { ...options, ...next };
    },
    current: () => shown,
  };
}
