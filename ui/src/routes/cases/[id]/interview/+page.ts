import { api } from '$lib/api';
import { loadCase } from '$lib/caseload';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => loadCase(params.id, () => api.interviewGuide(params.id));
