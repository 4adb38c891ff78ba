// Storage failures in words a user can act on. chrome.storage writes one key atomically, so a
// failed write always leaves the previous value in place, and the message can promise that.
export class StorageWriteError extends Error {
  override name = 'StorageWriteError';
}

export function isQuotaError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /quota/i.test(message);
}

export function describeStorageError(error: unknown, what: string): string {
  if (isQuotaError(error)) {
    return `Not enough storage space to save ${what}: the browser's storage for Clinical Lens is full. Nothing was changed; remove some entries and try again.`;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `Could not save ${what} (${detail}). Nothing was changed.`;
}
