// Whether Clinical Lens runs on a page, from the user's site rules. Pure, so the content script,
// the popup switch and the tests share one definition of "this site".
//
// A rule is a host name ("example.org"), optionally with a port ("127.0.0.1:8080"). A rule
// without a port covers every port, and a domain rule covers its subdomains, because a hospital
// EHR often spreads over several hosts of one domain.

export const SITE_MODES = ['everywhere', 'only-listed'] as const;
export type SiteMode = (typeof SITE_MODES)[number];

export interface SiteRules {
  /** "everywhere": on except on offSites; "only-listed": on only on onlySites (and not on offSites). */
  mode: SiteMode;
  offSites: string[];
  onlySites: string[];
}

export const DEFAULT_SITE_RULES: SiteRules = { mode: 'everywhere', offSites: [], onlySites: [] };

interface Site {
  host: string;
  port: string;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The site of a page or frame URL (or an origin), or null when it has none (about:, data:, file:). */
export function siteOf(url: string): Site | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return { host: parsed.hostname, port: parsed.port };
}

/** The rule the popup switch writes for a page: its host name, so every port is covered. */
export function siteRuleFor(url: string): string | null {
  return siteOf(url)?.host ?? null;
}

export type RuleParse = { ok: true; rule: string } | { ok: false; error: string };

/** Accepts what people paste ("https://ehr.example.org/chart?id=1", "EHR.example.org", "10.0.0.5:8443")
 * and returns the rule in its one canonical form. */
export function parseSiteRule(input: string): RuleParse {
  const text = input.trim();
  if (!text) return { ok: false, error: 'Enter a site, e.g. ehr.example.org' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, error: `“${text}” is not a site name` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: `“${text}” is not a web site (only http and https pages have sites)` };
  }
  if (!url.hostname || (!url.hostname.includes('.') && url.hostname !== 'localhost')) {
    return { ok: false, error: `“${text}” is not a site name; write it like ehr.example.org` };
  }
  // An explicit default port (":443" on https) is dropped by URL; keep any other port.
  return { ok: true, rule: url.port ? `${url.hostname}:${url.port}` : url.hostname };
}

function ruleCovers(rule: string, site: Site): boolean {
  const parsed = parseSiteRule(rule);
  if (!parsed.ok) return false;
  const [host = '', port] = parsed.rule.split(/:(?=\d+$)/);
  if (port !== undefined && port !== site.port) return false;
  if (site.host === host) return true;
  return !IPV4.test(host) && site.host.endsWith(`.${host}`);
}

/** Does any rule in the list cover this URL? */
export function listCovers(rules: readonly string[], url: string): boolean {
  const site = siteOf(url);
  return site !== null && rules.some((rule) => ruleCovers(rule, site));
}

export function isEnabledForUrl(rules: SiteRules, url: string): boolean {
  if (listCovers(rules.offSites, url)) return false;
  return rules.mode === 'everywhere' || listCovers(rules.onlySites, url);
}

/** The rules after the user turns Clinical Lens on or off for one page's site. Returns the rules
 * unchanged for pages without a site (nothing to switch). Turning a site off never removes a
 * broader rule the user wrote ("example.org" when switching off "ehr.example.org"): it adds an
 * exception instead, so other hosts keep their state. */
export function withSiteEnabled(rules: SiteRules, url: string, enabled: boolean): SiteRules {
  const rule = siteRuleFor(url);
  const site = siteOf(url);
  if (!rule || !site) return rules;
  if (enabled) {
    const offSites = rules.offSites.filter((r) => !ruleCovers(r, site));
    const needsListing = rules.mode === 'only-listed' && !listCovers(rules.onlySites, url);
    return { ...rules, offSites, onlySites: needsListing ? [...rules.onlySites, rule] : rules.onlySites };
  }
  const exact = new Set([site.host, `${site.host}:${site.port}`]);
  const onlySites = rules.mode === 'only-listed' ? rules.onlySites.filter((r) => !exact.has(canonical(r))) : rules.onlySites;
  const next = { ...rules, onlySites };
  return isEnabledForUrl(next, url) ? { ...next, offSites: [...next.offSites, rule] } : next;
}

function canonical(rule: string): string {
  const parsed = parseSiteRule(rule);
  return parsed.ok ? parsed.rule : rule;
}
