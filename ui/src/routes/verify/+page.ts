import { api, toApiError } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  const [trusted, keys, lists] = await Promise.allSettled([api.trustedCertificates(), api.keysSettings(), api.revocationLists()]);
  return {
    trusted: trusted.status === 'fulfilled' ? trusted.value : [],
    trustedError: trusted.status === 'rejected' ? toApiError(trusted.reason) : null,
    // The own organisation's root is always trusted; shown when there is one.
    ownRoot: keys.status === 'fulfilled' ? (keys.value.keys.root ?? null) : null,
    // Its statements' revocations are checked against this device's own records.
    ownOrganisation: keys.status === 'fulfilled' ? (keys.value.organisation ?? null) : null,
    lists: lists.status === 'fulfilled' ? lists.value : [],
    listsError: lists.status === 'rejected' ? toApiError(lists.reason) : null,
  };
};
