import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../../functions/lib/paths';
import type { Application, GuardianConsentInput, ReviewInput } from '../../../../functions/volunteers/schema';
import { callApi } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { DateFields, emptyDate, Radios, readDate, TextArea, TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { LoadFailed, SignInFirst, useApi } from '../../components/load';
import { flashOn, Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { SummaryList } from '../../components/SummaryList';
import { formatDay, londonToday } from '../../format';
import type { PageProps } from '../../routes';
import { listDays } from './common';
import { StatusTag } from './status';

/** Coordinators: one application, the decision (approve, decline with a reason, ask for more) and guardian consent. */
export default function ReviewApplication({ params }: PageProps) {
  const ids = { roleId: params.roleId ?? '', volunteerId: params.volunteerId ?? '' };
  const [app, retry] = useApi('getApplication', { params: ids });

  if (me.value === null) {
    return (
      <Page title="Application">
        <SignInFirst />
      </Page>
    );
  }
  if (app.state !== 'ready') {
    return <Page title="Application">{app.state === 'failed' ? <LoadFailed error={app.error} retry={retry} /> : <Loading label="Loading the application…" />}</Page>;
  }
  return <Review app={app.data} ids={ids} reload={retry} />;
}

/** Which application: its role and volunteer. */
type Ids = { roleId: string; volunteerId: string };

/** The list of applications the application belongs to. */
const applicationsOf = (a: Application) => paths.volunteerApplications({}, a.ownerKind === 'hub' ? { hubId: a.ownerId } : { organisationId: a.ownerId });

function Review({ app: a, ids, reload }: { app: Application; ids: Ids; reload: () => void }) {
  const { route } = useLocation();
  const [decision, setDecision] = useState('');
  const [reason, setReason] = useState('');
  const [question, setQuestion] = useState('');
  const [message, setMessage] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const needsConsent = a.under18 && !a.guardianConsent;
  const open = a.status === 'submitted' || a.status === 'more-info-requested';
  const first = a.volunteerName.split(' ')[0];

  async function decide(e: Event) {
    e.preventDefault();
    if (busy) return;
    const problems: SummaryError[] = [];
    if (!decision) problems.push({ field: 'decision', message: 'Select what you want to do with this application' });
    if (decision === 'decline' && !reason.trim()) problems.push({ field: 'reason', message: `Enter why you cannot offer ${first} the role` });
    if (decision === 'ask-for-more' && !question.trim()) problems.push({ field: 'question', message: `Enter what you would like to ask ${first}` });
    setErrors(problems);
    if (problems.length) return;
    const body: ReviewInput =
      decision === 'approve'
        ? { decision: 'approve', ...(message.trim() ? { message: message.trim() } : {}) }
        : decision === 'decline'
          ? { decision: 'decline', reason: reason.trim() }
          : { decision: 'ask-for-more', question: question.trim() };
    setBusy(true);
    try {
      await callApi('reviewApplication', { params: ids, body });
      const done = {
        approve: `You approved ${a.volunteerName} as ${a.roleTitle.toLowerCase()}`,
        decline: `You declined ${a.volunteerName}'s application`,
        'ask-for-more': `You asked ${a.volunteerName} for more information`,
      }[body.decision];
      flashOn(paths.volunteerApplications(), `${done}. We have emailed them.`);
      route(applicationsOf(a));
    } catch (err) {
      setErrors(summaryFrom(err, { reason: 'Enter a reason in 1,000 characters or fewer', question: 'Enter a question in 1,000 characters or fewer' }));
      setBusy(false);
    }
  }

  return (
    <Page title={`${a.volunteerName}: ${a.roleTitle}`} caption="Application" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <p>
        <StatusTag status={a.status} />
      </p>
      <SummaryList
        rows={[
          ['Applied', formatDay(a.appliedAt.slice(0, 10))],
          ['When they are free', a.availability],
          ['Days', a.days.length ? listDays(a.days) : undefined],
          ['Why they would like to help', <p class="preserve">{a.statement}</p>],
          ['Date of birth', a.dateOfBirth ? `${formatDay(a.dateOfBirth)}${a.under18 ? ' (under 18)' : ''}` : undefined],
          ['Date of birth they gave since', a.dateOfBirthToConfirm ? `${formatDay(a.dateOfBirthToConfirm)} (waiting for a coordinator to confirm)` : undefined],
          [
            'Guardian consent',
            a.under18
              ? a.guardianConsent
                ? `Given by ${a.guardianConsent.guardianName} (${a.guardianConsent.relationship}) on ${formatDay(a.guardianConsent.givenOn)}`
                : 'Not recorded yet'
              : undefined,
          ],
          ['Your question', a.question],
          ['Reason given', a.decisionReason],
        ]}
      />
      {a.dateOfBirthToConfirm && a.volunteerId !== me.value?.userId && <BirthDateCorrection ids={ids} name={first ?? a.volunteerName} onDone={reload} />}
      {needsConsent && open && <GuardianConsent ids={ids} name={first ?? a.volunteerName} onDone={reload} />}
      {open ? (
        <form noValidate onSubmit={decide}>
          <h2 class="heading-m">Your decision</h2>
          {needsConsent && (
            <Notice tone="warning" title="Consent needed before approval">
              <p>{first} is under 18. Record a parent or guardian's consent above before you approve.</p>
            </Notice>
          )}
          <Radios
            id="decision"
            label="What do you want to do?"
            options={[
              { value: 'approve', label: 'Approve', hint: 'They can sign up for shifts once the checks the role needs are recorded' },
              { value: 'decline', label: 'Decline' },
              { value: 'ask-for-more', label: 'Ask for more information' },
            ]}
            value={decision}
            onChange={setDecision}
            error={errorFor(errors, 'decision')}
          />
          {decision === 'approve' && (
            <TextArea id="message" label="Message to add to the email (optional)" hint="For example, how to get their DBS check started" rows={3} value={message} onInput={setMessage} />
          )}
          {decision === 'decline' && (
            <TextArea
              id="reason"
              label={`Why can you not offer ${first} the role?`}
              hint="We send this to them, so be kind and say what they could do instead"
              rows={3}
              value={reason}
              onInput={setReason}
              error={errorFor(errors, 'reason')}
            />
          )}
          {decision === 'ask-for-more' && (
            <TextArea id="question" label={`What would you like to ask ${first}?`} rows={3} value={question} onInput={setQuestion} error={errorFor(errors, 'question')} />
          )}
          <Button type="submit" busy={busy}>
            Send decision
          </Button>
          {busy && <Loading label="Sending…" delayMs={0} />}
        </form>
      ) : (
        <p>This application has been decided.</p>
      )}
      <p>
        <a href={applicationsOf(a)}>Back to applications</a>
      </p>
    </Page>
  );
}

/** A volunteer gave a different date of birth: a coordinator confirms it (having seen proof) or keeps the one held. */
function BirthDateCorrection({ ids, name, onDone }: { ids: Ids; name: string; onDone: () => void }) {
  const [decision, setDecision] = useState<'confirm' | 'keep' | ''>('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);

  async function save(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!decision) {
      setErrors([{ field: 'birthDecision', message: 'Select whether to confirm the new date of birth' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      await callApi('decideDateOfBirth', { params: ids, body: { decision } });
      onDone();
    } catch (err) {
      setErrors(summaryFrom(err));
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={save} class="section-box">
      <h2 class="heading-m">A corrected date of birth</h2>
      <ErrorSummary errors={errors} title="There is a problem with the date of birth" />
      <p>
        {name} gave a different date of birth. Until you confirm it, the one we hold stands, and if either makes them under 18 a parent or guardian's consent is needed. Confirm it only once you have
        seen proof of age.
      </p>
      <Radios
        id="birthDecision"
        label="What do you want to do?"
        options={[
          { value: 'confirm', label: 'Confirm the new date of birth', hint: 'I have seen proof of age' },
          { value: 'keep', label: 'Keep the date of birth we hold' },
        ]}
        value={decision}
        onChange={setDecision}
        error={errorFor(errors, 'birthDecision')}
      />
      <Button type="submit" variant="secondary" busy={busy}>
        Save
      </Button>
    </form>
  );
}

/** Record that a parent or guardian agreed, for an applicant under 18. */
function GuardianConsent({ ids, name, onDone }: { ids: Ids; name: string; onDone: () => void }) {
  const [guardianName, setGuardianName] = useState('');
  const [relationship, setRelationship] = useState('');
  const [givenOn, setGivenOn] = useState(emptyDate);
  const [method, setMethod] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);

  async function save(e: Event) {
    e.preventDefault();
    if (busy) return;
    const problems: SummaryError[] = [];
    if (!guardianName.trim()) problems.push({ field: 'guardianName', message: "Enter the parent or guardian's full name" });
    if (!relationship.trim()) problems.push({ field: 'relationship', message: `Enter how they are related to ${name}` });
    const day = readDate(givenOn, 'the date they gave consent');
    if (day.problem) problems.push({ field: 'givenOn', message: day.problem });
    else if (day.iso! > londonToday()) problems.push({ field: 'givenOn', message: 'The date they gave consent must be today or in the past' });
    if (!method) problems.push({ field: 'method', message: 'Select how they gave consent' });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const body: GuardianConsentInput = { guardianName: guardianName.trim(), relationship: relationship.trim(), givenOn: day.iso!, method: method as GuardianConsentInput['method'] };
      await callApi('recordGuardianConsent', { params: ids, body });
      onDone();
    } catch (err) {
      setErrors(summaryFrom(err));
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={save} class="section-box">
      <h2 class="heading-m">Parent or guardian's consent</h2>
      <ErrorSummary errors={errors} title="There is a problem with the consent" />
      <p>{name} is under 18, so a parent or guardian must agree before you approve them.</p>
      <TextField id="guardianName" label="Parent or guardian's full name" autocomplete="off" value={guardianName} onInput={setGuardianName} error={errorFor(errors, 'guardianName')} />
      <TextField
        id="relationship"
        label={`How are they related to ${name}?`}
        hint="For example, mother, father, foster carer"
        width={20}
        value={relationship}
        onInput={setRelationship}
        error={errorFor(errors, 'relationship')}
      />
      <DateFields id="givenOn" label="When did they give consent?" hint="For example, 27 3 2025" value={givenOn} onInput={setGivenOn} error={errorFor(errors, 'givenOn')} />
      <Radios
        id="method"
        label="How did they give consent?"
        options={[
          { value: 'signed-form', label: 'Signed form' },
          { value: 'email', label: 'Email' },
          { value: 'in-person', label: 'In person' },
          { value: 'phone', label: 'On the phone' },
        ]}
        value={method}
        onChange={setMethod}
        error={errorFor(errors, 'method')}
      />
      <Button type="submit" variant="secondary" busy={busy}>
        Record consent
      </Button>
    </form>
  );
}
