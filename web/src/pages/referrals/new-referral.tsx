import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../../functions/lib/paths';
import { callApi, type InputOf, newIdempotencyKey } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, DateFields, type DateParts, emptyDate, fromIsoDate, type Option, Radios, readDate, TextArea, TextField } from '../../components/fields';
import { flashOn } from '../../components/Notice';
import { Page } from '../../components/Page';
import { londonToday } from '../../format';
import type { PageProps } from '../../routes';
import { type ContactMethod, contactOptions, usePriorities } from './parts';

type Body = InputOf<'createReferral'>['body'];

/**
 * A link worker records a referral for someone who phoned, or who was referred by a GP letter or a hospital
 * discharge team: who they are and how to reach them, what matters to them, and their consent (who gave it,
 * when, and what may be shared). The referral goes straight onto the link worker's caseload.
 */
const howItCame: Option<'phoned' | Exclude<Body['source'], 'self'>>[] = [
  { value: 'phoned', label: 'They phoned us, or came in', hint: 'You are talking to them now: the referral starts as contacted.' },
  { value: 'gp-practice', label: 'A letter from a GP practice' },
  { value: 'hospital-discharge', label: 'A hospital discharge team' },
  { value: 'community-group', label: 'A community group' },
  { value: 'other', label: 'Somewhere else' },
];

export default function NewReferral({ pageTitle }: PageProps) {
  const { route } = useLocation();
  const priorities = usePriorities();
  const [source, setSource] = useState<(typeof howItCame)[number]['value'] | ''>('');
  const [practiceName, setPracticeName] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [birth, setBirth] = useState<DateParts>(emptyDate);
  const [methods, setMethods] = useState<ContactMethod[]>([]);
  const [bestTimes, setBestTimes] = useState('');
  const [reasons, setReasons] = useState<string[]>([]);
  const [matters, setMatters] = useState('');
  const [givenBy, setGivenBy] = useState<Body['consent']['givenBy'] | ''>('');
  const [givenByName, setGivenByName] = useState('');
  const [givenOn, setGivenOn] = useState<DateParts>(fromIsoDate(londonToday()));
  const [sharing, setSharing] = useState<Body['consent']['sharing']>([]);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);

  async function submit(event: Event) {
    event.preventDefault();
    // checked in the order the fields are on the page, so the summary reads top to bottom
    const found: SummaryError[] = [];
    if (!source) found.push({ field: 'source', message: 'Choose how the referral reached you' });
    if (!name.trim()) found.push({ field: 'newPerson-name', message: 'Enter the person’s name' });
    if (!phone.trim() && !email.trim()) found.push({ field: 'newPerson-phone', message: 'Enter a phone number or an email address, so you can contact them' });
    const dob = birth.day || birth.month || birth.year ? readDate(birth, 'date of birth') : {};
    if (dob.problem) found.push({ field: 'newPerson-dateOfBirth', message: dob.problem });
    else if (dob.iso && dob.iso > londonToday()) found.push({ field: 'newPerson-dateOfBirth', message: 'Date of birth must be in the past' });
    if (!methods.length) found.push({ field: 'contactPreferences-methods', message: 'Choose how they would like to be contacted' });
    if (!reasons.length) found.push({ field: 'reasons', message: 'Choose at least one thing they would like help with' });
    if (!matters.trim()) found.push({ field: 'whatMattersToMe', message: 'Write what matters to them, in their words' });
    if (!givenBy) found.push({ field: 'consent-givenBy', message: 'Choose who agreed to the referral' });
    else if (givenBy !== 'person' && !givenByName.trim()) found.push({ field: 'consent-givenByName', message: 'Enter the name of the person who agreed for them' });
    const consentDate = readDate(givenOn, 'the date they agreed');
    if (consentDate.problem) found.push({ field: 'consent-givenAt', message: consentDate.problem });
    else if (consentDate.iso! > londonToday()) found.push({ field: 'consent-givenAt', message: 'The date they agreed must be today or in the past' });
    setErrors(found);
    if (found.length || !source || !givenBy) return;

    setBusy(true);
    try {
      const phoned = source === 'phoned';
      // consent given today is recorded as now; an earlier day at midday, London time being near enough
      const givenAt = consentDate.iso === londonToday() ? new Date().toISOString() : `${consentDate.iso}T12:00:00Z`;
      const created = await callApi('createReferral', {
        idempotencyKey: key,
        body: {
          newPerson: {
            name: name.trim(),
            ...(phone.trim() ? { phone: phone.trim() } : {}),
            ...(email.trim() ? { email: email.trim() } : {}),
            ...(dob.iso ? { dateOfBirth: dob.iso } : {}),
            contactPreferences: { methods, ...(bestTimes.trim() ? { bestTimes: bestTimes.trim() } : {}) },
          },
          source: phoned ? 'self' : source,
          contacted: phoned,
          ...(practiceName.trim() && !phoned ? { practiceName: practiceName.trim() } : {}),
          reasons,
          whatMattersToMe: matters.trim(),
          contactPreferences: { methods, ...(bestTimes.trim() ? { bestTimes: bestTimes.trim() } : {}) },
          consent: { givenBy, ...(givenBy !== 'person' ? { givenByName: givenByName.trim() } : {}), givenAt, sharing: ['link-worker-team', ...sharing] },
        },
      });
      flashOn(paths.referral({ id: created.id }), `Referral made. Its reference is ${created.reference}.`);
      route(paths.referral({ id: created.id }));
    } catch (err) {
      // the API names a reason by its place in the list (reasons-2): the summary links to the question
      setErrors(summaryFrom(err).map((x) => (x.field?.startsWith('reasons-') ? { ...x, field: 'reasons' } : x)));
    } finally {
      setBusy(false);
    }
  }

  const e = (field: string) => errorFor(errors, field);
  return (
    <Page title={pageTitle} hasErrors={errors.length > 0}>
      <p class="lead">For someone who phoned, or who was referred to you by letter or by a team. It goes straight onto your caseload.</p>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <Radios id="source" label="How did this referral reach you?" value={source} onChange={setSource} error={e('source')} options={howItCame} />
        {source && source !== 'phoned' && (
          <TextField
            id="practiceName"
            label="Who referred them (optional)"
            hint="For example: Westfield Medical Practice, or the cardiac ward at Riverside General"
            value={practiceName}
            onInput={setPracticeName}
            error={e('practiceName')}
          />
        )}
        <h2 class="heading-m">The person</h2>
        <TextField id="newPerson-name" label="Full name" autocomplete="off" value={name} onInput={setName} error={e('newPerson-name')} />
        <TextField id="newPerson-phone" label="Phone number" type="tel" autocomplete="off" width={20} value={phone} onInput={setPhone} error={e('newPerson-phone')} />
        <TextField id="newPerson-email" label="Email address (optional)" type="email" autocomplete="off" spellcheck={false} value={email} onInput={setEmail} error={e('newPerson-email')} />
        <DateFields id="newPerson-dateOfBirth" label="Date of birth (optional)" hint="For example, 27 3 1948" value={birth} onInput={setBirth} error={e('newPerson-dateOfBirth')} />
        <Checkboxes
          id="contactPreferences-methods"
          label="How would they like to be contacted?"
          hint="Choose all that suit them."
          values={methods}
          onChange={setMethods}
          error={e('contactPreferences-methods')}
          options={contactOptions}
        />
        <TextField
          id="contactPreferences-bestTimes"
          label="Best times to contact them (optional)"
          hint="For example, weekday mornings"
          value={bestTimes}
          onInput={setBestTimes}
          error={e('contactPreferences-bestTimes')}
        />
        <h2 class="heading-m">What they would like help with</h2>
        {priorities.length > 0 && (
          <Checkboxes
            id="reasons"
            label="Reasons"
            hint="Choose all that apply."
            values={reasons}
            onChange={setReasons}
            error={e('reasons')}
            options={priorities.map((p) => ({ value: p.id, label: p.label }))}
          />
        )}
        <TextArea id="whatMattersToMe" label="What matters to them" hint="In their words, as far as you can." value={matters} onInput={setMatters} error={e('whatMattersToMe')} />
        <h2 class="heading-m">Consent</h2>
        <Radios
          id="consent-givenBy"
          label="Who agreed to this referral?"
          value={givenBy}
          onChange={setGivenBy}
          error={e('consent-givenBy')}
          options={[
            { value: 'person', label: 'The person themself' },
            { value: 'carer', label: 'A carer, for them' },
            { value: 'legal-representative', label: 'Their legal representative' },
          ]}
        />
        {givenBy && givenBy !== 'person' && <TextField id="consent-givenByName" label="Name of the person who agreed" value={givenByName} onInput={setGivenByName} error={e('consent-givenByName')} />}
        <DateFields id="consent-givenAt" label="When did they agree?" value={givenOn} onInput={setGivenOn} error={e('consent-givenAt')} />
        <Checkboxes
          id="consent-sharing"
          label="Who else may we share with?"
          hint="The link worker team always sees the referral. Tick only what they agreed to."
          values={sharing}
          onChange={setSharing}
          error={e('consent-sharing')}
          options={[
            { value: 'activity-providers', label: 'The groups running the activities they go to', hint: 'So the group knows their name and that a link worker booked the place.' },
            { value: 'gp-practice', label: 'Their GP practice, or whoever referred them', hint: 'A short letter when the referral closes.' },
          ]}
        />
        <Button type="submit" busy={busy}>
          {busy ? 'Saving…' : 'Make the referral'}
        </Button>
      </form>
    </Page>
  );
}
