import type { Shortcut } from '../shortcut';

/** Keyboard shortcut that opens the note editor for the selection (code: layouts vary). Its own
 *  module: the content script's start-up code listens for it without loading the notes UI. */
export const ADD_NOTE_SHORTCUT: Shortcut = { altKey: true, shiftKey: true, code: 'KeyN' };
