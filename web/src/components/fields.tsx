/**
 * Form fields following the GOV.UK Design System: a label (or a question for a group), optional hint,
 * and the error message beside the field, all tied together with aria-describedby.
 * Give each field an `id`; the ErrorSummary links to it.
 */
import type { ComponentChildren } from 'preact';
import { capitalise, joinWords } from '../format';

/** A choice: `V` narrows the values to the ones an operation accepts (a contact method, a status). */
export interface Option<V extends string = string> {
  value: V;
  label: string;
  hint?: string;
}

interface FieldBase {
  id: string;
  /** defaults to id */
  name?: string;
  label: string;
  hint?: ComponentChildren;
  /** the error to show beside the field, in plain words: "Enter your email address" */
  error?: string;
}

const describedBy = (id: string, hint: unknown, error: unknown, extra?: string) => [hint ? `${id}-hint` : '', error ? `${id}-error` : '', extra ?? ''].filter(Boolean).join(' ') || undefined;

function Hint({ id, children }: { id: string; children?: ComponentChildren }) {
  return children ? (
    <div class="hint" id={`${id}-hint`}>
      {children}
    </div>
  ) : null;
}

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p class="field-error" id={`${id}-error`}>
      <span class="visually-hidden">Error: </span>
      {message}
    </p>
  ) : null;
}

type TextFieldProps = FieldBase & {
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'number' | 'password' | 'search' | 'url';
  autocomplete?: string;
  inputMode?: 'text' | 'email' | 'tel' | 'numeric' | 'decimal' | 'search' | 'url';
  spellcheck?: boolean;
  /** how wide the box is, in characters; leave out for full width */
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  /** show the label as the page heading, for one-question pages */
  labelIsHeading?: boolean;
};

/** A one-line text box with its label. */
export function TextField(p: TextFieldProps) {
  const label = (
    <label class={p.labelIsHeading ? 'label label-heading' : 'label'} for={p.id}>
      {p.label}
    </label>
  );
  return (
    <div class={p.error ? 'form-group form-group-error' : 'form-group'}>
      {p.labelIsHeading ? <h1 class="label-wrapper">{label}</h1> : label}
      <Hint id={p.id}>{p.hint}</Hint>
      <FieldError id={p.id} message={p.error} />
      <input
        class={`input${p.width ? ` input-width-${p.width}` : ''}${p.error ? ' input-error' : ''}`}
        id={p.id}
        name={p.name ?? p.id}
        type={(p.type ?? 'text') as 'text'}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
        autocomplete={p.autocomplete}
        inputMode={p.inputMode}
        spellcheck={p.spellcheck}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

/** A drop-down list. Prefer Radios when there are only a few choices. */
export function Select<V extends string = string>(p: FieldBase & { options: Option<V>[]; value: V; onChange: (value: V) => void }) {
  return (
    <div class={p.error ? 'form-group form-group-error' : 'form-group'}>
      <label class="label" for={p.id}>
        {p.label}
      </label>
      <Hint id={p.id}>{p.hint}</Hint>
      <FieldError id={p.id} message={p.error} />
      <select
        class={p.error ? 'select input-error' : 'select'}
        id={p.id}
        name={p.name ?? p.id}
        value={p.value}
        onChange={(e) => p.onChange(e.currentTarget.value as V)}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface ChoiceGroupProps<V extends string = string> extends FieldBase {
  options: Option<V>[];
  /** side by side, for two short choices like Yes / No */
  inline?: boolean;
  /** show the question as the page heading */
  legendIsHeading?: boolean;
}

/** The first choice carries the group's id, so an error summary link lands on it. */
const choiceId = (id: string, index: number) => (index === 0 ? id : `${id}-${index + 1}`);

function ChoiceGroup<V extends string>(p: ChoiceGroupProps<V> & { kind: 'radio' | 'checkbox'; isChecked: (v: V) => boolean; onToggle: (v: V, checked: boolean) => void }) {
  return (
    <div class={p.error ? 'form-group form-group-error' : 'form-group'}>
      <fieldset class="fieldset" aria-describedby={describedBy(p.id, p.hint, p.error)}>
        <legend class={p.legendIsHeading ? 'legend legend-heading' : 'legend'}>{p.legendIsHeading ? <h1 class="legend-text">{p.label}</h1> : p.label}</legend>
        <Hint id={p.id}>{p.hint}</Hint>
        <FieldError id={p.id} message={p.error} />
        <div class={`choices choices-${p.kind}${p.inline ? ' choices-inline' : ''}`}>
          {p.options.map((o, i) => {
            const id = choiceId(p.id, i);
            return (
              <div class="choice" key={o.value}>
                <input
                  class="choice-input"
                  id={id}
                  name={p.name ?? p.id}
                  type={p.kind}
                  value={o.value}
                  checked={p.isChecked(o.value)}
                  onChange={(e) => p.onToggle(o.value, e.currentTarget.checked)}
                  aria-describedby={o.hint ? `${id}-item-hint` : undefined}
                />
                <label class="choice-label" for={id}>
                  {o.label}
                </label>
                {o.hint && (
                  <div class="hint choice-hint" id={`${id}-item-hint`}>
                    {o.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** Pick one of a few choices (`value` is '' until one is picked). */
export function Radios<V extends string = string>(p: ChoiceGroupProps<V> & { value: V | ''; onChange: (value: V) => void }) {
  return <ChoiceGroup<V> {...p} kind="radio" isChecked={(v) => v === p.value} onToggle={(v) => p.onChange(v)} />;
}

/** Pick any number of choices. */
export function Checkboxes<V extends string = string>(p: ChoiceGroupProps<V> & { values: V[]; onChange: (values: V[]) => void }) {
  return (
    <ChoiceGroup<V>
      {...p}
      kind="checkbox"
      isChecked={(v) => p.values.includes(v)}
      onToggle={(v, checked) => p.onChange(p.options.map((o) => o.value).filter((x) => (x === v ? checked : p.values.includes(x))))}
    />
  );
}

// A date question: day, month and year boxes (the GOV.UK date input)

export interface DateParts {
  day: string;
  month: string;
  year: string;
}
export const emptyDate: DateParts = { day: '', month: '', year: '' };

export function fromIsoDate(iso: string): DateParts {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** 2025-03-14, or a plain-English problem. */
export function readDate(parts: DateParts, question: string): { iso?: string; problem?: string } {
  const { day, month, year } = { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() };
  if (!day && !month && !year) return { problem: `Enter ${question}` };
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean) as string[];
  if (missing.length) return { problem: `${capitalise(question)} must include a ${joinWords(missing)}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { problem: `${capitalise(question)} must be a real date` };
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const d = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) return { problem: `${capitalise(question)} must be a real date` };
  return { iso };
}

export function DateFields(p: { id: string; label: string; hint?: string; value: DateParts; onInput: (v: DateParts) => void; error?: string; birthday?: boolean }) {
  const describedBy = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const box = (part: keyof DateParts, name: string, width: 2 | 4, autocomplete?: string, first = false) => (
    <div class="date-input-item">
      <label class="label" for={first ? p.id : `${p.id}-${part}`}>
        {name}
      </label>
      <input
        class={`input input-width-${width}${p.error ? ' input-error' : ''}`}
        id={first ? p.id : `${p.id}-${part}`}
        name={`${p.id}-${part}`}
        inputMode="numeric"
        autocomplete={p.birthday ? autocomplete : undefined}
        value={p.value[part]}
        onInput={(e) => p.onInput({ ...p.value, [part]: e.currentTarget.value })}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
  return (
    <div class={p.error ? 'form-group form-group-error' : 'form-group'}>
      <fieldset class="fieldset" aria-describedby={describedBy}>
        <legend class="legend">{p.label}</legend>
        {p.hint && (
          <div class="hint" id={`${p.id}-hint`}>
            {p.hint}
          </div>
        )}
        {p.error && (
          <p class="field-error" id={`${p.id}-error`}>
            <span class="visually-hidden">Error: </span>
            {p.error}
          </p>
        )}
        <div class="date-input">
          {box('day', 'Day', 2, 'bday-day', true)}
          {box('month', 'Month', 2, 'bday-month')}
          {box('year', 'Year', 4, 'bday-year')}
        </div>
      </fieldset>
    </div>
  );
}

/** A multi-line text box with its label (GOV.UK textarea). */
export function TextArea(p: { id: string; label: string; hint?: string; value: string; onInput: (v: string) => void; error?: string; rows?: number }) {
  const describedBy = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'form-group form-group-error' : 'form-group'}>
      <label class="label" for={p.id}>
        {p.label}
      </label>
      {p.hint && (
        <div class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </div>
      )}
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {p.error}
        </p>
      )}
      <textarea
        class={p.error ? 'textarea input-error' : 'textarea'}
        id={p.id}
        name={p.id}
        rows={p.rows ?? 5}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
        aria-describedby={describedBy}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

/** A file to upload, with its label, hint and error (the postcode and directory imports). */
export function FileField(p: { id: string; label: string; hint: ComponentChildren; accept: string; error?: string | undefined; onChange: (file: File | undefined) => void }) {
  return (
    <div class={p.error ? 'form-group form-group-error' : 'form-group'}>
      <label class="label" for={p.id}>
        {p.label}
      </label>
      <Hint id={p.id}>{p.hint}</Hint>
      <FieldError id={p.id} message={p.error} />
      <input
        class={p.error ? 'file-upload input-error' : 'file-upload'}
        type="file"
        id={p.id}
        name={p.id}
        accept={p.accept}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        onChange={(e) => p.onChange(e.currentTarget.files?.[0])}
      />
    </div>
  );
}
