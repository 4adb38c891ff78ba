import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_RULES, isEnabledForUrl, parseSiteRule, siteRuleFor, withSiteEnabled, type SiteRules } from '../../lib/site-rules';

const rules = (partial: Partial<SiteRules>): SiteRules => ({ ...DEFAULT_SITE_RULES, ...partial });

describe('parseSiteRule', () => {
  it('turns pasted URLs and mixed case into the canonical host rule', () => {
    expect(parseSiteRule('https://EHR.Example.org/patient/123/chart?x=1')).toEqual({ ok: true, rule: 'ehr.example.org' });
    expect(parseSiteRule('  ehr.example.org  ')).toEqual({ ok: true, rule: 'ehr.example.org' });
    expect(parseSiteRule('10.0.0.5:8443')).toEqual({ ok: true, rule: '10.0.0.5:8443' });
    expect(parseSiteRule('https://ehr.example.org:443/')).toEqual({ ok: true, rule: 'ehr.example.org' });
    expect(parseSiteRule('localhost')).toEqual({ ok: true, rule: 'localhost' });
  });

  it('refuses what is not a site, saying why', () => {
    expect(parseSiteRule('')).toEqual({ ok: false, error: 'Enter a site, e.g. ehr.example.org' });
    expect(parseSiteRule('chart')).toEqual({ ok: false, error: '“chart” is not a site name; write it like ehr.example.org' });
    expect(parseSiteRule('file:///home/me/notes.html')).toEqual({ ok: false, error: '“file:///home/me/notes.html” is not a web site (only http and https pages have sites)' });
    expect(parseSiteRule('exa mple.org')).toEqual({ ok: false, error: '“exa mple.org” is not a site name' });
  });
});

describe('isEnabledForUrl', () => {
  it('is on everywhere by default', () => {
    expect(isEnabledForUrl(DEFAULT_SITE_RULES, 'https://pubmed.ncbi.nlm.nih.gov/123/')).toBe(true);
    expect(isEnabledForUrl(DEFAULT_SITE_RULES, 'about:blank')).toBe(true);
  });

  it('is off on an off site, its subdomains and every port, but not on look-alike hosts', () => {
    const r = rules({ offSites: ['example.org'] });
    expect(isEnabledForUrl(r, 'https://example.org/a')).toBe(false);
    expect(isEnabledForUrl(r, 'https://ehr.example.org:8443/a')).toBe(false);
    expect(isEnabledForUrl(r, 'https://notexample.org/a')).toBe(true);
    expect(isEnabledForUrl(r, 'https://example.org.evil.test/a')).toBe(true);
  });

  it('matches a rule with a port only on that port, and IP rules never as domains', () => {
    const r = rules({ offSites: ['127.0.0.1:8080', '10.0.0.5'] });
    expect(isEnabledForUrl(r, 'http://127.0.0.1:8080/x')).toBe(false);
    expect(isEnabledForUrl(r, 'http://127.0.0.1:9090/x')).toBe(true);
    expect(isEnabledForUrl(r, 'http://10.0.0.5:1/x')).toBe(false);
    expect(isEnabledForUrl(r, 'http://1.10.0.0.5/x')).toBe(true);
  });

  it('in "only on these sites" mode is on only for listed sites, and off sites still win', () => {
    const r = rules({ mode: 'only-listed', onlySites: ['ehr.example.org'], offSites: ['admin.ehr.example.org'] });
    expect(isEnabledForUrl(r, 'https://ehr.example.org/chart')).toBe(true);
    expect(isEnabledForUrl(r, 'https://lab.ehr.example.org/chart')).toBe(true);
    expect(isEnabledForUrl(r, 'https://admin.ehr.example.org/')).toBe(false);
    expect(isEnabledForUrl(r, 'https://pubmed.ncbi.nlm.nih.gov/')).toBe(false);
    expect(isEnabledForUrl(r, 'about:blank')).toBe(false);
  });
});

describe('withSiteEnabled (the popup switch)', () => {
  const page = 'http://127.0.0.1:5173/chart.html';

  it('switching off then on returns to where it started', () => {
    const off = withSiteEnabled(DEFAULT_SITE_RULES, page, false);
    expect(off.offSites).toEqual(['127.0.0.1']);
    expect(isEnabledForUrl(off, page)).toBe(false);
    const on = withSiteEnabled(off, page, true);
    expect(on).toEqual(DEFAULT_SITE_RULES);
  });

  it('does not add a second rule when the site is already off', () => {
    const r = rules({ offSites: ['127.0.0.1'] });
    expect(withSiteEnabled(r, page, false)).toEqual(r);
  });

  it('in "only on these sites" mode lists the site when turned on and unlists it when turned off', () => {
    const start = rules({ mode: 'only-listed' });
    const on = withSiteEnabled(start, 'https://ehr.example.org/x', true);
    expect(on.onlySites).toEqual(['ehr.example.org']);
    expect(isEnabledForUrl(on, 'https://ehr.example.org/y')).toBe(true);
    const off = withSiteEnabled(on, 'https://ehr.example.org/x', false);
    expect(off).toEqual(start);
  });

  it('switching off one host under a broader listed domain adds an exception instead of dropping the domain', () => {
    const start = rules({ mode: 'only-listed', onlySites: ['example.org'] });
    const off = withSiteEnabled(start, 'https://admin.example.org/', false);
    expect(off.onlySites).toEqual(['example.org']);
    expect(off.offSites).toEqual(['admin.example.org']);
    expect(isEnabledForUrl(off, 'https://ehr.example.org/')).toBe(true);
    expect(isEnabledForUrl(off, 'https://admin.example.org/')).toBe(false);
  });

  it('leaves pages without a site alone', () => {
    expect(withSiteEnabled(DEFAULT_SITE_RULES, 'chrome://extensions/', false)).toBe(DEFAULT_SITE_RULES);
    expect(siteRuleFor('chrome://extensions/')).toBeNull();
  });
});
