import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { Application, ApplyInput } from '../../../../functions/volunteers/schema';
import { callApi } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, DateFields, emptyDate, readDate, TextArea } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { LoadFailed, SignInFirst, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { dayOptions, formatDay, londonToday } from '../../format';
import type { PageProps } from '../../routes';
import { statusText } from './status';

function ageOn(dateOfBirth: string, day: string): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = day.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
}

/** A signed-in person applies for a role: when they are free, why, and their date of birth. */
export default function Apply({ params }: PageProps) {
  const roleId = params.roleId ?? '';
  const [role, retry] = useApi('getRole', { params: { roleId } });
  // the date of birth is asked once: after that it is on the volunteer's profile
  const [mine] = useApi('getMyVolunteering', me.value ? {} : null);
  const [correcting, setCorrecting] = useState(false);
  const [availability, setAvailability] = useState('');
  const [days, setDays] = useState<string[]>([]);
  const [statement, setStatement] = useState('');
  const [dob, setDob] = useState(emptyDate);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Application | null>(null);

  const title = role.state === 'ready' ? `Apply to be a ${role.data.title.toLowerCase()}` : 'Apply for a volunteer role';
  if (me.value === null) {
    return (
      <Page title={title}>
        <SignInFirst what="apply for a volunteer role" />
      </Page>
    );
  }
  if (role.state !== 'ready' || me.value === undefined || mine.state === 'loading') {
    return <Page title={title}>{role.state === 'failed' ? <LoadFailed error={role.error} retry={retry} /> : <Loading label="Loading the role…" />}</Page>;
  }
  const r = role.data;
  const held = mine.state === 'ready' ? mine.data?.dateOfBirth : undefined;
  const askDate = !held || correcting;

  if (done) {
    return (
      <Page title="Application sent">
        <div class="panel">
          <p class="panel-body">You applied to be a {r.title.toLowerCase()}</p>
        </div>
        <h2 class="heading-m">What happens next</h2>
        <p>{statusText(done)}</p>
        {r.requirements.dbs !== 'none' && <p>If you are approved, the coordinator will arrange your {r.requirements.dbs} DBS check with you. You do not need to do anything about it yet.</p>}
        <p>We have sent the coordinator your application. You can see its status on your volunteering page.</p>
        <p>
          <a href={paths.volunteering()}>Go to your volunteering</a>
        </p>
      </Page>
    );
  }

  const birth = readDate(dob, 'your date of birth');
  const under18 = !!birth.iso && ageOn(birth.iso, londonToday()) < 18 && ageOn(birth.iso, londonToday()) >= 16;

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const problems: SummaryError[] = [];
    if (!availability.trim()) problems.push({ field: 'availability', message: 'Enter when you are free to help' });
    if (!statement.trim()) problems.push({ field: 'statement', message: 'Tell us why you would like to do this role' });
    if (statement.trim().length > 1500) problems.push({ field: 'statement', message: 'Why you would like to help must be 1,500 characters or fewer' });
    if (askDate && birth.problem) problems.push({ field: 'dateOfBirth', message: birth.problem });
    else if (askDate && birth.iso! >= londonToday()) problems.push({ field: 'dateOfBirth', message: 'Your date of birth must be in the past' });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const body: ApplyInput = { availability: availability.trim(), statement: statement.trim(), ...(askDate ? { dateOfBirth: birth.iso! } : {}), days: days as ApplyInput['days'] };
      setDone(await callApi('applyForRole', { params: { roleId }, body }));
    } catch (err) {
      setErrors(
        summaryFrom(err, { availability: 'Enter when you are free to help, in 500 characters or fewer', statement: 'Tell us why you would like to do this role, in 1,500 characters or fewer' }),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={title} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <p>
        The coordinator for this role will read your answers. Nobody else can see them. <a href={paths.volunteerRole({ roleId })}>Read about the role again</a>.
      </p>
      <form noValidate onSubmit={submit}>
        <TextArea
          id="availability"
          label="When are you free to help?"
          hint="For example, weekday mornings, or every other Saturday"
          rows={2}
          value={availability}
          onInput={setAvailability}
          error={errorFor(errors, 'availability')}
        />
        <Checkboxes id="days" label="Which days could you usually do?" hint="Select all that apply" options={dayOptions} values={days} onChange={setDays} error={errorFor(errors, 'days')} />
        <TextArea
          id="statement"
          label="Why would you like to do this role?"
          hint="A few sentences is enough: anything that helps, like what you enjoy or things you have done before. It does not have to be paid work."
          value={statement}
          onInput={setStatement}
          error={errorFor(errors, 'statement')}
        />
        {held && (
          <p>
            Your date of birth: {formatDay(held)}.{' '}
            {!correcting && (
              <button type="button" class="link-button" onClick={() => setCorrecting(true)}>
                This is wrong
              </button>
            )}
          </p>
        )}
        {askDate && (
          <DateFields
            id="dateOfBirth"
            label={held ? 'What is your correct date of birth?' : 'What is your date of birth?'}
            hint={held ? 'A coordinator confirms a correction with you before it counts.' : `For example, 27 3 1980. This role is for people aged ${r.minimumAge} and over.`}
            value={dob}
            onInput={setDob}
            error={errorFor(errors, 'dateOfBirth')}
            birthday
          />
        )}
        {under18 && (
          <Notice title="A parent or guardian needs to agree">
            <p>Because you are under 18, we need consent from your parent or guardian before you start. You can still apply now: the coordinator will contact you and them about it.</p>
          </Notice>
        )}
        <Button type="submit" busy={busy}>
          Send application
        </Button>
        {busy && <Loading label="Sending your application…" delayMs={0} />}
      </form>
    </Page>
  );
}
