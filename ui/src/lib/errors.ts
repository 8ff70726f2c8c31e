// The back end's refusals in the user's language. A refusal the user can act on comes with a
// machine-readable `code` (ErrorCode, generated from osaava-api) and, when its sentence names a
// value such as a size limit, `params`; the sentence is the Paraglide message
// `error_code_<code with _ for ->`. The English `message` stays the technical detail. An error
// without a code (or with one this UI has no sentence for) is shown as the back end said it.
import type { ApiError } from './bindings/ApiError';
import type { ErrorCode } from './bindings/ErrorCode';
import type { Lang } from './bindings/Lang';
import { m } from './paraglide/messages';

type Say = (inputs: Record<string, string>, options?: { locale?: Lang }) => string;

/** The Paraglide message key of a code's sentence: `rating-needs-rationale` → `error_code_rating_needs_rationale`. */
export function messageKey(code: ErrorCode): string {
  return `error_code_${code.replaceAll('-', '_')}`;
}

/**
 * The sentence for `e`'s code in `lang` (the current UI language when absent), with its params;
 * null when `e` has no code or the code has no sentence here.
 */
export function codeMessage(e: Pick<ApiError, 'code' | 'params'>, lang?: Lang): string | null {
  if (!e.code) return null;
  const say = (m as unknown as Record<string, Say | undefined>)[messageKey(e.code)];
  if (typeof say !== 'function') return null;
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.params ?? {})) if (typeof v === 'string') params[k] = v;
  return say(params, lang ? { locale: lang } : undefined);
}
