// How terms are marked and when the hover card opens. Every change is saved at once.
import { CATEGORIES, type Category } from '../../lib/knowledge-schema';
import { HIGHLIGHT_STYLES, HOVER_DELAY_RANGE, type HighlightStyle, MODIFIER_KEYS, type ModifierKey } from '../../lib/settings';
import { useSettings } from '../../platform/use-settings';
import { useSaveSettings } from './use-save';

const MODIFIER_LABELS: Record<ModifierKey, string> = {
  none: 'On hover alone',
  alt: 'Only while Alt is held',
  shift: 'Only while Shift is held',
  ctrl: 'Only while Ctrl is held',
};

const STYLE_LABELS: Record<HighlightStyle, string> = {
  underline: 'Dotted underline',
  background: 'Tinted background',
  none: 'Not marked (hovering still works)',
};

const CATEGORY_LABELS: Record<Category, string> = {
  procedure: 'Procedures',
  agent: 'Agents (drugs, embolic materials)',
  concept: 'Concepts',
  disease: 'Diseases',
  anatomy: 'Anatomy',
  therapy: 'Therapies',
};

export function DisplaySettings() {
  const settings = useSettings();
  const { save, error } = useSaveSettings();
  if (!settings) return <p>Loading…</p>;
  return (
    <div class="stack">
      <h2>Display</h2>
      <div class="field">
        <label for="hover-delay">Hover delay</label>
        <div class="row">
          <input
            id="hover-delay"
            type="range"
            min={HOVER_DELAY_RANGE.min}
            max={HOVER_DELAY_RANGE.max}
            step={25}
            value={settings.hoverDelayMs}
            aria-describedby="hover-delay-help"
            aria-valuetext={`${settings.hoverDelayMs} milliseconds`}
            onInput={(e) => {
              const hoverDelayMs = Number(e.currentTarget.value);
              save((s) => ({ ...s, hoverDelayMs }));
            }}
          />
          <output for="hover-delay" class="value">
            {settings.hoverDelayMs} ms
          </output>
        </div>
        <p id="hover-delay-help" class="help">
          How long the pointer rests on a term before its card opens.
        </p>
      </div>

      <fieldset>
        <legend>Open the card</legend>
        {MODIFIER_KEYS.map((key) => (
          <label key={key} class="choice">
            <input type="radio" name="modifier" value={key} checked={settings.hoverModifier === key} onChange={() => save((s) => ({ ...s, hoverModifier: key }))} />
            {MODIFIER_LABELS[key]}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>Mark terms with</legend>
        {HIGHLIGHT_STYLES.map((style) => (
          <label key={style} class="choice">
            <input type="radio" name="highlight" value={style} checked={settings.highlightStyle === style} onChange={() => save((s) => ({ ...s, highlightStyle: style }))} />
            {STYLE_LABELS[style]}
          </label>
        ))}
      </fieldset>

      <fieldset>
        <legend>Mark these kinds of terms</legend>
        {CATEGORIES.map((category) => (
          <label key={category} class="choice">
            <input
              type="checkbox"
              value={category}
              checked={settings.categories.includes(category)}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                save((s) => ({ ...s, categories: CATEGORIES.filter((c) => (c === category ? on : s.categories.includes(c))) }));
              }}
            />
            {CATEGORY_LABELS[category]}
          </label>
        ))}
      </fieldset>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
