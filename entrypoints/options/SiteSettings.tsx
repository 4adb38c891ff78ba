// Where Clinical Lens runs: everywhere except some sites, or only on listed sites (an EHR and
// nothing else). Changes apply at once in open tabs.
import { useState } from 'preact/hooks';
import { parseSiteRule, type SiteRules } from '../../lib/site-rules';
import { useSettings } from '../../platform/use-settings';
import { useSaveSettings } from './use-save';

type ListKey = 'offSites' | 'onlySites';

export function SiteSettings() {
  const settings = useSettings();
  const { save, error } = useSaveSettings();
  if (!settings) return <p>Loading…</p>;
  const { sites } = settings;
  const saveSites = (change: (rules: SiteRules) => SiteRules) => save((s) => ({ ...s, sites: change(s.sites) }));
  return (
    <div class="stack">
      <h2>Sites</h2>
      <fieldset>
        <legend>Run Clinical Lens</legend>
        <label class="choice">
          <input type="radio" name="site-mode" checked={sites.mode === 'everywhere'} onChange={() => saveSites((r) => ({ ...r, mode: 'everywhere' }))} />
          On every site, except the sites where it is off
        </label>
        <label class="choice">
          <input type="radio" name="site-mode" checked={sites.mode === 'only-listed'} onChange={() => saveSites((r) => ({ ...r, mode: 'only-listed' }))} />
          Only on the sites I list (for example, my EHR)
        </label>
      </fieldset>
      <SiteList
        id="only-sites"
        title="Only on these sites"
        help={sites.mode === 'only-listed' ? 'Clinical Lens runs on these sites and their subdomains, and nowhere else.' : 'Used when “Only on the sites I list” is chosen above.'}
        rules={sites.onlySites}
        onChange={(onlySites) => saveSites((r) => ({ ...r, onlySites }))}
      />
      <SiteList
        id="off-sites"
        title="Sites where it is off"
        help="Clinical Lens never runs on these sites and their subdomains. The switch in the toolbar popup adds and removes sites here."
        rules={sites.offSites}
        onChange={(offSites) => saveSites((r) => ({ ...r, offSites }))}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface SiteListProps {
  id: string;
  title: string;
  help: string;
  rules: string[];
  onChange: (rules: string[]) => void;
}

function SiteList({ id, title, help, rules, onChange }: SiteListProps) {
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = (event: Event) => {
    event.preventDefault();
    const parsed = parseSiteRule(draft);
    if (!parsed.ok) {
      setProblem(parsed.error);
      return;
    }
    setProblem(null);
    setDraft('');
    if (!rules.includes(parsed.rule)) onChange([...rules, parsed.rule]);
  };
  return (
    <section class="site-list" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <p class="help" id={`${id}-help`}>
        {help}
      </p>
      {rules.length === 0 ? (
        <p class="empty">No sites yet.</p>
      ) : (
        <ul class="rules" aria-labelledby={`${id}-title`}>
          {rules.map((rule) => (
            <li key={rule}>
              <span class="rule">{rule}</span>
              <button type="button" class="small" aria-label={`Remove ${rule}`} onClick={() => onChange(rules.filter((r) => r !== rule))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="row" onSubmit={add}>
        <label for={`${id}-input`} class="visually-hidden">
          Add a site to “{title}”
        </label>
        <input
          id={`${id}-input`}
          type="text"
          placeholder="ehr.example.org"
          value={draft}
          autoComplete="off"
          spellcheck={false}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${id}-problem` : `${id}-help`}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit">Add</button>
      </form>
      {problem && (
        <p class="error" id={`${id}-problem`} role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
