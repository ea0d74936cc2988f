/**
 * Pieces the volunteering pages share: loading API data with visible progress, dates in plain words,
 * what a role's requirements mean, a day-month-year date question, and which hubs or organisations the
 * signed-in person runs. Only types come from the API's schema, so these chunks stay small.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, fieldErrors } from '../../api';
import { me } from '../../auth';
import { Button, ButtonLink } from '../../components/Button';
import type { SummaryError } from '../../components/ErrorSummary';
import { Loading } from '../../components/Loading';
import { formatDate, formatTime } from '../../format';
import type { Requirements, Role } from '../../../../functions/volunteers/schema';

export type Load<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; error: ApiError };

/** Load something from the API; `reload()` fetches it again (after a change). */
export function useLoad<T>(fetcher: (signal: AbortSignal) => Promise<T>, deps: unknown[]): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const abort = new AbortController();
    fetcher(abort.signal)
      .then((data) => !abort.signal.aborted && setResult({ state: 'ready', data }))
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        setResult({ state: 'failed', error: err instanceof ApiError ? err : new ApiError(0, 'Something went wrong', 'Something went wrong. Please try again.') });
      });
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  return [result, () => setAttempt((n) => n + 1)];
}

/** What to show while something loads, or when it could not be loaded (with a way to try again). */
export function Loaded<T>({ load, label, retry, children }: { load: Load<T>; label: string; retry: () => void; children: (data: T) => ComponentChildren }) {
  if (load.state === 'loading') return <Loading label={label} />;
  if (load.state === 'failed') return <LoadFailed error={load.error} retry={retry} />;
  return <>{children(load.data)}</>;
}

export function LoadFailed({ error, retry }: { error: ApiError; retry?: () => void }) {
  if (error.status === 401) return <SignInFirst />;
  return (
    <>
      <p>{error.status === 404 || error.status === 403 ? error.detail : `${error.detail} Please try again, or ask at your local community hub.`}</p>
      {retry && error.status !== 404 && error.status !== 403 && (
        <Button variant="secondary" onClick={retry}>
          Try again
        </Button>
      )}
    </>
  );
}

export function SignInFirst({ what = 'see this page' }: { what?: string }) {
  const here = typeof location === 'undefined' ? '/' : location.pathname + location.search;
  return (
    <>
      <p>You need to sign in to {what}.</p>
      <ButtonLink href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in</ButtonLink>
    </>
  );
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

// Dates and times

/** "Friday 14 March" for a calendar date like 2025-03-14 (London dates, shown at midday so no zone shifts them). */
export const formatDay = (day: string): string => formatDate(new Date(`${day}T12:00:00Z`));

/** "Friday 14 March, 9:30am to midday" */
export function formatShiftTime(startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  return `${formatDate(start)}, ${formatTime(start)} to ${formatTime(new Date(endsAt))}`;
}

/** Today in London, as 2025-03-14. */
export const londonToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

export const hoursText = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0$/, '')} ${n === 1 ? 'hour' : 'hours'}`;

export const dayNames: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
export const dayOptions = Object.entries(dayNames).map(([value, label]) => ({ value, label }));
export const listDays = (days: string[]): string => joinWords(days.map((d) => dayNames[d] ?? d));

export function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

// What a role asks for

const dbsWords: Record<Requirements['dbs'], string> = {
  none: 'You do not need a DBS check for this role.',
  basic: 'You need a basic DBS check. It shows any unspent criminal convictions.',
  standard: 'You need a standard DBS check. It shows spent and unspent convictions, cautions, reprimands and warnings.',
  enhanced:
    'You need an enhanced DBS check. As well as what a standard check shows, it includes any information the police think is relevant to working with children or adults who may be vulnerable.',
};

/** The requirements of a role in plain English, with what a DBS check is and who arranges it. */
export function RequirementsText({ role }: { role: Pick<Role, 'requirements' | 'minimumAge'> }) {
  const r = role.requirements;
  return (
    <>
      <ul class="list list-bullet">
        <li>
          {role.minimumAge === 16
            ? 'You need to be 16 or over. If you are under 18, a parent or guardian will need to give their consent before you start.'
            : 'You need to be 18 or over.'}
        </li>
        <li>{dbsWords[r.dbs]}</li>
        {r.references && <li>You need to give the names of 2 people who can give you a reference, such as an employer, teacher or someone who has known you for at least 2 years (not a relative).</li>}
        {r.training.length > 0 && (
          <li>
            You need to complete {r.training.length === 1 ? 'this training' : 'this training'}: {joinWords(r.training)}. The coordinator will tell you how; it is free.
          </li>
        )}
      </ul>
      {r.dbs !== 'none' && (
        <details class="details">
          <summary class="details-summary">
            <span class="details-text">What is a DBS check?</span>
          </summary>
          <div class="details-body">
            <p>
              A DBS check is a record of someone's criminal convictions and cautions, from the Disclosure and Barring Service. Organisations ask for one to help keep the people they work with
              safe.
            </p>
            <p>
              You do not need to arrange it yourself and it is free for volunteers. If your application is approved, the coordinator will send you what you need to apply, and ask to see
              some ID. Having a conviction does not always stop you volunteering: talk to the coordinator.
            </p>
            <p>We only keep the type of check, the date and whether it came back clear, never what the certificate says.</p>
          </div>
        </details>
      )}
    </>
  );
}

// Facts about something, as a summary list

export function SummaryList({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="summary-list">
      {rows
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => (
          <div class="summary-list-row" key={k}>
            <dt class="summary-list-key">{k}</dt>
            <dd class="summary-list-value">{v}</dd>
          </div>
        ))}
    </dl>
  );
}

export function Tag({ tone = 'blue', children }: { tone?: 'blue' | 'green' | 'red' | 'yellow' | 'grey'; children?: ComponentChildren }) {
  return <strong class={`tag tag-${tone}`}>{children}</strong>;
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

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

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
      <fieldset class="fieldset" role="group" aria-describedby={describedBy}>
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

// Which hubs and organisations the signed-in person runs

export interface Owner {
  kind: 'hub' | 'organisation';
  id: string;
  name: string;
}

/**
 * The hubs a coordinator coordinates and the organisations a partner acts for, named from the directory
 * (`/api/hubs`, `/api/organisations`) when it answers, otherwise "your hub".
 */
export function useOwners(): Load<Owner[]> {
  const person = me.value;
  const [load] = useLoad<Owner[]>(
    async (signal) => {
      if (!person) return [];
      const names = new Map<string, string>();
      const [hubs, orgs] = await Promise.all([
        api<{ items?: { id: string; name: string }[] }>('/hubs', { query: { limit: 100 }, signal }).catch(() => ({ items: [] })),
        person.organisationIds.length
          ? api<{ items?: { id: string; name: string }[] }>('/organisations', { query: { limit: 100 }, signal }).catch(() => ({ items: [] }))
          : { items: [] },
      ]);
      for (const h of [...(hubs.items ?? []), ...(orgs.items ?? [])]) names.set(h.id, h.name);
      const many = person.hubIds.length + person.organisationIds.length > 1;
      return [
        ...person.hubIds.map((id, i) => ({ kind: 'hub' as const, id, name: names.get(id) ?? (many ? `Your hub ${i + 1}` : 'Your hub') })),
        ...person.organisationIds.map((id, i) => ({ kind: 'organisation' as const, id, name: names.get(id) ?? (many ? `Your organisation ${i + 1}` : 'Your organisation') })),
      ];
    },
    [person?.userId],
  );
  if (person === null) return { state: 'failed', error: new ApiError(401, 'Not signed in', 'Sign in to see this page.') };
  return person === undefined ? { state: 'loading' } : load;
}

/** The owner a coordinator's page is about: `?hubId=` / `?organisationId=` or their first. */
export function chosenOwner(owners: Owner[], query: Record<string, string>): Owner | undefined {
  const wanted = query.hubId ?? query.organisationId;
  return owners.find((o) => o.id === wanted) ?? owners[0];
}

export const ownerQuery = (o: Owner) => (o.kind === 'hub' ? { hubId: o.id } : { organisationId: o.id });
export const ownerParam = (o: Owner) => `${o.kind === 'hub' ? 'hubId' : 'organisationId'}=${encodeURIComponent(o.id)}`;

/** For people who run more than one hub or organisation: links to show another one. */
export function OwnerPicker({ owners, current, path }: { owners: Owner[]; current: Owner; path: string }) {
  const others = owners.filter((o) => o.id !== current.id);
  if (!others.length) return null;
  return (
    <p>
      Showing {current.name}. Show instead:{' '}
      {others.map((o, i) => (
        <span key={o.id}>
          {i > 0 && ', '}
          <a href={`${path}?${ownerParam(o)}`}>{o.name}</a>
        </span>
      ))}
    </p>
  );
}

/** The page body for people who run no hub or organisation. */
export function NotACoordinator() {
  return (
    <p>
      This page is for hub coordinators and partner organisations. If you run a hub or a group and need access, ask your partnership's admin. To volunteer yourself,{' '}
      <a href="/volunteering/roles">find a volunteer role</a>.
    </p>
  );
}

/** Links between the coordinator's volunteer pages. */
export function ManageNav({ current, owner }: { current: string; owner?: Owner }) {
  const q = owner ? `?${ownerParam(owner)}` : '';
  const links = [
    ['/volunteering/applications', 'Applications'],
    ['/volunteering/rota', 'Shift rota'],
    ['/volunteering/checks', 'Checks due'],
    ['/volunteering/hours', 'Hours to approve'],
  ];
  return (
    <nav class="sub-nav" aria-label="Managing volunteers">
      <ul class="sub-nav-list">
        {links.map(([path, label]) => (
          <li key={path} class="sub-nav-item">
            <a href={`${path}${q}`} aria-current={path === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
