// In-app paths. Badge ids can be URLs or URNs (`https://…/badge/1`, `urn:uuid:…`), so the id is
// one path segment, encoded with encodeURIComponent (':' and '/' included).

/** The path of a badge's page, optionally of one version of it. */
export function badgeHref(id: string, version?: number): string {
  const path = `/badges/${encodeURIComponent(id)}`;
  return version === undefined ? path : `${path}?version=${version}`;
}

/** The version asked for in a `?version=N` query, if it is a positive whole number. */
export function versionParam(search: URLSearchParams): number | undefined {
  const v = search.get('version');
  if (v === null || !/^[1-9][0-9]*$/.test(v)) return undefined;
  return Number(v);
}

/** A case's pages: the comparison (`/cases/ID`), the self-assessment, the interview and the statement. */
export function caseHref(id: string, part?: 'self' | 'interview' | 'statement'): string {
  const path = `/cases/${encodeURIComponent(id)}`;
  return part ? `${path}/${part}` : path;
}

/** A person's page. */
export function personHref(id: string): string {
  return `/people/${encodeURIComponent(id)}`;
}

/** A whole number from 1 up in a query parameter, else undefined. */
export function positiveParam(search: URLSearchParams, name: string): number | undefined {
  const v = search.get(name);
  if (v === null || !/^[1-9][0-9]{0,5}$/.test(v)) return undefined;
  return Number(v);
}

/** How many cases one page of a case list holds. */
export const CASE_PAGE = 50;
