import { api, toApiError } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  try {
    const [person, open, all] = await Promise.all([
      api.showPerson(params.id),
      api.personCases({ person: params.id, open_only: true, limit: 200 }),
      api.personCases({ person: params.id, open_only: false, limit: 200 }),
    ]);
    const openIds = new Set(open.map((c) => c.id));
    return { id: params.id, person, open, closed: all.filter((c) => !openIds.has(c.id)), error: null };
  } catch (e) {
    return { id: params.id, person: null, open: [], closed: [], error: toApiError(e) };
  }
};
