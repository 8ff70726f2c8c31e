import { api, toApiError } from '$lib/api';
import { versionParam } from '$lib/paths';
import type { PageLoad } from './$types';

// The badge is read on every visit, so a reload or a deep link shows what the library holds now.
export const load: PageLoad = async ({ params, url }) => {
  const version = versionParam(url.searchParams);
  try {
    const badge = await api.showBadge(version === undefined ? { id: params.id } : { id: params.id, version });
    return { id: params.id, badge, error: null };
  } catch (e) {
    return { id: params.id, badge: null, error: toApiError(e) };
  }
};
