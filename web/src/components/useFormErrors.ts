import type { FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError, problemFieldErrors, type FieldPath } from '../api/problem';

/**
 * useFormErrors shows an API error on the form: each errors[] entry on its
 * field, and the rest (and the problem's own message) in an alert above.
 */
export function useFormErrors<T>(form: FormInstance<T>, known: (p: FieldPath) => boolean) {
  const [error, setError] = useState<unknown>();
  const [rest, setRest] = useState<string[]>([]);
  const show = (e: unknown) => {
    setError(e);
    setRest([]);
    if (e instanceof ApiError && e.problem.errors?.length) {
      const { fields, rest: others } = problemFieldErrors(e.problem, known);
      form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
      setRest(others);
      if (fields.length) {
        // The first field at fault gets the focus, so the keyboard user
        // lands where the fix is needed.
        const name = fields[0].name as never;
        form.scrollToField(name);
        setTimeout(() => (form.getFieldInstance(name) as { focus?: () => void } | undefined)?.focus?.());
      }
    }
  };
  return { error, rest, show, clear: () => setError(undefined) };
}
