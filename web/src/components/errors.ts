import type { TFunction } from 'i18next';
import { ApiError } from '../api/problem';

/** errorMessage turns anything thrown into a sentence for the user. */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'module_disabled') return t('errors.moduleDisabled');
    if (err.code === 'forbidden') return t('errors.forbidden');
    return err.problem.detail || err.problem.title || t('errors.unknown');
  }
  if (err instanceof TypeError) return t('errors.network'); // fetch failed
  if (err instanceof Error && err.message) return err.message;
  return t('errors.unknown');
}

export function requestIdOf(err: unknown): string | undefined {
  return err instanceof ApiError ? err.problem.request_id : undefined;
}
