import { isApiError } from '@/lib/http';
import { notifyProblem } from './notify';

interface FormLike {
  getValues: () => object;
  setFieldError: (path: never, error: string) => void;
}

/**
 * Shows a failed submit: field errors from the server on the matching inputs, anything else
 * (or field errors for inputs this form does not have) as a red notification.
 */
export function showSubmitProblem(form: FormLike, error: unknown, hint?: string): void {
  if (isApiError(error) && error.fieldErrors.length > 0) {
    const values = form.getValues();
    const setError = form.setFieldError as (path: string, error: string) => void;
    let unmatched = false;
    for (const [path, message] of Object.entries(error.fieldErrorMap())) {
      const root = path.split('.')[0] ?? path;
      if (Object.hasOwn(values, root)) setError(path, message);
      else unmatched = true;
    }
    if (!unmatched) return;
  }
  notifyProblem(error, hint);
}
