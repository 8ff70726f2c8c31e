import { api } from '$lib/api';
import { loadCase } from '$lib/caseload';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) =>
  loadCase(params.id, async () => {
    const [statements, keys] = await Promise.all([api.listStatements(params.id), api.keysSettings()]);
    return { statements, keys };
  });
