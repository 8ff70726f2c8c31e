// Loading a case screen: the case with everything about it and its badge version (for the
// criteria's texts), plus whatever else the screen needs, all or an error.
import { api, toApiError, type ApiError } from './api';
import type { BadgeDetail } from './bindings/BadgeDetail';
import type { CaseDetail } from './bindings/CaseDetail';
import type { Criterion } from './bindings/Criterion';

export type CaseData<X> =
  | { id: string; detail: CaseDetail; badge: BadgeDetail; extra: X; error: null }
  | { id: string; detail: null; badge: null; extra: null; error: ApiError };

export async function loadCase<X>(id: string, more: (detail: CaseDetail) => Promise<X>): Promise<CaseData<X>> {
  try {
    const detail = await api.showCase(id);
    const [badge, extra] = await Promise.all([
      api.showBadge({ id: detail.case.badge_id, version: detail.case.badge_version }),
      more(detail),
    ]);
    return { id, detail, badge, extra, error: null };
  } catch (e) {
    return { id, detail: null, badge: null, extra: null, error: toApiError(e) };
  }
}

/** Criterion ids → their position (1-based) in the badge, for "Kriteeri 3". */
export function criterionNumbers(criteria: Criterion[]): Map<string, number> {
  return new Map(criteria.map((c, i) => [c.id, i + 1]));
}
