import { api, toApiError } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  try {
    return { settings: await api.getSettings(), error: null };
  } catch (e) {
    return { settings: null, error: toApiError(e) };
  }
};
