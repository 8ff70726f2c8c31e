import { api, toApiError } from '$lib/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  const [trusted, keys] = await Promise.allSettled([api.trustedCertificates(), api.keysSettings()]);
  return {
    trusted: trusted.status === 'fulfilled' ? trusted.value : [],
    trustedError: trusted.status === 'rejected' ? toApiError(trusted.reason) : null,
    // The own organisation's root is always trusted; shown when there is one.
    ownRoot: keys.status === 'fulfilled' ? (keys.value.keys.root ?? null) : null,
  };
};
