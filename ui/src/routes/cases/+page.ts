import { api, toApiError } from '$lib/api';
import type { CaseState } from '$lib/bindings/CaseState';
import type { CaseSummary } from '$lib/bindings/CaseSummary';
import { CASE_STATES } from '$lib/labels';
import { loadProfile } from '$lib/profile.svelte';
import type { PageLoad } from './$types';

import { CASE_PAGE as PAGE } from '$lib/paths';

/** `?view=all` shows every case (optionally `&state=…`); otherwise the person's open cases. */
export const load: PageLoad = async ({ url }) => {
  const profile = await loadProfile();
  const stateParam = url.searchParams.get('state');
  const state = CASE_STATES.find((s) => s === stateParam) as CaseState | undefined;
  const mine = profile.person && url.searchParams.get('view') !== 'all' ? profile.person : null;
  let cases: CaseSummary[] = [];
  try {
    cases = mine
      ? await api.personCases({ person: mine.id, open_only: true, limit: PAGE })
      : await api.listCases({ state, limit: PAGE });
    return { mine, state, cases, error: null };
  } catch (e) {
    return { mine, state, cases, error: toApiError(e) };
  }
};
