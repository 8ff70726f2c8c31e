import { redirect } from '@sveltejs/kit';
import { landingPath, loadProfile, needsPerson } from '$lib/profile.svelte';
import type { PageLoad } from './$types';

// The start screen. A device whose role is already chosen goes straight to that role's place,
// unless the user came here to change it (`/?choose`).
export const load: PageLoad = async ({ url }) => {
  const profile = await loadProfile();
  const choosing = url.searchParams.has('choose');
  if (!choosing && profile.role && (!needsPerson(profile.role) || profile.person)) {
    redirect(307, landingPath(profile));
  }
  return { profile };
};
