// Who uses this device: the role picked on the start screen and, for an employee or an
// assessor, the person. Kept by the back end (get_profile / set_profile); read once per start.
import { api } from './api';
import type { Profile } from './bindings/Profile';
import type { Role } from './bindings/Role';

export const profile = $state<{ current: Profile; loaded: boolean }>({ current: {}, loaded: false });

/** Reads the profile once; later calls reuse it. Never throws: an unreadable profile is "none yet". */
export async function loadProfile(): Promise<Profile> {
  if (!profile.loaded) {
    try {
      profile.current = await api.getProfile();
    } catch {
      profile.current = {};
    }
    profile.loaded = true;
  }
  return profile.current;
}

export async function saveProfile(role: Role, person?: string): Promise<Profile> {
  profile.current = await api.setProfile({ role, person });
  profile.loaded = true;
  return profile.current;
}

/** Where a role starts: its open cases, verification, or the settings. */
export function landingPath(p: Profile): string {
  switch (p.role) {
    case 'assessor':
    case 'employee':
      return '/cases';
    case 'college':
      return '/verify';
    case 'admin':
      return '/settings';
    default:
      return '/';
  }
}

/** Whether the role works on cases as a named person (and needs one chosen). */
export function needsPerson(role: Role | undefined): boolean {
  return role === 'assessor' || role === 'employee';
}
