// The user's settings: one versioned storage item, read and written only through this module,
// so every context (content scripts, popup, options) agrees on shape and defaults.
//
// Version history (bump `version` and add a migration when the stored shape changes):
//   1 — first release.
import { storage } from 'wxt/utils/storage';
import { CATEGORIES, type Category } from '../lib/knowledge-schema';
import { DEFAULT_SITE_RULES, isEnabledForUrl, SITE_MODES, type SiteRules, withSiteEnabled } from '../lib/site-rules';
import { StorageWriteError, describeStorageError } from './storage-errors';

export const MODIFIER_KEYS = ['none', 'alt', 'shift', 'ctrl'] as const;
export const HIGHLIGHT_STYLES = ['underline', 'background', 'none'] as const;
export const HOVER_DELAY_RANGE = { min: 0, max: 1000 } as const;

export type ModifierKey = (typeof MODIFIER_KEYS)[number];
export type HighlightStyle = (typeof HIGHLIGHT_STYLES)[number];

export interface Settings {
  /** Pause before the hover card opens, in ms. */
  hoverDelayMs: number;
  /** "none": hovering alone opens the card; otherwise only while this key is held. */
  hoverModifier: ModifierKey;
  highlightStyle: HighlightStyle;
  /** Categories whose terms are marked on pages. */
  categories: Category[];
  sites: SiteRules;
}

export const DEFAULT_SETTINGS: Settings = {
  hoverDelayMs: 150,
  hoverModifier: 'none',
  highlightStyle: 'underline',
  categories: [...CATEGORIES],
  sites: DEFAULT_SITE_RULES,
};

// Each field falls back on its own: one damaged or unknown value must not reset the others.
// Written out rather than as a valibot schema: content scripts read the settings in every
// frame, and their start-up code carries no valibot.
const pick = <T extends string>(options: readonly T[], value: unknown, fallback: T): T => (options.includes(value as T) ? (value as T) : fallback);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const ruleList = (value: unknown): string[] => (isStringList(value) && value.every((rule) => rule.length <= 300) ? value : []);

function normalizeSites(stored: unknown): SiteRules {
  if (!isRecord(stored)) return DEFAULT_SITE_RULES;
  return {
    mode: pick(SITE_MODES, stored.mode, DEFAULT_SITE_RULES.mode),
    offSites: ruleList(stored.offSites),
    onlySites: ruleList(stored.onlySites),
  };
}

/** Settings as stored may come from another version or be damaged: read them field by field. */
export function normalizeSettings(stored: unknown): Settings {
  const value = stored ?? {};
  if (!isRecord(value)) return DEFAULT_SETTINGS;
  const { hoverDelayMs: delay, categories } = value;
  return {
    hoverDelayMs:
      typeof delay === 'number' && Number.isInteger(delay) && delay >= HOVER_DELAY_RANGE.min && delay <= HOVER_DELAY_RANGE.max ? delay : DEFAULT_SETTINGS.hoverDelayMs,
    hoverModifier: pick(MODIFIER_KEYS, value.hoverModifier, DEFAULT_SETTINGS.hoverModifier),
    highlightStyle: pick(HIGHLIGHT_STYLES, value.highlightStyle, DEFAULT_SETTINGS.highlightStyle),
    categories: isStringList(categories) ? CATEGORIES.filter((c) => categories.includes(c)) : DEFAULT_SETTINGS.categories,
    sites: normalizeSites(value.sites),
  };
}

const SETTINGS_KEY = 'local:settings';

const defineSettingsItem = () =>
  storage.defineItem<Settings>(SETTINGS_KEY, {
    fallback: DEFAULT_SETTINGS,
    version: 1,
    // Present even while empty: it makes the first write record the version, so a later
    // migration knows what it is reading.
    migrations: {},
  });

let item: ReturnType<typeof defineSettingsItem> | undefined;
/** Defined on first use: defining an item reads storage at once (its migration check), which
 * content scripts, importing this module in every frame, must not pay for. */
const settingsItem = () => (item ??= defineSettingsItem());

export async function getSettings(): Promise<Settings> {
  return normalizeSettings(await settingsItem().getValue());
}

/**
 * The settings in one storage read, for content scripts (every frame of every page): the item's
 * migration check would cost more reads. The stored value goes through the same normalizer, which
 * reads any version field by field; migrations run in the background on install and update.
 */
export async function readSettings(): Promise<Settings> {
  return normalizeSettings(await storage.getItem(SETTINGS_KEY));
}

/** Runs pending migrations of the stored settings (the background calls it on install/update). */
export async function migrateSettings(): Promise<void> {
  await settingsItem().getValue();
}

/** Calls back with the new settings whenever any context changes them; returns the unwatch.
 * The new value comes with the change event: watching reads nothing. */
export function watchSettings(callback: (settings: Settings) => void): () => void {
  return storage.watch<Settings>(SETTINGS_KEY, (value) => callback(normalizeSettings(value)));
}

/** Applies a change to the latest stored settings (not a stale copy a page may hold). */
export async function updateSettings(change: (current: Settings) => Settings): Promise<Settings> {
  const next = normalizeSettings(change(await getSettings()));
  try {
    await settingsItem().setValue(next);
  } catch (error) {
    throw new StorageWriteError(describeStorageError(error, 'the settings'));
  }
  return next;
}

export async function isEnabledFor(url: string): Promise<boolean> {
  return isEnabledForUrl((await getSettings()).sites, url);
}

export function setEnabledFor(url: string, enabled: boolean): Promise<Settings> {
  return updateSettings((s) => ({ ...s, sites: withSiteEnabled(s.sites, url, enabled) }));
}
