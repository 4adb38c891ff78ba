// The passphrase lock's cryptography, on WebCrypto only (browsers and Node 20 alike).
//
// passphrase ──PBKDF2-SHA-256 (600,000 iterations, random 128-bit salt)──▶ 256-bit secret
// secret ──HKDF-SHA-256──▶ AES-256-GCM key (records)  +  HMAC-SHA-256 key (blind index)
//
// PBKDF2 gives one 256-bit block (asking it for more would cost us twice and an attacker once);
// HKDF splits that block into two independent keys. Both keys are non-extractable. The secret
// itself is what the background keeps in session storage so the lock survives the worker
// stopping (see entrypoints/background/notes-lock.ts). A key-check value (a known constant,
// sealed) tells a wrong passphrase from a right one without touching any note.
import * as v from 'valibot';

/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE_CHARS = 8;
export const MAX_PASSPHRASE_CHARS = 1_024;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const SECRET_BYTES = 32;
const KEY_CHECK = 'Clinical Lens key check, version 1';

export type Bytes = Uint8Array<ArrayBuffer>;

/** Ciphertext (with its GCM tag) and the random 96-bit IV it was made with. */
export interface Sealed {
  iv: Bytes;
  data: Bytes;
}

const BytesSchema = v.custom<Bytes>((input) => input instanceof Uint8Array, 'expected bytes');

/** What is stored about a lock: everything needed to test a passphrase, nothing that reveals it. */
export const LockMetaSchema = v.object({
  version: v.literal(1),
  /** Changes with every new passphrase: records and unlocked sessions name the lock they belong to. */
  id: v.pipe(v.string(), v.minLength(16)),
  kdf: v.literal('PBKDF2-SHA-256'),
  iterations: v.pipe(v.number(), v.integer(), v.minValue(1)),
  salt: BytesSchema,
  check: v.object({ iv: BytesSchema, data: BytesSchema }),
});
export type LockMeta = v.InferOutput<typeof LockMetaSchema>;

export interface NoteKeys {
  lockId: string;
  aes: CryptoKey;
  mac: CryptoKey;
}

const subtle = () => globalThis.crypto.subtle;
const utf8 = new TextEncoder();

function randomBytes(length: number): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Bytes {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function base64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Why a new passphrase cannot be used, or null. Counted in code points, after NFC. */
export function passphraseProblem(passphrase: string): string | null {
  const length = [...passphrase.normalize('NFC')].length;
  if (length < MIN_PASSPHRASE_CHARS) return `The passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters; a few unrelated words are best.`;
  if (length > MAX_PASSPHRASE_CHARS) return `The passphrase can have at most ${MAX_PASSPHRASE_CHARS} characters.`;
  return null;
}

/** The 256-bit secret a passphrase gives with this salt. NFC first: the same passphrase typed
 *  with another keyboard or input method must give the same secret. */
export async function deriveSecret(passphrase: string, salt: Bytes, iterations: number): Promise<Bytes> {
  const material = await subtle().importKey('raw', utf8.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, SECRET_BYTES * 8);
  return new Uint8Array(bits);
}

/** The record keys for a secret: non-extractable, so nothing can read them back out. */
export async function keysFromSecret(secret: Bytes, lockId: string): Promise<NoteKeys> {
  const base = await subtle().importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  const info = (label: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: utf8.encode(label) });
  const [aes, mac] = await Promise.all([
    subtle().deriveKey(info('clinical-lens notes aes-gcm v1'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    subtle().deriveKey(info('clinical-lens notes index v1'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
  ]);
  return { lockId, aes, mac };
}

export async function seal(keys: NoteKeys, plain: Bytes, context: string): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const data = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(context) }, keys.aes, plain);
  return { iv, data: new Uint8Array(data) };
}

/** The plaintext, or an error when the key, the context or a single bit differs. `context`
 *  (GCM's additional data) binds a ciphertext to its record, so records cannot be swapped. */
export async function unseal(keys: NoteKeys, sealed: Sealed, context: string): Promise<Bytes> {
  return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: utf8.encode(context) }, keys.aes, sealed.data));
}

export async function sealJson(keys: NoteKeys, value: unknown, context: string): Promise<Sealed> {
  return seal(keys, utf8.encode(JSON.stringify(value)), context);
}

export async function unsealJson(keys: NoteKeys, sealed: Sealed, context: string): Promise<unknown> {
  return JSON.parse(new TextDecoder().decode(await unseal(keys, sealed, context)));
}

/** A stable, unguessable stand-in for `value` (a note id, a page key) that can be looked up
 *  without revealing it: HMAC-SHA-256 under the lock's own key. */
export async function blindIndex(keys: NoteKeys, purpose: 'note' | 'page', value: string): Promise<string> {
  const tag = await subtle().sign('HMAC', keys.mac, utf8.encode(`${purpose}\u0000${value}`));
  return base64Url(new Uint8Array(tag));
}

const checkContext = (lockId: string) => `key-check\u0000${lockId}`;

export interface OpenedLock {
  meta: LockMeta;
  secret: Bytes;
  keys: NoteKeys;
}

/** A new lock for `passphrase`: fresh salt, fresh id, its key-check value and keys. */
export async function createLock(passphrase: string, iterations: number = PBKDF2_ITERATIONS): Promise<OpenedLock> {
  const id = base64Url(randomBytes(16));
  const salt = randomBytes(SALT_BYTES);
  const secret = await deriveSecret(passphrase, salt, iterations);
  const keys = await keysFromSecret(secret, id);
  const check = await seal(keys, utf8.encode(KEY_CHECK), checkContext(id));
  return { meta: { version: 1, id, kdf: 'PBKDF2-SHA-256', iterations, salt, check }, secret, keys };
}

/** True when `keys` open this lock's key-check value. */
export async function keysFit(keys: NoteKeys, meta: LockMeta): Promise<boolean> {
  if (keys.lockId !== meta.id) return false;
  try {
    return new TextDecoder().decode(await unseal(keys, meta.check, checkContext(meta.id))) === KEY_CHECK;
  } catch {
    return false;
  }
}

/** The lock opened with `passphrase`, or null when the passphrase is wrong. */
export async function openLock(passphrase: string, meta: LockMeta): Promise<OpenedLock | null> {
  const secret = await deriveSecret(passphrase, meta.salt, meta.iterations);
  const keys = await keysFromSecret(secret, meta.id);
  return (await keysFit(keys, meta)) ? { meta, secret, keys } : null;
}
