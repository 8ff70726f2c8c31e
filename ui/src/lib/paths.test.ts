import { describe, expect, it } from 'vitest';
import { badgeHref, versionParam } from './paths';

/** What the router sees: the path segment after /badges/, decoded. */
function idFromHref(href: string): string {
  const url = new URL(href, 'tauri://localhost');
  const segments = url.pathname.split('/');
  expect(segments.length, `one path segment for the id in ${url.pathname}`).toBe(3);
  return decodeURIComponent(segments[2]);
}

describe('badge page paths', () => {
  it('keeps a simple id readable', () => {
    expect(badgeHref('osaava-first-aid')).toBe('/badges/osaava-first-aid');
  });

  it('encodes URL ids into one path segment', () => {
    const id = 'https://badges.example.fi/badge/12?lang=fi#x';
    const href = badgeHref(id);
    expect(href).toBe('/badges/https%3A%2F%2Fbadges.example.fi%2Fbadge%2F12%3Flang%3Dfi%23x');
    expect(idFromHref(href)).toBe(id);
  });

  it('encodes URNs, spaces, percent signs and non-ASCII letters', () => {
    for (const id of ['urn:uuid:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'oma merkki/ä ö å', '100%/50%']) {
      expect(idFromHref(badgeHref(id))).toBe(id);
    }
  });

  it('adds the version as a query parameter', () => {
    expect(badgeHref('urn:x:1', 2)).toBe('/badges/urn%3Ax%3A1?version=2');
  });

  it('reads only positive whole versions from the query', () => {
    expect(versionParam(new URLSearchParams('version=3'))).toBe(3);
    for (const bad of ['', 'version=0', 'version=-1', 'version=1.5', 'version=abc', 'version=']) {
      expect(versionParam(new URLSearchParams(bad))).toBeUndefined();
    }
  });
});
