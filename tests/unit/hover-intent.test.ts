import { beforeEach, describe, expect, it } from 'vitest';
import { type Box, createHoverIntent, DEFAULT_HOVER_INTENT, distanceToBox, type HoverIntent, type Under } from '../../entrypoints/content/hover-intent';

/** A manual clock: timers run only when the test advances time. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 0;
  return {
    now: () => now,
    schedule(fn: () => void, ms: number) {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return () => {
        timers = timers.filter((t) => t.id !== id);
      };
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
}

const { delayMs, graceMs } = DEFAULT_HOVER_INTENT;
const termA = { id: 'a', left: 100, right: 160 };
const termB = { id: 'b', left: 300, right: 360 };
type Term = typeof termA;
const card: Box = { left: 100, top: 130, right: 400, bottom: 330 };

describe('hover intent', () => {
  let clock: ReturnType<typeof fakeClock>;
  let intent: HoverIntent<Term>;
  let events: string[];
  let pointer = { x: 0, y: 0 };

  /** Where the pointer is decides what is under it, like the real hit test. */
  const under = (): Under<Term> => {
    const { x, y } = pointer;
    if (events.at(-1)?.startsWith('show') && distanceToBox(x, y, card) === 0) return { kind: 'card' };
    for (const term of [termA, termB]) if (y >= 100 && y <= 120 && x >= term.left && x <= term.right) return { kind: 'term', term };
    return { kind: 'none' };
  };
  const moveTo = (x: number, y: number, afterMs: number) => {
    clock.advance(afterMs);
    pointer = { x, y };
    intent.update({ x, y, t: clock.now() }, under());
  };

  beforeEach(() => {
    clock = fakeClock();
    events = [];
    pointer = { x: 0, y: 0 };
    intent = createHoverIntent<Term>({
      schedule: clock.schedule,
      show: (term) => events.push(`show ${term.id}`),
      hide: () => events.push('hide'),
      same: (a, b) => a.id === b.id,
      stillUnder: (term) => {
        const u = under();
        return u.kind === 'term' && u.term.id === term.id;
      },
      cardBox: () => card,
    });
    moveTo(10, 10, 1000);
  });

  it('opens after the pointer rests on a term for the delay, not before', () => {
    moveTo(120, 110, 1000);
    clock.advance(delayMs - 1);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual(['show a']);
    expect(intent.current()).toBe(termA);
  });

  it('opens once a fast pointer stops on a term', () => {
    moveTo(120, 110, 5); // 110 px in 5 ms: racing
    clock.advance(delayMs);
    expect(events).toEqual(['show a']);
  });

  it('stays shut while the pointer races across a term', () => {
    for (let x = 20; x <= 260; x += 20) moveTo(x, 110, 16); // 1.25 px/ms
    clock.advance(2000);
    expect(events).toEqual([]);
  });

  it('does not open for a term the pointer left before the delay ended', () => {
    moveTo(120, 110, 1000);
    clock.advance(delayMs / 2);
    pointer = { x: 200, y: 110 }; // moved, but the sample has not been processed yet
    clock.advance(delayMs);
    expect(events).toEqual([]);
  });

  it('closes after the grace period once the pointer leaves term and card', () => {
    moveTo(120, 110, 1000);
    clock.advance(delayMs);
    moveTo(120, 30, 1000); // away from the card, which is below
    clock.advance(graceMs - 1);
    expect(events).toEqual(['show a']);
    clock.advance(1);
    expect(events).toEqual(['show a', 'hide']);
  });

  it('stays open while the pointer travels to the card, and while it is on the card', () => {
    moveTo(120, 110, 1000);
    clock.advance(delayMs);
    // Slowly down toward the card: each step is closer than the last.
    for (const y of [122, 124, 126, 128]) moveTo(120, y, graceMs - 50);
    moveTo(150, 200, 100);
    clock.advance(5000);
    expect(events).toEqual(['show a']);
    moveTo(150, 400, 100); // off the card, away from it
    clock.advance(graceMs);
    expect(events).toEqual(['show a', 'hide']);
  });

  it('switches to another term the pointer settles on', () => {
    moveTo(120, 110, 1000);
    clock.advance(delayMs);
    moveTo(320, 110, 1000);
    clock.advance(delayMs);
    expect(events).toEqual(['show a', 'show b']);
    expect(intent.current()).toBe(termB);
  });

  it('after a dismissal, does not reopen until the pointer leaves the term', () => {
    moveTo(120, 110, 1000);
    clock.advance(delayMs);
    intent.dismiss();
    moveTo(125, 110, 100);
    clock.advance(1000);
    expect(events).toEqual(['show a', 'hide']);
    moveTo(20, 20, 1000);
    moveTo(120, 110, 1000);
    clock.advance(delayMs);
    expect(events).toEqual(['show a', 'hide', 'show a']);
  });

  it('stays open while pinned (keyboard focus in the card), whatever the pointer does', () => {
    moveTo(120, 110, 1000);
    clock.advance(delayMs);
    intent.setPinned(true);
    moveTo(600, 600, 100);
    clock.advance(5000);
    expect(events).toEqual(['show a']);
  });

  it('uses a changed delay', () => {
    intent.setOptions({ delayMs: 20 });
    moveTo(120, 110, 1000);
    clock.advance(20);
    expect(events).toEqual(['show a']);
  });
});
