import { useState } from 'preact/hooks';
import { api, ApiError, fieldErrors, fieldId } from '../../api';
import { hasRole } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Checkboxes, Radios, Select, TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';
import { ons4Questions, outcomes, statusLabels, type ReferralStatus, type ReferralView } from '../../../../functions/referrals/schema';
import { labelOf, sourceLabels, TextArea, useApi, usePriorities, type Loaded } from './parts';

const questionText: Record<(typeof ons4Questions)[number], string> = {
  lifeSatisfaction: 'How satisfied are you with your life nowadays?',
  worthwhile: 'To what extent do you feel the things you do in your life are worthwhile?',
  happiness: 'How happy did you feel yesterday?',
  anxiety: 'How anxious did you feel yesterday?',
};
const outcomeLabels: Record<(typeof outcomes)[number], string> = {
  'connected-and-improved': 'Connected, and things are better',
  'connected-no-change': 'Connected, no change yet',
  'did-not-engage': 'Did not take up the activities',
  'moved-away': 'Moved away',
  other: 'Other',
};
const eventText = (e: ReferralView['timeline'][number]) =>
  e.kind === 'status' ? `Status: ${statusLabels[e.status as ReferralStatus] ?? e.status}` : e.kind === 'received' ? 'Referral received' : e.kind === 'assigned' ? 'Taken on by a link worker' : e.kind === 'note' ? 'Note added' : e.kind === 'booking' ? 'Place booked' : (e.detail ?? e.kind);

interface ActivityInfo {
  id: string;
  title: string;
  upcoming: { sessionId: string; startsAt: string; availability?: string }[];
}

/** One referral: who and why, the timeline from referral to attendance, the plan, bookings and the next step. */
export default function ReferralPage({ params, pageTitle }: PageProps) {
  const [reload, setReload] = useState(0);
  const loaded = useApi<ReferralView>(`/referrals/${params.id}`, reload);
  const priorities = usePriorities();
  if (loaded.state === 'loading') return <Page title={pageTitle}><Loading label="Loading the referral…" /></Page>;
  if (loaded.state === 'failed') {
    return (
      <Page title={pageTitle}>
        <p>{loaded.status === 404 || loaded.status === 403 ? 'This referral is not one you can see.' : loaded.message}</p>
        <p><a href="/referrals">Back to referrals</a></p>
      </Page>
    );
  }
  const r = loaded.value;
  const person = r.personal?.person;
  const mine = !!r.personal && hasRole('linkworker');
  return (
    <Page title={person?.name ?? `Referral ${r.id.slice(-6)}`} caption={`${statusLabels[r.status as ReferralStatus]} · ${sourceLabels[r.source] ?? r.source}`}>
      <p><a href="/referrals">Back to referrals</a></p>
      <dl class="facts">
        <div class="fact"><dt>Status</dt><dd>{r.statusLabel}{r.overdue && <strong class="tag"> Overdue: not contacted yet</strong>}</dd></div>
        <div class="fact"><dt>Referred by</dt><dd>{sourceLabels[r.source] ?? r.source}{r.practiceName ? `: ${r.practiceName}` : ''}</dd></div>
        <div class="fact"><dt>Reasons</dt><dd>{r.reasons.map((x) => labelOf(priorities, x)).join(', ') || 'Not given'}</dd></div>
        <div class="fact"><dt>SNOMED CT</dt><dd>{r.snomed.map((c) => `${c.code} ${c.display}`).join('; ')}</dd></div>
      </dl>

      {r.personal ? (
        <>
          <h2 class="heading-l">What matters to {person?.name?.split(' ')[0] ?? 'them'}</h2>
          <p>{r.personal.whatMattersToMe}</p>
          <dl class="facts">
            <div class="fact"><dt>Contact by</dt><dd>{r.personal.contactPreferences.methods.join(', ')}{r.personal.contactPreferences.bestTimes ? ` (${r.personal.contactPreferences.bestTimes})` : ''}</dd></div>
            {person?.phone && <div class="fact"><dt>Phone</dt><dd>{person.phone}</dd></div>}
            {person?.email && <div class="fact"><dt>Email</dt><dd>{person.email}</dd></div>}
            <div class="fact"><dt>Consent</dt><dd>Given by the {r.personal.consent.givenBy.replace('-', ' ')} on {formatDateTime(r.personal.consent.givenAt)} to share with: {r.personal.consent.sharing.join(', ')}</dd></div>
          </dl>
        </>
      ) : (
        <Notice>Take this referral onto your caseload to see what matters to the person and how to contact them.</Notice>
      )}

      <h2 class="heading-l" id="timeline">Timeline</h2>
      <ol class="activity-list" aria-labelledby="timeline">
        {r.timeline.map((e, i) => (
          <li class="activity" key={i}>
            <strong>{formatDateTime(e.at)}</strong>: {eventText(e)}
          </li>
        ))}
        {r.bookings.map((b) => (
          <li class="activity" key={b.sessionId}>
            <strong>{formatDateTime(b.startsAt ?? b.bookedAt)}</strong>: {b.activityTitle ?? 'Session'}: place {b.reservationStatus}
            {b.attendance ? `, ${b.attendance}` : ''}
          </li>
        ))}
      </ol>

      {(r.ons4Start || r.ons4End) && (
        <>
          <h2 class="heading-l">Wellbeing (ONS4, 0 to 10)</h2>
          <dl class="facts">
            {ons4Questions.map((q) => (
              <div class="fact" key={q}>
                <dt>{questionText[q]}</dt>
                <dd>Start {r.ons4Start?.[q] ?? '–'}{r.ons4End ? `, close ${r.ons4End[q]}` : ''}</dd>
              </div>
            ))}
          </dl>
        </>
      )}

      <h2 class="heading-l">Support plan</h2>
      {r.plan.length === 0 ? <p>No activities agreed yet.</p> : <PlanBookings referral={r} canBook={mine} onBooked={() => setReload((n) => n + 1)} />}

      {mine && r.next.length > 0 && <NextStep referral={r} onSaved={() => setReload((n) => n + 1)} />}
    </Page>
  );
}

function PlanBookings({ referral, canBook, onBooked }: { referral: ReferralView; canBook: boolean; onBooked: () => void }) {
  return (
    <ul class="activity-list">
      {referral.plan.map((item) => (
        <PlanItem key={item.activityId} referral={referral} activityId={item.activityId} note={item.note} canBook={canBook} onBooked={onBooked} />
      ))}
    </ul>
  );
}

function PlanItem({ referral, activityId, note, canBook, onBooked }: { referral: ReferralView; activityId: string; note?: string | undefined; canBook: boolean; onBooked: () => void }) {
  const activity: Loaded<ActivityInfo> = useApi<ActivityInfo>(`/activities/${activityId}`);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const book = async (sessionId: string) => {
    setBusy(true);
    try {
      await api(`/referrals/${referral.id}/bookings`, { method: 'POST', body: { sessionId } });
      setMessage('Place booked.');
      onBooked();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail : 'We could not book that place.');
    } finally {
      setBusy(false);
    }
  };
  const title = activity.state === 'ready' ? activity.value.title : 'Activity';
  const booked = new Set(referral.bookings.map((b) => b.sessionId));
  const sessions = activity.state === 'ready' ? activity.value.upcoming.filter((s) => !booked.has(s.sessionId)).slice(0, 3) : [];
  return (
    <li class="activity">
      <h3 class="heading-m activity-title"><a href={`/activities/${activityId}`}>{title}</a></h3>
      {note && <p>{note}</p>}
      {message && <p role="status">{message}</p>}
      {canBook && activity.state === 'ready' && sessions.length === 0 && <p>No upcoming sessions to book.</p>}
      {canBook &&
        sessions.map((s) => (
          <Button key={s.sessionId} variant="secondary" busy={busy} onClick={() => book(s.sessionId)}>
            Book a place on {formatDateTime(s.startsAt)}<span class="visually-hidden"> at {title}</span>
          </Button>
        ))}
    </li>
  );
}

const emptyScores = { lifeSatisfaction: '', worthwhile: '', happiness: '', anxiety: '' };

function NextStep({ referral, onSaved }: { referral: ReferralView; onSaved: () => void }) {
  const [status, setStatus] = useState('');
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState('');
  const [declinedReason, setDeclinedReason] = useState('');
  const [planIds, setPlanIds] = useState<string[]>(referral.plan.map((p) => p.activityId));
  const [scores, setScores] = useState<Record<string, string>>(emptyScores);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<{ field?: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const choices = useApi<{ items: { id: string; title: string }[] }>('/activities', 0, { priority: referral.reasons.join(',') || undefined, limit: 12 });
  const wantsOns4 = (status === 'contacted' && !referral.ons4Start) || status === 'closed';
  const ons4Field = status === 'closed' ? 'ons4End' : 'ons4Start';

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    const body: Record<string, unknown> = { version: referral.version };
    if (status) body.status = status;
    if (note.trim()) body.note = note;
    if (status === 'closed') body.outcome = outcome || undefined;
    if (status === 'declined') body.declinedReason = declinedReason || undefined;
    if (status === 'plan-agreed' || planIds.join() !== referral.plan.map((p) => p.activityId).join()) body.plan = planIds.map((activityId) => ({ activityId }));
    if (wantsOns4 && Object.values(scores).some((v) => v !== '')) body[ons4Field] = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v === '' ? undefined : Number(v)]));
    try {
      await api(`/referrals/${referral.id}`, { method: 'PATCH', body });
      setErrors({});
      setSummary([]);
      setNote('');
      setSaved(true);
      onSaved();
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors(fields);
      const list = err instanceof ApiError && err.errors.length ? err.errors.map((x) => ({ field: fieldId(x.field), message: x.message })) : [{ message: err instanceof ApiError ? err.detail : 'We could not save that.' }];
      setSummary(list);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <h2 class="heading-l">Next step</h2>
      {saved && <Notice tone="success">Saved.</Notice>}
      <ErrorSummary errors={summary} />
      <Radios
        id="status"
        label="Move the referral to"
        value={status}
        onChange={setStatus}
        error={errors.status}
        options={[{ value: '', label: 'Keep it where it is' }, ...referral.next.map((s) => ({ value: s, label: statusLabels[s as ReferralStatus] }))]}
      />
      {choices.state === 'ready' && (status === 'plan-agreed' || referral.status === 'contacted') && (
        <Checkboxes
          id="plan"
          label="Activities agreed"
          hint="Chosen together with the person, from activities matching their reasons."
          values={planIds}
          onChange={setPlanIds}
          error={errors.plan}
          options={choices.value.items.map((a) => ({ value: a.id, label: a.title }))}
        />
      )}
      {status === 'closed' && (
        <Select id="outcome" label="Outcome" value={outcome} onChange={setOutcome} error={errors.outcome} options={[{ value: '', label: 'Choose an outcome' }, ...outcomes.map((o) => ({ value: o, label: outcomeLabels[o] }))]} />
      )}
      {status === 'declined' && <TextArea id="declinedReason" label="Why was it declined?" value={declinedReason} onInput={setDeclinedReason} error={errors.declinedReason} rows={3} />}
      {wantsOns4 && (
        <fieldset class="fieldset">
          <legend class="legend">Wellbeing {status === 'closed' ? 'now, at the end' : 'at the start'} (0 is not at all, 10 is completely)</legend>
          {ons4Questions.map((q) => (
            <TextField key={q} id={`${ons4Field}-${q}`} label={questionText[q]} inputMode="numeric" width={2} value={scores[q] ?? ''} error={errors[`${ons4Field}-${q}`]} onInput={(v) => setScores({ ...scores, [q]: v })} />
          ))}
        </fieldset>
      )}
      <TextArea id="note" label="Add a note (optional)" hint="Only you and admins who give a reason can read notes." value={note} onInput={setNote} error={errors.note} rows={3} />
      <Button type="submit" busy={busy}>Save</Button>
    </form>
  );
}
