// The switch that turns Clinical Lens off or on for the site of the current tab. Writes the
// settings item; content scripts in every open tab follow it live.
import { useState } from 'preact/hooks';
import { isEnabledForUrl, siteRuleFor } from '../../lib/site-rules';
import type { Settings } from '../../lib/settings';
import { setEnabledFor } from '../../platform/settings';

export interface SiteSwitchProps {
  url: string | undefined;
  settings: Settings;
}

export function SiteSwitch({ url, settings }: SiteSwitchProps) {
  const [error, setError] = useState<string | null>(null);
  const site = url ? siteRuleFor(url) : null;
  if (!url || !site) return <p class="site-note">Clinical Lens does not run on this page.</p>;
  const enabled = isEnabledForUrl(settings.sites, url);
  const toggle = () => {
    setError(null);
    setEnabledFor(url, !enabled).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div class="site">
      <button type="button" role="switch" aria-checked={enabled} class="switch" onClick={toggle}>
        <span class="switch-track" aria-hidden="true">
          <span class="switch-thumb" />
        </span>
        <span>
          Mark terms on <strong class="site-name">{site}</strong>
        </span>
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
