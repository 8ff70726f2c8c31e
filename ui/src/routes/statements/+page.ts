import { api, toApiError } from '$lib/api';
import type { CaseSummary } from '$lib/bindings/CaseSummary';
import type { PageLoad } from './$types';

/** The decided cases that have no statement yet. */
export const load: PageLoad = async () => {
  try {
    return { cases: await api.batchCandidates(), error: null };
  } catch (e) {
    return { cases: [] as CaseSummary[], error: toApiError(e) };
  }
};
