import { describe, expect, it } from 'vitest';
import { frameKey, isNoteAddress, isTrackingParam, openableUrl, pageKey, siteOf } from '../../lib/page-key';

describe('pageKey keeps what identifies the patient', () => {
  it('tells patients apart in the path', () => {
    const a = pageKey('https://ehr.example.org/patient/123/chart');
    const b = pageKey('https://ehr.example.org/patient/456/chart');
    expect(a).toBe('https://ehr.example.org/patient/123/chart');
    expect(b).toBe('https://ehr.example.org/patient/456/chart');
    expect(a).not.toBe(b);
  });

  it('tells patients apart in a hash route (#/ and #!)', () => {
    expect(pageKey('https://ehr.example.org/app#/patient/123')).toBe('https://ehr.example.org/app#/patient/123');
    expect(pageKey('https://ehr.example.org/app#/patient/123')).not.toBe(pageKey('https://ehr.example.org/app#/patient/456'));
    expect(pageKey('https://ehr.example.org/app#!/patient/7')).toBe('https://ehr.example.org/app#!/patient/7');
    expect(pageKey('https://ehr.example.org/app#!/patient/7')).not.toBe(pageKey('https://ehr.example.org/app#!/patient/8'));
  });

  it('tells patients apart in the query and keeps parameter order', () => {
    expect(pageKey('https://ehr.example.org/chart?id=1')).not.toBe(pageKey('https://ehr.example.org/chart?id=2'));
    expect(pageKey('https://ehr.example.org/chart?b=2&a=1')).toBe('https://ehr.example.org/chart?b=2&a=1');
    expect(pageKey('https://ehr.example.org/chart?b=2&a=1')).not.toBe(pageKey('https://ehr.example.org/chart?a=1&b=2'));
  });

  it('keeps state-like fragments that are not plain anchors', () => {
    expect(pageKey('https://x.org/app#patient=9&tab=labs')).toBe('https://x.org/app#patient=9&tab=labs');
    expect(pageKey('https://x.org/app#patients/9')).toBe('https://x.org/app#patients/9');
  });

  it('keeps different origins, ports and schemes apart', () => {
    expect(pageKey('http://127.0.0.1:3000/a')).not.toBe(pageKey('http://127.0.0.1:3001/a'));
    expect(pageKey('http://x.org/a')).not.toBe(pageKey('https://x.org/a'));
  });
});

describe('pageKey drops what does not identify the page', () => {
  it('drops a plain section anchor and scroll-to-text directives', () => {
    expect(pageKey('https://x.org/article#methods')).toBe('https://x.org/article');
    expect(pageKey('https://x.org/article#:~:text=embolization')).toBe('https://x.org/article');
    expect(pageKey('https://x.org/app#/p/1:~:text=foo')).toBe('https://x.org/app#/p/1');
    expect(pageKey('https://x.org/article#')).toBe('https://x.org/article');
  });

  it('drops tracking parameters, in the query and in a routed hash, and keeps the rest in order', () => {
    expect(pageKey('https://x.org/a?utm_source=mail&id=5&gclid=abc&fbclid=z&UTM_Medium=q&mc_cid=1&mc_eid=2&_ga=3&v=2')).toBe(
      'https://x.org/a?id=5&v=2',
    );
    expect(pageKey('https://x.org/a?utm_source=mail')).toBe('https://x.org/a');
    expect(pageKey('https://x.org/app#/patient/3?utm_campaign=x&tab=labs')).toBe('https://x.org/app#/patient/3?tab=labs');
  });

  it('keeps parameters that merely resemble trackers', () => {
    expect(isTrackingParam('utm')).toBe(false);
    expect(isTrackingParam('gclid_note')).toBe(false);
    expect(pageKey('https://x.org/a?utmost=1&ga=2')).toBe('https://x.org/a?utmost=1&ga=2');
  });

  it('drops credentials and default ports', () => {
    expect(pageKey('https://user:secret@x.org:443/a')).toBe('https://x.org/a');
  });
});

describe('pageKey for other URLs', () => {
  it('refuses URLs that cannot carry notes', () => {
    expect(pageKey('data:text/html,<p>hi</p>')).toBeNull();
    expect(pageKey('javascript:alert(1)')).toBeNull();
    expect(pageKey('chrome://settings')).toBeNull();
    expect(pageKey('not a url')).toBeNull();
  });

  it('keys file pages by their path', () => {
    expect(pageKey('file:///home/me/note.html#top')).toBe('file:///home/me/note.html');
  });

  it('keys a real frame by its own URL and an about:srcdoc frame under its embedder', () => {
    expect(frameKey('https://frames.example/inner?x=1', 'https://x.org/outer')).toBe('https://frames.example/inner?x=1');
    const srcdoc = frameKey('about:srcdoc', 'https://x.org/patient/1#section');
    expect(srcdoc).not.toBeNull();
    expect(srcdoc).not.toBe(frameKey('about:srcdoc', 'https://x.org/patient/2'));
    expect(srcdoc).not.toBe(pageKey('https://x.org/patient/1'));
    expect(openableUrl(srcdoc!)).toBe('https://x.org/patient/1');
    expect(frameKey('about:blank', null)).toBeNull();
  });

  it('accepts web, file and embedded-frame addresses for notes, and nothing that runs or is not a page', () => {
    expect(isNoteAddress('https://ehr.example.org/p/1')).toBe(true);
    expect(isNoteAddress('file:///tmp/a.html')).toBe(true);
    expect(isNoteAddress(frameKey('about:srcdoc', 'https://x.org/a')!)).toBe(true);
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', 'blob:https://x.org/1', 'chrome://settings', 'about:srcdoc?embedder=javascript%3Aalert(1)', 'not a url']) {
      expect(isNoteAddress(bad), bad).toBe(false);
    }
  });

  it('names the site of a key', () => {
    expect(siteOf('https://ehr.example.org:8443/p/1')).toBe('ehr.example.org:8443');
    expect(siteOf(frameKey('about:srcdoc', 'https://x.org/a')!)).toBe('x.org');
    expect(siteOf('file:///tmp/a.html')).toBe('file');
  });
});
