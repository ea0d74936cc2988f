/** Add a hub (admins) or change a hub's details (its coordinators and admins): address, opening hours, accessibility, contact. */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import type { CareCommunity, Hub } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, Select, TextArea, TextField } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { flashOn } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { HoursFields, type HoursForm, hoursForm, readHours } from './parts';

const accessOptions = [
  { value: 'stepFree', label: 'Step-free access' },
  { value: 'hearingLoop', label: 'Hearing loop' },
  { value: 'accessibleToilet', label: 'Accessible toilet' },
  { value: 'parking', label: 'Parking' },
  { value: 'publicTransport', label: 'Near public transport' },
] as const;

export default function EditHub({ params }: PageProps) {
  const hubId = params.hubId;
  const [hub, reload] = useApi('getHub', hubId ? { params: { id: hubId } } : null);
  const [areas, reloadAreas] = useApi('listCareCommunities', { query: { limit: 100 } });
  const form = (h?: Hub) => (
    <Loaded load={areas} label="Loading the care communities…" retry={reloadAreas}>
      {(a) => <HubForm hub={h} areas={a.items} />}
    </Loaded>
  );
  if (!hubId) return form();
  return (
    <Loaded load={hub} label="Loading the hub…" retry={reload}>
      {(h) => form(h)}
    </Loaded>
  );
}

function HubForm({ hub, areas }: { hub?: Hub | undefined; areas: CareCommunity[] }) {
  const { route } = useLocation();
  const [f, setF] = useState({
    name: hub?.name ?? '',
    careCommunityId: hub?.careCommunityId ?? '',
    line1: hub?.address.line1 ?? '',
    line2: hub?.address.line2 ?? '',
    town: hub?.address.town ?? '',
    postcode: hub?.address.postcode ?? '',
    directions: hub?.directions ?? '',
    access: hub ? accessOptions.filter((o) => hub.accessibility[o.value]).map((o) => o.value as string) : [],
    accessNotes: hub?.accessibility.notes ?? '',
    phone: hub?.contact.phone ?? '',
    email: hub?.contact.email ?? '',
  });
  const [hours, setHours] = useState<HoursForm>(hoursForm(hub?.openingHours ?? []));
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (v: string | string[]) => setF({ ...f, [k]: v });

  async function save(e: Event) {
    e.preventDefault();
    const problems: SummaryError[] = [];
    if (!f.name.trim()) problems.push({ field: 'name', message: 'Enter the hub’s name' });
    if (!f.careCommunityId) problems.push({ field: 'careCommunityId', message: 'Select the care community the hub is in' });
    if (!f.line1.trim()) problems.push({ field: 'address-line1', message: 'Enter the first line of the address' });
    if (!f.town.trim()) problems.push({ field: 'address-town', message: 'Enter the town' });
    if (!f.postcode.trim()) problems.push({ field: 'address-postcode', message: 'Enter the postcode, for example OL1 1AA' });
    const read = hub ? { hours: undefined, problems: [] } : readHours(hours, 'hours');
    problems.push(...read.problems);
    if (problems.length) return setErrors(problems);
    const body = {
      name: f.name.trim(),
      careCommunityId: f.careCommunityId,
      address: { line1: f.line1.trim(), ...(f.line2.trim() ? { line2: f.line2.trim() } : {}), town: f.town.trim(), postcode: f.postcode.trim() },
      ...(f.directions.trim() ? { directions: f.directions.trim() } : {}),
      ...(read.hours ? { openingHours: read.hours } : {}),
      accessibility: { ...Object.fromEntries(accessOptions.map((o) => [o.value, f.access.includes(o.value)])), ...(f.accessNotes.trim() ? { notes: f.accessNotes.trim() } : {}) },
      contact: { ...(f.phone.trim() ? { phone: f.phone.trim() } : {}), ...(f.email.trim() ? { email: f.email.trim() } : {}) },
    };
    setBusy(true);
    try {
      const saved = hub ? await callApi('updateHub', { params: { id: hub.id }, body: { ...body, version: hub.version ?? 0 } }) : await callApi('createHub', { body });
      flashOn(paths.hub({ hubId: saved.id }), hub ? `You changed ${saved.name}’s details.` : `You added ${saved.name}.`);
      route(paths.hub({ hubId: saved.id }));
    } catch (err) {
      setErrors(summaryFrom(err, { postcode: 'Enter a UK postcode, for example OL1 1AA' }));
      setBusy(false);
    }
  }

  return (
    <Page title={hub ? `Change ${hub.name}` : 'Add a hub'} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={save}>
        <TextField id="name" label="Name" value={f.name} onInput={set('name')} error={errorFor(errors, 'name')} />
        <Select
          id="careCommunityId"
          label="Care community"
          options={[{ value: '', label: 'Choose one' }, ...areas.map((a) => ({ value: a.id, label: a.name }))]}
          value={f.careCommunityId}
          onChange={set('careCommunityId')}
          error={errorFor(errors, 'careCommunityId')}
        />
        <h2 class="heading-m">Address</h2>
        <TextField id="address-line1" label="Address line 1" value={f.line1} onInput={set('line1')} error={errorFor(errors, 'address-line1')} />
        <TextField id="address-line2" label="Address line 2 (optional)" value={f.line2} onInput={set('line2')} />
        <TextField id="address-town" label="Town" width={20} value={f.town} onInput={set('town')} error={errorFor(errors, 'address-town')} />
        <TextField id="address-postcode" label="Postcode" width={10} value={f.postcode} onInput={set('postcode')} error={errorFor(errors, 'address-postcode')} />
        <TextArea id="directions" label="How to get there (optional)" value={f.directions} onInput={set('directions')} />
        {!hub && (
          <>
            <h2 class="heading-m">Opening hours</h2>
            <HoursFields prefix="hours" value={hours} onInput={setHours} errors={errors} />
          </>
        )}
        <h2 class="heading-m">Accessibility</h2>
        <Checkboxes id="access" label="What does the hub have?" options={[...accessOptions]} values={f.access} onChange={set('access')} />
        <TextArea
          id="accessibility-notes"
          label="Anything else people should know (optional)"
          hint="For example: ramp at the side door; bus 81 stops outside"
          value={f.accessNotes}
          onInput={set('accessNotes')}
        />
        <h2 class="heading-m">Contact</h2>
        <TextField id="contact-phone" label="Phone (optional)" type="tel" width={20} value={f.phone} onInput={set('phone')} error={errorFor(errors, 'contact-phone')} />
        <TextField id="contact-email" label="Email (optional)" type="email" value={f.email} onInput={set('email')} error={errorFor(errors, 'contact-email')} />
        <Button type="submit" busy={busy}>
          {hub ? 'Save changes' : 'Add hub'}
        </Button>
      </form>
    </Page>
  );
}
