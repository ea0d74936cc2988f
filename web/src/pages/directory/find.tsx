import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import type { ActivityCard } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { type AnswerOf, callApi, fieldErrors } from '../../api';
import { hasRole, me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Checkboxes, Radios, Select, TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/load';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';
import { type Filters, filtersFrom, firstPageQuery, firstPageSize, nearKeys, queryOf, searchOf } from './find-query';
import { describeAges, describeCost, describeDistance, describePlaces, Fact, useHubs, usePriorities } from './shared';

/**
 * The directory: a filter panel and the results. Every filter lives in the address (?priority=carers,dementia&day=tue)
 * so a search can be bookmarked or shared, and Back goes to the previous search.
 */
const dayOptions = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
].map(([value, label]) => ({ value: value!, label: label! }));
const timeOptions = [
  { value: 'morning', label: 'Morning (before midday)' },
  { value: 'afternoon', label: 'Afternoon (midday to 5pm)' },
  { value: 'evening', label: 'Evening (after 5pm)' },
];
const accessOptions = [
  { value: 'step-free', label: 'Step-free access' },
  { value: 'hearing-loop', label: 'Hearing loop' },
  { value: 'accessible-toilet', label: 'Accessible toilet' },
  { value: 'parking', label: 'Parking' },
  { value: 'public-transport', label: 'Near a bus or train' },
];

const milesOptions = [
  { value: '1', label: 'Within 1 mile' },
  { value: '2', label: 'Within 2 miles' },
  { value: '5', label: 'Within 5 miles' },
  { value: '10', label: 'Within 10 miles' },
];
const defaultMiles = '5';

type ResultsPage = AnswerOf<'listActivities'>;

/** The address for a search: a distance only with a place to measure from, and one place (a postcode or a location). */
function addressOf(f: Filters): string {
  const near = f.postcode ? { ...f, latitude: '', longitude: '' } : f;
  const q = queryOf(near.postcode || near.latitude ? { ...near, miles: near.miles === defaultMiles ? '' : near.miles } : { ...near, miles: '' });
  return q ? `${paths.activities()}?${q}` : paths.activities();
}

export default function FindActivities({ pageTitle, query }: PageProps) {
  const { route } = useLocation();
  const applied = filtersFrom(query);
  const appliedKey = queryOf(applied);
  const [form, setForm] = useState<Filters>(applied);
  const [first] = useLoad((signal) => callApi('listActivities', { query: firstPageQuery(query), signal }), [appliedKey]);
  // "Show more activities": the pages after the first, for the search they followed
  const [more, setMore] = useState<{ key: string; pages: ResultsPage[]; busy: boolean }>({ key: '', pages: [], busy: false });
  const priorities = usePriorities();
  const hubs = useHubs();
  // "Use my location": what went wrong getting it, said beside the button
  const [locating, setLocating] = useState<{ busy: boolean; problem?: string }>({ busy: false });

  useEffect(() => setForm(filtersFrom(query)), [appliedKey]);

  const pages = first.state === 'ready' && !first.stale ? [first.data, ...(more.key === appliedKey ? more.pages : [])] : [];
  const results = pages.flatMap((p) => p.items);
  const nextCursor = pages.at(-1)?.nextCursor;

  async function loadMore() {
    if (!nextCursor || more.busy) return;
    const earlier = more.key === appliedKey ? more.pages : [];
    setMore({ key: appliedKey, pages: earlier, busy: true });
    try {
      const page = await callApi('listActivities', { query: { ...searchOf(appliedKey), limit: firstPageSize, cursor: nextCursor } });
      setMore({ key: appliedKey, pages: [...earlier, page], busy: false });
    } catch {
      setMore({ key: appliedKey, pages: earlier, busy: false });
    }
  }

  const set =
    <K extends keyof Filters>(key: K) =>
    (value: Filters[K]) =>
      setForm({ ...form, [key]: value });
  const errors = first.state === 'failed' && !first.stale ? Object.fromEntries(Object.entries(fieldErrors(first.error)).map(([k, v]) => [k.split('-')[0]!, v])) : {};
  const summary = Object.entries(errors).map(([field, message]) => ({ field, message: `${labelOf(field)}: ${message}` }));
  const nearApplied = !!(applied.postcode || applied.latitude);
  const activeCount = appliedKey ? appliedKey.split('&').filter((kv) => !(nearKeys as readonly string[]).includes(kv.split('=')[0]!)).length : 0;

  function locateMe() {
    if (!('geolocation' in navigator)) {
      setLocating({ busy: false, problem: 'This browser cannot share your location. Type your postcode instead.' });
      return;
    }
    setLocating({ busy: true });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating({ busy: false });
        // about 100 metres is near enough, and says less about where someone is
        const at = (n: number) => n.toFixed(3);
        route(addressOf({ ...form, postcode: '', latitude: at(position.coords.latitude), longitude: at(position.coords.longitude) }));
      },
      (problem) =>
        setLocating({
          busy: false,
          problem:
            problem.code === problem.PERMISSION_DENIED
              ? 'You did not allow this site to use your location. Type your postcode instead.'
              : 'We could not find your location. Type your postcode instead.',
        }),
      { timeout: 15_000, maximumAge: 600_000 },
    );
  }

  return (
    <Page title={pageTitle} hasErrors={summary.length > 0}>
      <p class="lead">Groups, clubs and classes near you. Choose what matters to you to narrow the list.</p>
      {hasRole('partner', 'coordinator', 'admin') && (
        <p>
          <a href={paths.newActivity()}>Add an activity</a>
        </p>
      )}
      <ErrorSummary errors={summary} />
      <form
        role="search"
        aria-label="Filter activities"
        onSubmit={(e) => {
          e.preventDefault();
          route(addressOf(form));
        }}
      >
        <TextField id="q" label="Search by words" hint="For example: walking, knitting, dementia" type="search" value={form.q} onInput={set('q')} error={errors.q} />
        <div class="near">
          <TextField
            id="postcode"
            label="Postcode"
            hint="To see the nearest first. For example, OL1 1AA"
            width={10}
            autocomplete="postal-code"
            spellcheck={false}
            value={form.postcode}
            onInput={(postcode) => setForm({ ...form, postcode, latitude: '', longitude: '' })}
            error={errors.postcode}
          />
          <div class="form-group">
            <Button variant="secondary" busy={locating.busy} onClick={locateMe}>
              {locating.busy ? 'Finding your location…' : 'Use my location'}
            </Button>
            <p class={locating.problem ? 'field-error' : 'hint'} role="status">
              {locating.problem ?? (applied.latitude && !form.postcode ? 'Showing activities near your location.' : '')}
            </p>
            {(errors.latitude || errors.longitude) && (
              <p class="field-error" id="latitude">
                {errors.latitude ?? errors.longitude}
              </p>
            )}
          </div>
          <Select id="miles" label="How far" options={milesOptions} value={form.miles || defaultMiles} onChange={set('miles')} error={errors.miles} />
        </div>
        <details class="filters" open={activeCount > 0}>
          <summary class="filters-summary">More filters{activeCount ? ` (${activeCount} chosen)` : ''}</summary>
          {priorities && priorities.length > 0 && (
            <Checkboxes
              id="priority"
              label="What would you like help with?"
              hint="Choose any"
              options={priorities.map((p) => ({ value: p.id, label: p.label }))}
              values={form.priority}
              onChange={set('priority')}
              error={errors.priority}
            />
          )}
          {hubs && (
            <Select
              id="hub"
              label="Where"
              options={[{ value: '', label: 'Anywhere' }, ...hubs.map((h) => ({ value: h.id, label: h.label }))]}
              value={form.hub}
              onChange={set('hub')}
              error={errors.hub}
            />
          )}
          <Checkboxes id="day" label="Which days?" options={dayOptions} values={form.day} onChange={set('day')} error={errors.day} />
          <Checkboxes id="timeOfDay" label="What time of day?" options={timeOptions} values={form.timeOfDay} onChange={set('timeOfDay')} error={errors.timeOfDay} />
          <DateField id="from" label="From date" value={form.from} onInput={set('from')} error={errors.from} />
          <DateField id="to" label="To date" value={form.to} onInput={set('to')} error={errors.to} />
          <Checkboxes
            id="free"
            label="Cost"
            options={[{ value: 'true', label: 'Free activities only' }]}
            values={form.free ? ['true'] : []}
            onChange={(v) => set('free')(v.includes('true') ? 'true' : '')}
          />
          <Checkboxes id="access" label="Accessibility" hint="Only show places that have all of these" options={accessOptions} values={form.access} onChange={set('access')} error={errors.access} />
          <TextField id="age" label="Age of the person going" hint="Leave empty for any age" inputMode="numeric" width={3} value={form.age} onInput={set('age')} error={errors.age} />
          <Radios
            id="booking"
            label="How to join"
            options={[
              { value: '', label: 'Any' },
              { value: 'drop-in', label: 'Drop in' },
              { value: 'reserve', label: 'Reserve a place' },
              { value: 'referral-only', label: 'By referral' },
            ]}
            value={form.booking}
            onChange={set('booking')}
            error={errors.booking}
          />
        </details>
        <div class="button-group">
          <Button type="submit">Show activities</Button>
          {appliedKey && (
            <a href={paths.activities()} class="link-button">
              Clear filters
            </a>
          )}
        </div>
      </form>

      <h2 class="heading-l" id="results">
        Activities
      </h2>
      <section aria-labelledby="results" aria-busy={first.state === 'loading' || !!first.stale}>
        {(first.state === 'loading' || first.stale) && <Loading label="Finding activities…" />}
        {first.state === 'failed' && !first.stale && <p>{first.error.detail}</p>}
        {first.state === 'ready' && !first.stale && nearApplied && (
          <p>
            Nearest first, within {applied.miles || defaultMiles} {(applied.miles || defaultMiles) === '1' ? 'mile' : 'miles'} of {applied.postcode ? applied.postcode.toUpperCase() : 'your location'}.
          </p>
        )}
        {first.state === 'ready' && !first.stale && results.length === 0 && (
          <p>{nearApplied ? 'No activities match these filters this close. Try a longer distance or fewer filters.' : 'No activities match these filters. Try choosing fewer.'}</p>
        )}
        {results.length > 0 && (
          <>
            <ul class="activity-list">
              {results.map((a) => (
                <Result key={a.id} card={a} labels={priorities} claimable={hasRole('partner') && !me.value?.organisationIds.includes(a.organisationId)} />
              ))}
            </ul>
            {nextCursor && (
              <Button variant="secondary" busy={more.busy} onClick={loadMore}>
                {more.busy ? 'Loading more…' : 'Show more activities'}
              </Button>
            )}
          </>
        )}
      </section>
    </Page>
  );
}

function Result({ card: a, labels, claimable }: { card: ActivityCard; labels: { id: string; label: string }[] | undefined; claimable: boolean }) {
  const next = a.upcoming[0];
  const when = next ? formatDateTime(next.startsAt) : undefined;
  return (
    <li class="activity">
      <h3 class="heading-s activity-title">
        <a href={paths.activity({ id: a.id })}>{a.title}</a>
      </h3>
      {a.distanceMetres !== undefined && <p class="activity-distance">{describeDistance(a.distanceMetres)}</p>}
      <p class="activity-summary">{a.summary}</p>
      <dl class="facts">
        {(next?.room ?? a.placeName) && <Fact term="Where">{next?.room ?? a.placeName}</Fact>}
        <Fact term="When">{when && next ? <time dateTime={next.startsAt}>{when}</time> : 'No dates yet'}</Fact>
        {next && <Fact term="Places">{describePlaces(next)}</Fact>}
        <Fact term="Cost">{describeCost(a.cost)}</Fact>
        <Fact term="Ages">{describeAges(a.ageMin, a.ageMax)}</Fact>
      </dl>
      <p class="tags">
        <span class="visually-hidden">Helps with: </span>
        {a.priorities.map((p) => (
          <span class="tag" key={p}>
            {labels?.find((l) => l.id === p)?.label ?? p}
          </span>
        ))}
      </p>
      {/* for people who act for an organisation: a listing theirs but under another name ("Is this yours?") */}
      {claimable && (
        <p>
          <a href={paths.claimActivity({ id: a.id })}>
            Is this yours?<span class="visually-hidden"> Claim {a.title}</span>
          </a>
        </p>
      )}
    </li>
  );
}

function DateField(p: { id: string; label: string; value: string; onInput: (v: string) => void; error?: string | undefined }) {
  return (
    <div class={p.error ? 'form-group form-group-error' : 'form-group'}>
      <label class="label" for={p.id}>
        {p.label}
      </label>
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {p.error}
        </p>
      )}
      <input
        class={p.error ? 'input input-width-10 input-error' : 'input input-width-10'}
        type="date"
        id={p.id}
        name={p.id}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
        aria-describedby={p.error ? `${p.id}-error` : undefined}
      />
    </div>
  );
}

const fieldLabels: Record<string, string> = {
  postcode: 'Postcode',
  miles: 'How far',
  latitude: 'Your location',
  longitude: 'Your location',
  q: 'Search',
  priority: 'Priority',
  hub: 'Where',
  day: 'Days',
  timeOfDay: 'Time of day',
  from: 'From date',
  to: 'To date',
  access: 'Accessibility',
  age: 'Age',
  booking: 'How to join',
  cursor: 'Page',
  limit: 'Page size',
};
const labelOf = (field: string) => fieldLabels[field.split('-')[0]!] ?? field;
