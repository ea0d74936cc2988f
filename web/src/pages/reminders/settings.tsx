/** An activity's reminders: when they go, whether they ask people to confirm, and what happens without an answer. */
import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import { noAnswerChoices, noAnswerLabels, type ReminderSettingsView, type ReminderTime } from '../../../../functions/reminders/schema';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, Radios, Select } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';

const keyOf = (t: ReminderTime) => `${t.daysBefore}d${t.hoursBefore}h`;
const words = (t: ReminderTime) =>
  [t.daysBefore ? `${t.daysBefore} ${t.daysBefore === 1 ? 'day' : 'days'}` : '', t.hoursBefore ? `${t.hoursBefore} ${t.hoursBefore === 1 ? 'hour' : 'hours'}` : ''].filter(Boolean).join(' and ') +
  ' before';
const choices: ReminderTime[] = [
  { daysBefore: 14, hoursBefore: 0 },
  { daysBefore: 7, hoursBefore: 0 },
  { daysBefore: 3, hoursBefore: 0 },
  { daysBefore: 2, hoursBefore: 0 },
  { daysBefore: 1, hoursBefore: 0 },
  { daysBefore: 0, hoursBefore: 3 },
];
const replyByChoices = [72, 48, 24, 12];

export default function ReminderSettingsPage({ pageTitle, params }: PageProps) {
  const [load, reload] = useApi('getReminderSettings', { params: { activityId: params.id! } });
  return (
    <Page title={pageTitle}>
      <Loaded load={load} label="Loading the reminders…" retry={reload}>
        {(v) => <SettingsForm saved={v} />}
      </Loaded>
      <p>
        <a href={paths.activity({ id: params.id! })}>Back to the activity</a>
      </p>
    </Page>
  );
}

function SettingsForm({ saved }: { saved: ReminderSettingsView }) {
  const times = [...choices, ...saved.reminders.filter((t) => !choices.some((c) => keyOf(c) === keyOf(t)))];
  const [when, setWhen] = useState<string[]>(saved.reminders.map(keyOf));
  const [confirm, setConfirm] = useState<'yes' | 'no'>(saved.confirm ? 'yes' : 'no');
  const [replyBy, setReplyBy] = useState(String(saved.replyByHoursBefore));
  const [noAnswer, setNoAnswer] = useState(saved.noAnswer);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    if (when.length > 3) return setErrors([{ field: 'reminders', message: 'Choose at most three reminders' }]);
    setBusy(true);
    setErrors([]);
    try {
      await callApi('setReminderSettings', {
        params: { activityId: saved.activityId },
        body: { reminders: times.filter((t) => when.includes(keyOf(t))), confirm: confirm === 'yes', replyByHoursBefore: Number(replyBy), noAnswer },
      });
      setDone(true);
    } catch (err) {
      setErrors(summaryFrom(err).map((x) => (x.field?.startsWith('reminders') ? { ...x, field: 'reminders' } : x)));
    } finally {
      setBusy(false);
    }
  };
  const hours = (h: number) => (h % 24 === 0 ? `${h / 24} ${h === 24 ? 'day' : 'days'} before` : `${h} hours before`);
  return (
    <>
      <ErrorSummary errors={errors} />
      <p class="lead">Reminders for {saved.activityTitle}. They go by text or email, as each person prefers.</p>
      <form onSubmit={save} noValidate>
        <Checkboxes
          id="reminders"
          label="When should reminders go?"
          hint="Choose up to three. With none, nobody is reminded."
          options={times.map((t) => ({ value: keyOf(t), label: words(t) }))}
          values={when}
          onChange={setWhen}
          error={errorFor(errors, 'reminders')}
        />
        <Radios
          id="confirm"
          label="Ask people to confirm they are coming?"
          hint="They reply YES or NO to the text, or press a button from the email. NO frees the place for the next person waiting."
          inline
          options={[
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
          value={confirm}
          onChange={setConfirm}
          error={errorFor(errors, 'confirm')}
        />
        {confirm === 'yes' && (
          <>
            <Select
              id="replyByHoursBefore"
              label="Answers are needed by"
              options={[...new Set([...replyByChoices, saved.replyByHoursBefore])].map((h) => ({ value: String(h), label: hours(h) }))}
              value={replyBy}
              onChange={setReplyBy}
              error={errorFor(errors, 'replyByHoursBefore')}
            />
            <Radios
              id="noAnswer"
              label="If someone has not answered by then"
              options={noAnswerChoices.map((c) => ({ value: c, label: noAnswerLabels[c] }))}
              value={noAnswer}
              onChange={setNoAnswer}
              error={errorFor(errors, 'noAnswer')}
            />
          </>
        )}
        <div aria-live="polite">{done && <Notice tone="success">Saved. Reminders follow these settings from now on.</Notice>}</div>
        <Button type="submit" busy={busy}>
          {busy ? 'Saving…' : 'Save reminders'}
        </Button>
      </form>
    </>
  );
}
