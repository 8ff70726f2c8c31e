import { api, toApiError } from '$lib/api';
import type { Person } from '$lib/bindings/Person';
import { loadProfile } from '$lib/profile.svelte';
import type { PageLoad } from './$types';

/** `?employee=ID` and `?assessor=ID` preselect the people; the assessor on this device is preselected. */
export const load: PageLoad = async ({ url }) => {
  const profile = await loadProfile();
  const person = async (id: string | null): Promise<Person | null> => (id ? api.showPerson(id).catch(() => null) : null);
  const assessorId = url.searchParams.get('assessor') ?? (profile.role === 'assessor' ? (profile.person?.id ?? null) : null);
  const employeeId = url.searchParams.get('employee') ?? (profile.role === 'employee' ? (profile.person?.id ?? null) : null);
  try {
    const [badges, employee, assessor] = await Promise.all([api.listBadges({}), person(employeeId), person(assessorId)]);
    return { badges, employee, assessor, error: null };
  } catch (e) {
    return { badges: [], employee: null, assessor: null, error: toApiError(e) };
  }
};
