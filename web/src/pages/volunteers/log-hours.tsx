import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../../functions/lib/paths';
import type { Application, LogHoursInput } from '../../../../functions/volunteers/schema';
import { callApi, newIdempotencyKey } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { DateFields, emptyDate, Radios, readDate, TextArea, TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { Loaded, SignInFirst, useLoad } from '../../components/load';
import { flashOn } from '../../components/Notice';
import { Page } from '../../components/Page';
import { londonToday } from '../../format';
import type { PageProps } from '../../routes';
import { hoursText } from './common';

/** A volunteer logs hours they gave outside a shift's register; a coordinator approves them. */
export default function LogHours({ pageTitle }: PageProps) {
  const { route } = useLocation();
  const person = me.value;
  const [roles, retry] = useLoad(async (signal) => (person ? (await callApi('listApplications', { signal })).items.filter((a) => a.status === 'approved') : []), [person?.userId]);
  const [roleId, setRoleId] = useState('');
  const [date, setDate] = useState(emptyDate);
  const [hours, setHours] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  // one key per attempt at this form, so pressing again after a dropped connection logs the hours once
  const [key] = useState(newIdempotencyKey);

  if (person === null) {
    return (
      <Page title={pageTitle}>
        <SignInFirst what="log your hours" />
      </Page>
    );
  }

  async function submit(e: Event, approved: Application[]) {
    e.preventDefault();
    if (busy) return;
    const chosen = approved.length === 1 ? approved[0]!.roleId : roleId;
    const problems: SummaryError[] = [];
    if (!chosen) problems.push({ field: 'roleId', message: 'Select the role you helped in' });
    const day = readDate(date, 'the date you helped');
    if (day.problem) problems.push({ field: 'date', message: day.problem });
    else if (day.iso! > londonToday()) problems.push({ field: 'date', message: 'The date you helped must be today or in the past' });
    const n = Number(hours.trim().replace(/hours?|hrs?/i, ''));
    if (!hours.trim()) problems.push({ field: 'hours', message: 'Enter how many hours you helped for' });
    else if (!Number.isFinite(n) || n < 0.25 || n > 24) problems.push({ field: 'hours', message: 'Hours must be between 0.25 and 24' });
    else if (Math.round(n * 4) !== n * 4) problems.push({ field: 'hours', message: 'Enter hours in quarter hours, like 1.5 or 2.25' });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    try {
      const body: LogHoursInput = { roleId: chosen, date: day.iso!, hours: n, ...(note.trim() ? { note: note.trim() } : {}) };
      await callApi('logVolunteerHours', { body, idempotencyKey: key });
      flashOn(paths.volunteering(), `You logged ${hoursText(n)}. The coordinator will approve them.`);
      route(paths.volunteering());
    } catch (err) {
      setErrors(summaryFrom(err, { date: 'The date you helped must be today or in the past', hours: 'Hours must be between 0.25 and 24, in quarter hours' }));
      setBusy(false);
    }
  }

  return (
    <Page title={pageTitle} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <Loaded load={roles} label="Loading your roles…" retry={retry}>
        {(approved) =>
          approved.length === 0 ? (
            <p>
              You can log hours once you are approved for a role. <a href={paths.volunteering()}>Go back to your volunteering</a>.
            </p>
          ) : (
            <form noValidate onSubmit={(e) => submit(e, approved)}>
              <p>Log time you gave that was not on a shift register, such as a phone call with someone you befriend. The coordinator will check and approve it.</p>
              {approved.length > 1 ? (
                <Radios
                  id="roleId"
                  label="Which role did you help in?"
                  options={approved.map((a) => ({ value: a.roleId, label: a.roleTitle }))}
                  value={roleId}
                  onChange={setRoleId}
                  error={errorFor(errors, 'roleId')}
                />
              ) : (
                <p>Role: {approved[0]!.roleTitle}</p>
              )}
              <DateFields id="date" label="When did you help?" hint="For example, 27 3 2025" value={date} onInput={setDate} error={errorFor(errors, 'date')} />
              <TextField
                id="hours"
                label="How many hours?"
                hint="For example, 1.5 for an hour and a half"
                inputMode="decimal"
                width={5}
                value={hours}
                onInput={setHours}
                error={errorFor(errors, 'hours')}
              />
              <TextArea id="note" label="What did you do? (optional)" rows={3} value={note} onInput={setNote} error={errorFor(errors, 'note')} />
              <Button type="submit" busy={busy}>
                Log hours
              </Button>
              {busy && <Loading label="Logging your hours…" delayMs={0} />}
            </form>
          )
        }
      </Loaded>
    </Page>
  );
}
