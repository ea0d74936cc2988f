import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import type { ActivityView, Booking, BookingQuestion, Cost, Venue } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { ApiError, callApi, fieldErrors, type InputOf, newIdempotencyKey } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Checkboxes, Radios, Select, TextArea, TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { LoadFailed, useApi } from '../../components/load';
import { flashOn } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { type Named, useHubs, useOrganisations, usePriorities } from './shared';

/**
 * Add or change an activity (partners for their organisation, coordinators at their hub, admins).
 * Each field's id is the API field's name, so a problem the API finds lands beside the right field.
 */
interface Form {
  title: string;
  description: string;
  organisationId: string;
  place: 'hub' | 'venue';
  hubId: string;
  venueName: string;
  venueLine1: string;
  venueLine2: string;
  venueTown: string;
  venuePostcode: string;
  venueDirections: string;
  /** what the form does not show of a venue (its care community and accessibility facts), kept as they were */
  venueKept: Pick<Venue, 'careCommunityId' | 'accessibility'> | undefined;
  priorities: string[];
  costKind: 'free' | 'amount' | 'pay-what-you-can';
  costPounds: string;
  /** "cash or card on the day": how people pay (nothing is paid through the platform) */
  howToPay: string;
  /** what the form does not show of the cost and booking settings, kept as they were */
  costSuggestedPence: number | undefined;
  bookingKept: Pick<Booking, 'opensDaysBefore' | 'closesHoursBefore' | 'waitlist' | 'offerHoldHours'> | undefined;
  mode: 'drop-in' | 'reserve' | 'referral-only';
  capacity: string;
  companionPlaces: 'yes' | 'no';
  course: 'yes' | 'no';
  /** up to three questions asked when people book; the ones saved before keep their ids */
  questions: string[];
  questionsKept: BookingQuestion[];
  ageMin: string;
  ageMax: string;
  whoFor: string;
  accessibilityNotes: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  status: 'active' | 'paused' | 'ended';
}

const empty: Form = {
  title: '',
  description: '',
  organisationId: '',
  place: 'hub',
  hubId: '',
  venueName: '',
  venueLine1: '',
  venueLine2: '',
  venueTown: '',
  venuePostcode: '',
  venueDirections: '',
  venueKept: undefined,
  priorities: [],
  costKind: 'free',
  costPounds: '',
  howToPay: '',
  costSuggestedPence: undefined,
  bookingKept: undefined,
  mode: 'reserve',
  capacity: '12',
  companionPlaces: 'yes',
  course: 'no',
  questions: ['', '', ''],
  questionsKept: [],
  ageMin: '',
  ageMax: '',
  whoFor: '',
  accessibilityNotes: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  status: 'active',
};

function formOf(a: ActivityView): Form {
  return {
    title: a.title,
    description: a.description,
    organisationId: a.organisationId,
    place: a.venue && !a.hubId ? 'venue' : 'hub',
    hubId: a.hubId ?? '',
    venueName: a.venue?.name ?? '',
    venueLine1: a.venue?.address.line1 ?? '',
    venueLine2: a.venue?.address.line2 ?? '',
    venueTown: a.venue?.address.town ?? '',
    venuePostcode: a.venue?.address.postcode ?? '',
    venueDirections: a.venue?.directions ?? '',
    venueKept: a.venue ? { ...(a.venue.careCommunityId ? { careCommunityId: a.venue.careCommunityId } : {}), accessibility: a.venue.accessibility } : undefined,
    priorities: a.priorities,
    costKind: a.cost.kind,
    costPounds: a.cost.kind === 'amount' ? (a.cost.pence / 100).toFixed(2) : '',
    howToPay: a.cost.kind === 'free' ? '' : (a.cost.howToPay ?? ''),
    costSuggestedPence: a.cost.kind === 'pay-what-you-can' ? a.cost.suggestedPence : undefined,
    bookingKept: { opensDaysBefore: a.booking.opensDaysBefore, closesHoursBefore: a.booking.closesHoursBefore, waitlist: a.booking.waitlist, offerHoldHours: a.booking.offerHoldHours },
    mode: a.booking.mode,
    capacity: String(a.booking.defaultCapacity),
    companionPlaces: a.booking.companionPlaces === false ? 'no' : 'yes',
    course: a.booking.course ? 'yes' : 'no',
    questions: [0, 1, 2].map((i) => a.booking.questions?.[i]?.label ?? ''),
    questionsKept: a.booking.questions ?? [],
    ageMin: a.audience.ageMin > 0 ? String(a.audience.ageMin) : '',
    ageMax: a.audience.ageMax < 120 ? String(a.audience.ageMax) : '',
    whoFor: a.audience.whoFor ?? '',
    accessibilityNotes: a.accessibilityNotes ?? '',
    contactName: a.contact.name ?? '',
    contactPhone: a.contact.phone ?? '',
    contactEmail: a.contact.email ?? '',
    status: a.status,
  };
}

const wholeNumber = (v: string) => /^\d{1,4}$/.test(v.trim());

/** The checks we can make before sending; the API makes them all again. Keys are field ids. */
function check(f: Form): Record<string, string> {
  const e: Record<string, string> = {};
  if (!f.title.trim()) e.title = 'Enter the activity’s name';
  else if (f.title.trim().length > 120) e.title = 'The name must be 120 characters or fewer';
  if (!f.description.trim()) e.description = 'Describe the activity in a sentence or two';
  else if (f.description.trim().length > 2000) e.description = 'The description must be 2,000 characters or fewer';
  if (!f.organisationId) e.organisationId = 'Choose the organisation that runs it';
  if (f.place === 'hub' && !f.hubId) e.hubId = 'Choose the hub where it happens';
  if (f.place === 'venue') {
    if (!f.venueName.trim()) e['venue-name'] = 'Enter the name of the place, like “Alexandra Park bandstand”';
    if (!f.venueLine1.trim()) e['venue-address-line1'] = 'Enter the first line of the address';
    if (!f.venueTown.trim()) e['venue-address-town'] = 'Enter the town';
    if (!/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/.test(f.venuePostcode.trim())) e['venue-address-postcode'] = 'Enter a full postcode, like OL1 1AA';
  }
  if (!f.priorities.length) e.priorities = 'Choose at least one thing it helps with';
  if (f.costKind === 'amount' && !/^\d{1,4}(\.\d{1,2})?$/.test(f.costPounds.trim())) e['cost-pence'] = 'Enter the cost in pounds, like 2.50';
  if (f.mode !== 'drop-in' && (!wholeNumber(f.capacity) || Number(f.capacity) < 1)) e['booking-defaultCapacity'] = 'Enter how many people can come, a whole number like 12';
  if (f.mode === 'drop-in' && f.capacity && !wholeNumber(f.capacity)) e['booking-defaultCapacity'] = 'Enter a whole number like 30';
  if (f.ageMin && (!wholeNumber(f.ageMin) || Number(f.ageMin) > 120)) e['audience-ageMin'] = 'Enter an age from 0 to 120';
  if (f.ageMax && (!wholeNumber(f.ageMax) || Number(f.ageMax) > 120)) e['audience-ageMax'] = 'Enter an age from 0 to 120';
  if (!e['audience-ageMin'] && !e['audience-ageMax'] && f.ageMin && f.ageMax && Number(f.ageMin) > Number(f.ageMax)) e['audience-ageMax'] = 'The oldest age must not be less than the youngest';
  if (f.contactEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(f.contactEmail)) e['contact-email'] = 'Enter an email address like name@example.org';
  return e;
}

type NewActivity = InputOf<'createActivity'>['body'];
type ActivityChange = InputOf<'updateActivity'>['body'];

function bodyOf(f: Form): NewActivity {
  return {
    title: f.title.trim(),
    description: f.description.trim(),
    organisationId: f.organisationId,
    ...(f.place === 'hub' ? { hubId: f.hubId } : { venue: venueOf(f) }),
    priorities: f.priorities,
    cost: costOf(f),
    booking: {
      ...f.bookingKept,
      mode: f.mode,
      defaultCapacity: Number(f.capacity) || 1,
      companionPlaces: f.companionPlaces === 'yes',
      course: f.mode === 'reserve' && f.course === 'yes',
      questions: questionsOf(f),
    },
    audience: { ageMin: f.ageMin ? Number(f.ageMin) : 0, ageMax: f.ageMax ? Number(f.ageMax) : 120, ...(f.whoFor.trim() ? { whoFor: f.whoFor.trim() } : {}) },
    ...(f.accessibilityNotes.trim() ? { accessibilityNotes: f.accessibilityNotes.trim() } : {}),
    contact: {
      ...(f.contactName.trim() ? { name: f.contactName.trim() } : {}),
      ...(f.contactPhone.trim() ? { phone: f.contactPhone.trim() } : {}),
      ...(f.contactEmail.trim() ? { email: f.contactEmail.trim() } : {}),
    },
  };
}

/** A change sends every answer: an emptied note is cleared, and the status is the one chosen. */
const changeOf = (f: Form): ActivityChange => ({ ...bodyOf(f), ...(f.accessibilityNotes.trim() ? {} : { accessibilityNotes: null }), status: f.status });

function costOf(f: Form): Cost {
  const howToPay = f.howToPay.trim() ? { howToPay: f.howToPay.trim() } : {};
  if (f.costKind === 'amount') return { kind: 'amount', pence: Math.round(Number(f.costPounds) * 100), ...howToPay };
  if (f.costKind === 'pay-what-you-can') return { kind: 'pay-what-you-can', ...(f.costSuggestedPence !== undefined ? { suggestedPence: f.costSuggestedPence } : {}), ...howToPay };
  return { kind: 'free' };
}

/** The questions typed, each keeping the id (and settings) it was saved with, so earlier answers still match. */
function questionsOf(f: Form): BookingQuestion[] {
  const taken = new Set(f.questionsKept.map((q) => q.id));
  return f.questions.flatMap((label, i) => {
    if (!label.trim()) return [];
    const kept = f.questionsKept[i];
    if (kept) return [{ ...kept, label: label.trim() }];
    let id = `q${i + 1}`;
    for (let n = i + 1; taken.has(id); n++) id = `q${n + 1}`;
    taken.add(id);
    return [{ id, label: label.trim(), required: false }];
  });
}

function venueOf(f: Form): Venue {
  const line2 = f.venueLine2.trim();
  const directions = f.venueDirections.trim();
  return {
    name: f.venueName.trim(),
    address: { line1: f.venueLine1.trim(), ...(line2 ? { line2 } : {}), town: f.venueTown.trim(), postcode: f.venuePostcode.trim().toUpperCase() },
    ...(directions ? { directions } : {}),
    ...(f.venueKept?.careCommunityId ? { careCommunityId: f.venueKept.careCommunityId } : {}),
    accessibility: f.venueKept?.accessibility ?? { stepFree: false, hearingLoop: false, accessibleToilet: false, parking: false, publicTransport: false },
  };
}

/** An API field id (priorities-1) to the form's field id (priorities). */
const formFieldOf = (id: string) => (id.startsWith('priorities') ? 'priorities' : id);

export default function EditActivity({ params }: PageProps) {
  const creating = !params.id;
  const [activity, reload] = useApi('getActivity', params.id ? { params: { id: params.id } } : null);
  const priorities = usePriorities();
  const hubs = useHubs();
  const organisations = useOrganisations();
  const title = creating ? 'Add an activity' : 'Change an activity';
  if (!creating && activity.state === 'failed')
    return (
      <Page title={title}>
        <LoadFailed error={activity.error} retry={reload} />
      </Page>
    );
  if ((!creating && activity.state !== 'ready') || !priorities || !hubs || !organisations)
    return (
      <Page title={title}>
        <Loading label="Loading the form…" />
      </Page>
    );
  const lists = { priorities, hubs, organisations };
  return <ActivityForm activity={activity.state === 'ready' ? activity.data : undefined} {...lists} />;
}

function ActivityForm({ activity, priorities, hubs, organisations }: { activity: ActivityView | undefined; priorities: Named[]; hubs: Named[]; organisations: Named[] }) {
  const { route } = useLocation();
  const creating = !activity;
  const [form, setForm] = useState<Form>(activity ? formOf(activity) : empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const person = me.value;

  // partners choose among their own organisations; a coordinator among their hubs (admins see all)
  const isAdmin = !!person?.roles.includes('admin');
  const orgOptions = organisations.filter((o) => isAdmin || !person?.roles.includes('partner') || person.organisationIds.includes(o.id) || o.id === form?.organisationId);
  const hubOptions = hubs.filter((h) => isAdmin || !person?.roles.includes('coordinator') || person.hubIds.includes(h.id) || h.id === form?.hubId || person.roles.includes('partner'));

  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) =>
      setForm({ ...form, [k]: v });
  const summary = Object.entries(errors).map(([field, message]) => ({ field, message }));

  async function save(event: Event) {
    event.preventDefault();
    const found = check(form);
    setErrors(found);
    if (Object.keys(found).length) return;
    setSaving(true);
    try {
      const saved = activity ? await callApi('updateActivity', { params: { id: activity.id }, body: changeOf(form) }) : await callApi('createActivity', { body: bodyOf(form), idempotencyKey: key });
      flashOn(paths.activity({ id: saved.id }), creating ? 'Activity added. It is now in the directory.' : 'Changes saved.');
      route(paths.activity({ id: saved.id }));
    } catch (err) {
      const fromApi = Object.fromEntries(Object.entries(fieldErrors(err)).map(([k, v]) => [formFieldOf(k), v]));
      setErrors(Object.keys(fromApi).length ? fromApi : { '': err instanceof ApiError ? err.detail : 'We could not save the activity. Please try again.' });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Page title={creating ? 'Add an activity' : 'Change an activity'} hasErrors={summary.length > 0}>
      <ErrorSummary errors={summary.map((e) => (e.field ? e : { message: e.message }))} />
      <form onSubmit={save} noValidate>
        <TextField id="title" label="Name of the activity" hint="What people will look for, like “Tuesday Coffee and Chat”" value={form.title} onInput={set('title')} error={errors.title} />
        <TextArea
          id="description"
          label="What happens"
          hint="In plain words: what people do, what to bring, what to expect."
          value={form.description}
          onInput={set('description')}
          error={errors.description}
        />
        <Select
          id="organisationId"
          label="Organisation that runs it"
          options={[{ value: '', label: 'Choose an organisation' }, ...orgOptions.map((o) => ({ value: o.id, label: o.label }))]}
          value={form.organisationId}
          onChange={set('organisationId')}
          error={errors.organisationId}
        />
        <Radios
          id="place"
          label="Where it happens"
          options={[
            { value: 'hub', label: 'At a hub' },
            { value: 'venue', label: 'Somewhere else', hint: 'A park, a leisure centre or another building' },
          ]}
          value={form.place}
          onChange={(v) => set('place')(v as Form['place'])}
          error={errors.place}
        />
        {form.place === 'hub' ? (
          <Select
            id="hubId"
            label="Hub where it happens"
            options={[{ value: '', label: 'Choose a hub' }, ...hubOptions.map((h) => ({ value: h.id, label: h.label }))]}
            value={form.hubId}
            onChange={set('hubId')}
            error={errors.hubId}
          />
        ) : (
          <fieldset class="fieldset">
            <legend class="legend">The other venue</legend>
            <TextField id="venue-name" label="Name of the place" value={form.venueName} onInput={set('venueName')} error={errors['venue-name']} />
            <TextField id="venue-address-line1" label="Address line 1" autocomplete="address-line1" value={form.venueLine1} onInput={set('venueLine1')} error={errors['venue-address-line1']} />
            <TextField
              id="venue-address-line2"
              label="Address line 2 (optional)"
              autocomplete="address-line2"
              value={form.venueLine2}
              onInput={set('venueLine2')}
              error={errors['venue-address-line2']}
            />
            <TextField id="venue-address-town" label="Town" autocomplete="address-level2" value={form.venueTown} onInput={set('venueTown')} error={errors['venue-address-town']} />
            <TextField
              id="venue-address-postcode"
              label="Postcode"
              autocomplete="postal-code"
              width={10}
              value={form.venuePostcode}
              onInput={set('venuePostcode')}
              error={errors['venue-address-postcode']}
            />
            <TextField
              id="venue-directions"
              label="How to find it (optional)"
              hint="For example: meet at the bandstand, by the main gate"
              value={form.venueDirections}
              onInput={set('venueDirections')}
              error={errors['venue-directions']}
            />
          </fieldset>
        )}
        <Checkboxes
          id="priorities"
          label="What does it help with?"
          hint="Choose all that apply"
          options={priorities.map((p) => ({ value: p.id, label: p.label }))}
          values={form.priorities}
          onChange={set('priorities')}
          error={errors.priorities}
        />
        <Radios
          id="cost-kind"
          label="Cost"
          options={[
            { value: 'free', label: 'Free' },
            { value: 'amount', label: 'A set price' },
            { value: 'pay-what-you-can', label: 'Pay what you can' },
          ]}
          value={form.costKind}
          onChange={(v) => set('costKind')(v as Form['costKind'])}
          error={errors['cost-kind']}
        />
        {form.costKind === 'amount' && (
          <TextField id="cost-pence" label="Price in pounds" hint="For example 2.50" inputMode="decimal" width={5} value={form.costPounds} onInput={set('costPounds')} error={errors['cost-pence']} />
        )}
        {form.costKind !== 'free' && (
          <TextField
            id="cost-howToPay"
            label="How people pay (optional)"
            hint="For example: cash or card on the day. Nobody pays when they book."
            value={form.howToPay}
            onInput={set('howToPay')}
            error={errors['cost-howToPay']}
          />
        )}
        <Radios
          id="booking-mode"
          label="How people join"
          options={[
            { value: 'reserve', label: 'Reserve a place' },
            { value: 'drop-in', label: 'Drop in' },
            { value: 'referral-only', label: 'By referral only' },
          ]}
          value={form.mode}
          onChange={(v) => set('mode')(v as Form['mode'])}
          error={errors['booking-mode']}
        />
        <TextField
          id="booking-defaultCapacity"
          label="How many people can come to each session"
          inputMode="numeric"
          width={4}
          value={form.capacity}
          onInput={set('capacity')}
          error={errors['booking-defaultCapacity']}
        />
        {form.mode !== 'drop-in' && (
          <>
            <Radios
              id="booking-companionPlaces"
              label="Can someone booking bring a companion or carer?"
              hint="They take a second place."
              inline
              options={[
                { value: 'yes', label: 'Yes' },
                { value: 'no', label: 'No' },
              ]}
              value={form.companionPlaces}
              onChange={(v) => set('companionPlaces')(v as Form['companionPlaces'])}
              error={errors['booking-companionPlaces']}
            />
            {form.mode === 'reserve' && (
              <Radios
                id="booking-course"
                label="Is it a course, booked as a whole?"
                hint="People then book every date at once."
                inline
                options={[
                  { value: 'no', label: 'No' },
                  { value: 'yes', label: 'Yes' },
                ]}
                value={form.course}
                onChange={(v) => set('course')(v as Form['course'])}
                error={errors['booking-course']}
              />
            )}
            <fieldset class="fieldset">
              <legend class="legend">Questions to ask when people book (optional)</legend>
              <div class="hint">For example: “Any dietary needs or allergies?”. The answers are shown on the register.</div>
              {form.questions.map((q, i) => (
                <TextField
                  key={i}
                  id={`booking-questions-${i}-label`}
                  label={`Question ${i + 1}`}
                  value={q}
                  onInput={(v) => set('questions')(form.questions.map((x, j) => (j === i ? v : x)))}
                  error={errors[`booking-questions-${i}-label`]}
                />
              ))}
            </fieldset>
          </>
        )}
        <TextField id="audience-ageMin" label="Youngest age (optional)" inputMode="numeric" width={3} value={form.ageMin} onInput={set('ageMin')} error={errors['audience-ageMin']} />
        <TextField id="audience-ageMax" label="Oldest age (optional)" inputMode="numeric" width={3} value={form.ageMax} onInput={set('ageMax')} error={errors['audience-ageMax']} />
        <TextField
          id="audience-whoFor"
          label="Who it is for (optional)"
          hint="For example: carers of someone living with dementia"
          value={form.whoFor}
          onInput={set('whoFor')}
          error={errors['audience-whoFor']}
        />
        <TextField
          id="accessibilityNotes"
          label="Accessibility notes (optional)"
          hint="Anything not covered by the hub’s facts, like seating or quiet space"
          value={form.accessibilityNotes}
          onInput={set('accessibilityNotes')}
          error={errors.accessibilityNotes}
        />
        <TextField id="contact-name" label="Contact name (optional)" value={form.contactName} onInput={set('contactName')} error={errors['contact-name']} />
        <TextField id="contact-phone" label="Contact phone (optional)" type="tel" autocomplete="tel" value={form.contactPhone} onInput={set('contactPhone')} error={errors['contact-phone']} />
        <TextField id="contact-email" label="Contact email (optional)" type="email" autocomplete="email" value={form.contactEmail} onInput={set('contactEmail')} error={errors['contact-email']} />
        {!creating && (
          <Radios
            id="status"
            label="Is it running?"
            options={[
              { value: 'active', label: 'Yes, it is running' },
              { value: 'paused', label: 'Paused for now (hidden from the directory)' },
              { value: 'ended', label: 'It has ended' },
            ]}
            value={form.status}
            onChange={(v) => set('status')(v as Form['status'])}
            error={errors.status}
          />
        )}
        <Button type="submit" busy={saving}>
          {saving ? 'Saving…' : creating ? 'Add activity' : 'Save changes'}
        </Button>
      </form>
    </Page>
  );
}
