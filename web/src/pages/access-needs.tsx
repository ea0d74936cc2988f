/** A resident's access needs, and their consent to share them with the hub of the sessions they book. */
import { useState } from 'preact/hooks';
import { type AccessNeedKind, type AccessNeedsView, accessNeedKinds, accessNeedLabels } from '../../../functions/accounts/schema';
import { paths } from '../../../functions/lib/paths';
import { ApiError, callApi, fieldErrors } from '../api';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { Checkboxes, TextArea } from '../components/fields';
import { Loaded, useApi } from '../components/load';
import { Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { formatDateTime } from '../format';
import type { PageProps } from '../routes';

export default function AccessNeedsPage({ pageTitle }: PageProps) {
  const [load, reload] = useApi('getMyAccessNeeds');
  return (
    <Page title={pageTitle}>
      <Loaded load={load} label="Loading your access needs…" retry={reload}>
        {(v) => <AccessNeedsForm recorded={v} />}
      </Loaded>
      <p>
        <a href={paths.myBookings()}>Back to my bookings</a>
      </p>
    </Page>
  );
}

function AccessNeedsForm({ recorded }: { recorded: AccessNeedsView }) {
  const [saved, setSaved] = useState(recorded);
  const [needs, setNeeds] = useState<string[]>(recorded.needs);
  const [notes, setNotes] = useState(recorded.notes ?? '');
  const [share, setShare] = useState<string[]>(recorded.shareWithHub ? ['yes'] : []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const show = (v: AccessNeedsView) => {
    setSaved(v);
    setNeeds(v.needs);
    setNotes(v.notes ?? '');
    setShare(v.shareWithHub ? ['yes'] : []);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setDone(false);
    setErrors({});
    try {
      show(await callApi('setMyAccessNeeds', { body: { needs: needs as AccessNeedKind[], ...(notes.trim() ? { notes } : {}), shareWithHub: share.includes('yes') } }));
      setDone(true);
    } catch (err) {
      const found = fieldErrors(err);
      setErrors(found);
      if (!Object.keys(found).length) setProblem(err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  const summary = Object.entries(errors).map(([field, message]) => ({ field: field === 'needs-0' ? 'needs' : field, message }));
  return (
    <>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      <p class="lead">Tell the hub what would help you take part, so they can get things ready before you arrive.</p>
      {problem && <Notice tone="warning">{problem}</Notice>}
      <form onSubmit={save} noValidate>
        <Checkboxes
          id="needs"
          label="Which of these apply to you?"
          hint="Tick all that apply."
          options={accessNeedKinds.map((k) => ({ value: k, label: accessNeedLabels[k] }))}
          values={needs}
          onChange={setNeeds}
          error={errors.needs ?? errors['needs-0']}
        />
        <TextArea
          id="notes"
          label="Anything else the hub should know (optional)"
          hint="For example: I need a seat near the door. Up to 500 characters."
          value={notes}
          onInput={setNotes}
          error={errors.notes}
          rows={4}
        />
        <Checkboxes
          id="shareWithHub"
          label="Sharing"
          hint="Only the coordinators of the hub running a session you book will see these, on that session’s register. You can stop sharing at any time."
          options={[{ value: 'yes', label: 'Share my access needs with the hub of the sessions I book' }]}
          values={share}
          onChange={setShare}
          error={errors.shareWithHub}
        />
        {saved.sharedAt && <p>You agreed to share them on {formatDateTime(saved.sharedAt)}.</p>}
        <div aria-live="polite">{done && <Notice tone="success">Saved. {saved.shareWithHub ? 'The hub can see your access needs on the register.' : 'They are not shared with anyone.'}</Notice>}</div>
        <Button type="submit" busy={busy}>
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </form>
    </>
  );
}
