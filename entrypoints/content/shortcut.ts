/** A keyboard shortcut by physical key (code, not key: layouts and Option on macOS vary). */
export interface Shortcut {
  altKey: boolean;
  shiftKey: boolean;
  code: string;
}

/** Whether the event is exactly this shortcut (no Ctrl or Meta besides). */
export function isShortcut(event: KeyboardEvent, { altKey, shiftKey, code }: Shortcut): boolean {
  return event.altKey === altKey && event.shiftKey === shiftKey && event.code === code && !event.ctrlKey && !event.metaKey;
}
