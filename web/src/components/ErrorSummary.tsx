import { useEffect, useRef } from 'preact/hooks';
import { ApiError, fieldErrors } from '../api';

export interface SummaryError {
  /** id of the field the error belongs to; the summary links to it. Leave out for errors about the whole form. */
  field?: string;
  message: string;
}

/**
 * The list of problems at the top of a form (the GOV.UK error summary pattern). When it appears, or its
 * errors change, focus moves to it so the person hears what went wrong; each error links to its field.
 */
export function ErrorSummary({ errors, title = 'There is a problem' }: { errors: SummaryError[]; title?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => `${e.field ?? ''}:${e.message}`).join('|');

  useEffect(() => {
    if (key) box.current?.focus();
  }, [key]);

  if (!errors.length) return null;
  return (
    <div class="error-summary" ref={box} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 class="error-summary-title" id="error-summary-title">
        {title}
      </h2>
      <ul class="error-summary-list">
        {errors.map((e) => (
          <li key={`${e.field ?? ''}:${e.message}`}>
            {e.field ? (
              <a href={`#${e.field}`} onClick={(event) => focusField(event, e.field!)}>
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Focus the field and scroll so its label (or the question of a group) is in view too. */
function focusField(event: Event, id: string): void {
  const input = document.getElementById(id);
  if (!input) return;
  event.preventDefault();
  const legend = input.closest('fieldset')?.querySelector('legend');
  const label = legend ?? document.querySelector(`label[for="${CSS.escape(id)}"]`);
  (label ?? input).scrollIntoView();
  input.focus({ preventScroll: true });
}

/** Turn an API error into error-summary lines; `labels` gives each field's plain question for the message. */
export function summaryFrom(err: unknown, messages: Record<string, string> = {}): SummaryError[] {
  const byField = fieldErrors(err);
  const lines: SummaryError[] = Object.entries(byField).map(([field, message]) => ({ field, message: messages[field] ?? message }));
  if (lines.length) return lines;
  if (err instanceof ApiError) return [{ message: err.detail || err.title }];
  return [{ message: 'Something went wrong. Please try again.' }];
}

export const errorFor = (errors: SummaryError[], field: string) => errors.find((e) => e.field === field)?.message;
