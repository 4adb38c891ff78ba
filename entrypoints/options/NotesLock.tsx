// The notes passphrase lock in the options page: the unlock screen that stands in for every
// note while they are locked, and the panel to set, change or remove the lock and to lock now.
// Deriving the key takes a moment on purpose (600,000 PBKDF2 rounds), so forms say they are busy.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { NotesLockStatus } from '../../lib/messages';
import { MIN_PASSPHRASE_CHARS } from '../../lib/note-crypto';
import { askBackground } from '../../platform/messaging';

export const FORGET_WARNING = 'If you forget this passphrase your notes cannot be recovered — not by us, not by anyone.';

interface Field {
  name: string;
  label: string;
  autoComplete: 'current-password' | 'new-password';
}

interface PassphraseFormProps {
  id: string;
  fields: Field[];
  submitLabel: string;
  busyLabel: string;
  /** Why the entered values cannot be sent, or null. */
  check?: (values: Record<string, string>) => string | null;
  onSubmit: (values: Record<string, string>) => Promise<NotesLockStatus>;
  onDone: (status: NotesLockStatus) => void;
  children?: ComponentChildren;
  danger?: boolean;
}

function PassphraseForm({ id, fields, submitLabel, busyLabel, check, onSubmit, onDone, children, danger }: PassphraseFormProps) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const errorId = `${id}-error`;

  const submit = async (event: Event) => {
    event.preventDefault();
    const problem = check?.(values) ?? null;
    if (problem) {
      setError(problem);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const status = await onSubmit(values);
      setValues({});
      onDone(status);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="lock-form" id={id} onSubmit={(event) => void submit(event)} aria-busy={busy}>
      {fields.map((field) => (
        <div class="field" key={field.name}>
          <label for={`${id}-${field.name}`}>{field.label}</label>
          <input
            id={`${id}-${field.name}`}
            type="password"
            autoComplete={field.autoComplete}
            spellcheck={false}
            value={values[field.name] ?? ''}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            onInput={(e) => {
              const value = e.currentTarget.value;
              setValues((old) => ({ ...old, [field.name]: value }));
            }}
          />
        </div>
      ))}
      {children}
      <div class="row">
        <button type="submit" class={danger ? 'danger' : 'primary'} disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
      {error && (
        <p role="alert" class="error" id={errorId}>
          {error}
        </p>
      )}
    </form>
  );
}

const repeated = (values: Record<string, string>) =>
  (values.next ?? '') !== (values.repeat ?? '') ? 'The two new passphrases are not the same.' : null;

/** Stands in for the notes manager while notes are locked: no note, count or page is shown. */
export function LockedNotes({ onUnlocked }: { onUnlocked: (status: NotesLockStatus) => void }) {
  return (
    <section class="stack locked-notes" aria-labelledby="locked-title">
      <div>
        <h2 id="locked-title">Notes are locked</h2>
        <p class="help">
          Your notes are stored encrypted. Enter your passphrase to see and edit them in this browser until you lock them again or quit the browser. While
          they are locked, no note shows on any page.
        </p>
      </div>
      <PassphraseForm
        id="unlock"
        fields={[{ name: 'passphrase', label: 'Passphrase', autoComplete: 'current-password' }]}
        submitLabel="Unlock notes"
        busyLabel="Unlocking…"
        onSubmit={({ passphrase = '' }) => askBackground({ type: 'notes:unlock', passphrase })}
        onDone={onUnlocked}
      />
      <p class="warning">{FORGET_WARNING}</p>
    </section>
  );
}

function SetLock({ onDone }: { onDone: (status: NotesLockStatus) => void }) {
  const [understood, setUnderstood] = useState(false);
  return (
    <PassphraseForm
      id="set-lock"
      fields={[
        { name: 'next', label: 'New passphrase', autoComplete: 'new-password' },
        { name: 'repeat', label: 'Repeat the passphrase', autoComplete: 'new-password' },
      ]}
      submitLabel="Lock notes with this passphrase"
      busyLabel="Encrypting notes…"
      check={(values) => repeated(values) ?? (understood ? null : 'Please confirm that you understand the passphrase cannot be recovered.')}
      onSubmit={({ next = '' }) => askBackground({ type: 'notes:setLock', passphrase: next })}
      onDone={onDone}
    >
      <label class="choice">
        <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.currentTarget.checked)} />
        <span>I understand: {FORGET_WARNING.charAt(0).toLowerCase() + FORGET_WARNING.slice(1)}</span>
      </label>
    </PassphraseForm>
  );
}

/** The lock's settings below the notes: set it, or lock now, change or remove it. */
export function NotesLockPanel({ status, noteCount, onChange }: { status: NotesLockStatus; noteCount: number; onChange: (status: NotesLockStatus) => void }) {
  const [lockError, setLockError] = useState<string | null>(null);
  const lockNow = () => {
    askBackground({ type: 'notes:lock' }).then(onChange, (e: unknown) => setLockError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <section class="stack lock-panel" aria-labelledby="lock-title">
      <h3 id="lock-title">Passphrase lock</h3>
      {status === 'none' ? (
        <>
          <p class="help">
            Lock your notes with a passphrase: their text, tags, the quoted words and the page addresses are then stored encrypted (AES-256-GCM, with a key
            made from your passphrase), and no note shows anywhere until you unlock them. At least {MIN_PASSPHRASE_CHARS} characters; a few unrelated
            words are easy to remember and hard to guess.
          </p>
          <p class="warning">{FORGET_WARNING} There is no reset and no backdoor.</p>
          {noteCount > 0 && (
            <p class="help">
              Your {noteCount === 1 ? 'note is' : `${noteCount} notes are`} encrypted at once, but the browser may keep the earlier, unencrypted copies in
              its own files on this disk until it tidies them up, which can take days. For full protection, also use your computer’s disk encryption.
            </p>
          )}
          <SetLock onDone={onChange} />
        </>
      ) : (
        <>
          <p class="help">
            Your notes are stored encrypted and are unlocked in this browser until you lock them or quit the browser. Files you export are not encrypted.
          </p>
          <div class="row">
            <button type="button" class="primary" onClick={lockNow}>
              Lock now
            </button>
          </div>
          {lockError && (
            <p role="alert" class="error">
              {lockError}
            </p>
          )}
          <details>
            <summary>Change the passphrase</summary>
            <PassphraseForm
              id="change-passphrase"
              fields={[
                { name: 'current', label: 'Current passphrase', autoComplete: 'current-password' },
                { name: 'next', label: 'New passphrase', autoComplete: 'new-password' },
                { name: 'repeat', label: 'Repeat the new passphrase', autoComplete: 'new-password' },
              ]}
              submitLabel="Change the passphrase"
              busyLabel="Encrypting notes again…"
              check={repeated}
              onSubmit={({ current = '', next = '' }) => askBackground({ type: 'notes:changePassphrase', current, next })}
              onDone={onChange}
            >
              <p class="warning">{FORGET_WARNING}</p>
            </PassphraseForm>
          </details>
          <details>
            <summary>Remove the lock</summary>
            <p class="help">Your notes will be stored unencrypted again, and show on pages without a passphrase.</p>
            <PassphraseForm
              id="remove-lock"
              fields={[{ name: 'passphrase', label: 'Current passphrase', autoComplete: 'current-password' }]}
              submitLabel="Remove the lock"
              busyLabel="Decrypting notes…"
              danger
              onSubmit={({ passphrase = '' }) => askBackground({ type: 'notes:removeLock', passphrase })}
              onDone={onChange}
            />
          </details>
        </>
      )}
    </section>
  );
}
