import { describe, expect, it } from 'vitest';
import { readCookie } from './csrf';

describe('readCookie', () => {
  it('finds a cookie among others, with or without spaces', () => {
    expect(readCookie('a=1; huimin_csrf=abc-123; b=2', 'huimin_csrf')).toBe('abc-123');
    expect(readCookie('huimin_csrf=xyz;a=1', 'huimin_csrf')).toBe('xyz');
  });

  it('does not match a cookie whose name only ends with the name', () => {
    expect(readCookie('old_huimin_csrf=no', 'huimin_csrf')).toBeUndefined();
  });

  it('decodes percent-encoding and keeps = inside the value', () => {
    expect(readCookie('huimin_csrf=a%2Bb%3D', 'huimin_csrf')).toBe('a+b=');
    expect(readCookie('huimin_csrf=a=b', 'huimin_csrf')).toBe('a=b');
  });

  it('treats an empty or missing cookie as absent', () => {
    expect(readCookie('', 'huimin_csrf')).toBeUndefined();
    expect(readCookie('huimin_csrf=', 'huimin_csrf')).toBeUndefined();
    expect(readCookie('huimin_csrf=%E0%A4%A', 'huimin_csrf')).toBe('%E0%A4%A');
  });
});
