// The lazily loaded half of the hover and look-up cards (see module-loaders.ts): the UI root, the
// Preact card placed by floating-ui, and the entry client that checks the background's answers.
export { createEntryClient } from './entry-client';
export { createPopover, POPOVER_CSS } from './popover';
export { ensureUiRoot, existingUiRoot } from './ui-root';
