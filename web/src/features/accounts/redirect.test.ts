import { describe, expect, it } from 'vitest';
import { safeNext, signInPath } from './redirect';

describe('safeNext', () => {
  it('keeps a path of this site with its query and hash', () => {
    expect(safeNext('/admin/accounts?q=li#top')).toBe('/admin/accounts?q=li#top');
  });

  it('sends everything else home', () => {
    for (const next of [null, undefined, '', 'admin', 'https://evil.example/', '//evil.example', '/\\evil', '/x\ny']) {
      expect(safeNext(next)).toBe('/');
    }
  });

  it('never returns to the sign-in or registration page', () => {
    expect(safeNext('/sign-in?next=/audit')).toBe('/');
    expect(safeNext('/register')).toBe('/');
  });
});

describe('signInPath', () => {
  it('carries the page to return to', () => {
    expect(signInPath('/audit?actor=a')).toBe('/sign-in?next=%2Faudit%3Factor%3Da');
    expect(signInPath('/')).toBe('/sign-in');
  });
});
