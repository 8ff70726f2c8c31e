import { loadCase } from '$lib/caseload';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => loadCase(params.id, async () => null);
