// The user's settings as every context sees them: their shape, defaults and the reading of a
// stored value field by field. Pure, so content scripts take it without any storage library.
import { CATEGORIES, type Category } from './knowledge-schema';
import { DEFAULT_SITE_RULES, SITE_MODES, type SiteRules } from './site-rules';

/** Where the settings are stored (a @wxt-dev/storage key: the `settings` item of storage.local). */
export const SETTINGS_KEY = 'local:settings';

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
