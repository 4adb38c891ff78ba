// The reader's selection as page text. Chromium reports a selection inside a shadow root through
// getRangeAt() as a collapsed range beside the outermost host (isCollapsed is true): only
// getComposedRanges(), given the open shadow roots, says which words are selected.

/** Whether text is selected, inside shadow roots too. */
export function hasSelectedText(selection: Selection | null): selection is Selection {
  return !!selection && selection.type === 'Range' && selection.rangeCount > 0;
}

/** The selected passage, looked for inside these open shadow roots; null when nothing is selected. */
export function selectedRange(selection: Selection | null, shadowRoots: readonly ShadowRoot[]): AbstractRange | null {
  if (!hasSelectedText(selection)) return null;
  if (typeof selection.getComposedRanges !== 'function') return selection.getRangeAt(0);
  const [range] = selection.getComposedRanges({ shadowRoots: [...shadowRoots] });
  return range && !range.collapsed ? range : null;
}
