import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import {
  contactAttemptMethods,
  contactAttemptOutcomes,
  contactAttemptWords,
  type Ons4,
  ons4Questions,
  outcomes,
  type ReferralStatus,
  type ReferralView,
  type SharingScope,
  sharingLabels,
  statusLabels,
} from '../../../../functions/referrals/schema';
import { channelLabels, communicationNeedLabels } from '../../../../functions/reminders/schema';
import type { SessionView } from '../../../../functions/sessions/schema';
import { callApi, type InputOf } from '../../api';
import { hasRole } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, DateFields, type DateParts, emptyDate, Radios, readDate, Select, TextArea, TextField } from '../../components/fields';
import { Loaded, useApi, useLoad } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { SummaryList } from '../../components/SummaryList';
import { formatDateOf, formatDateTime, formatDay, formatWhen, londonToday } from '../../format';
import type { PageProps } from '../../routes';
import { CommunicationForm } from '../reminders/contact';
import { dateState } from '../sessions/booking';
import { CaseTags, labelOf, sourceLabels, usePriorities } from './parts';

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
const methodWords: Record<string, string> = { phone: 'phone', text: 'text message', email: 'email', letter: 'letter', 'in-person': 'in person' };

function eventText(e: ReferralView['timeline'][number]): string {
  switch (e.kind) {
    case 'status':
      return `Status: ${statusLabels[e.status as ReferralStatus] ?? e.status}`;
    case 'received':
      return 'Referral received';
    case 'assigned':
      return 'Taken on by a link worker';
    case 'note':
      return 'Note added';
    case 'booking':
      return 'Place booked';
    case 'contact':
      return `Contact attempt: ${e.detail ?? ''}`;
    default:
      return e.detail ? e.detail.charAt(0).toUpperCase() + e.detail.slice(1) : e.kind;
  }
}

const finished = (r: ReferralView) => r.status === 'closed' || r.status === 'declined';

/**
 * One referral, for the link worker holding it: who and why, how to reach them and what they agreed to share;
 * what matters to them (with its history), contact attempts and a follow-up date, case notes, the support
 * plan with "Book a place" where a place can be booked, wellbeing, the next step and the timeline.
 */
export default function ReferralPage({ params, pageTitle }: PageProps) {
  const [load, reload] = useApi('getReferral', { params: { id: params.id ?? '' } });
  if (load.state === 'failed' && (load.error.status === 403 || load.error.status === 404)) {
    return (
      <Page title={pageTitle}>
        <p>This referral is not one you can see.</p>
        <p>
          <a href={paths.referrals()}>Back to referrals</a>
        </p>
      </Page>
    );
  }
  return (
    <Loaded load={load} label="Loading the referral…" retry={reload}>
      {(r) => <Referral r={r} reload={reload} />}
    </Loaded>
  );
}

function Referral({ r, reload }: { r: ReferralView; reload: () => Promise<void> }) {
  const priorities = usePriorities();
  const person = r.personal?.person;
  const mine = !!r.personal && hasRole('linkworker');
  const open = !finished(r);
  return (
    <Page title={person?.name ?? `Referral ${r.reference}`} caption={`Referral ${r.reference}`}>
      <p>
        <a href={paths.referrals()}>Back to referrals</a>
      </p>
      <p>
        <CaseTags r={r} />
      </p>
      <SummaryList
        rows={[
          ['Reference', r.reference],
          ['Referred by', `${sourceLabels[r.source] ?? r.source}${r.practiceName ? `: ${r.practiceName}` : ''}`],
          ['Received', formatDateOf(r.createdAt)],
          ['Reasons', r.reasons.map((x) => labelOf(priorities, x)).join(', ') || 'Not given'],
          ['Phone', person?.phone ?? r.personal?.contact?.phone],
          ['Email', person?.email ?? r.personal?.contact?.email],
          ['Date of birth', person?.dateOfBirth ? formatDay(person.dateOfBirth) : undefined],
          [
            'Contact by',
            r.personal
              ? `${r.personal.contactPreferences.methods.map((m) => methodWords[m] ?? m).join(', ')}${r.personal.contactPreferences.bestTimes ? ` (${r.personal.contactPreferences.bestTimes})` : ''}${r.personal.contactPreferences.notes ? `. ${r.personal.contactPreferences.notes}` : ''}`
              : undefined,
          ],
          ['Follow up on', r.followUpOn ? formatDay(r.followUpOn) : undefined],
          ['Communication needs', person?.communication?.needs.length ? person.communication.needs.map((n) => communicationNeedLabels[n]).join(', ') : undefined],
          ['Hears from us by', person?.communication?.recorded ? channelLabels[person.communication.channel] : undefined],
        ]}
      />
      {!r.personal && <Take r={r} onTaken={reload} />}
      {r.personal && <WhatMatters r={r} canChange={mine && open} onSaved={reload} />}
      <Plan r={r} canChange={mine && open} onSaved={reload} />
      {mine && open && <ContactAndFollowUp r={r} onSaved={reload} />}
      {r.personal && <Notes r={r} canAdd={mine} onSaved={reload} />}
      {r.personal && <Consent r={r} canChange={mine} onSaved={reload} />}
      {mine && person && <Communication person={person} onSaved={reload} />}
      {(r.ons4Start || r.ons4End) && (
        <>
          <h2 class="heading-l">Wellbeing (ONS4, 0 to 10)</h2>
          <SummaryList rows={ons4Questions.map((q) => [questionText[q], `Start ${r.ons4Start?.[q] ?? 'not recorded'}${r.ons4End ? `, close ${r.ons4End[q]}` : ''}`])} />
        </>
      )}
      {mine && r.next.length > 0 && <NextStep r={r} onSaved={reload} />}
      <h2 class="heading-l" id="timeline">
        Timeline
      </h2>
      <ol class="card-list" aria-labelledby="timeline">
        {r.timeline.map((e, i) => (
          <li class="card" key={i}>
            <strong>{formatDateTime(e.at)}</strong>: {eventText(e)}
          </li>
        ))}
      </ol>
    </Page>
  );
}

/** How the person wants to hear from us and their communication needs, as they told their link worker. */
function Communication({ person, onSaved }: { person: NonNullable<NonNullable<ReferralView['personal']>['person']>; onSaved: () => Promise<void> }) {
  const saved = person.communication ?? { channel: person.phone ? ('text' as const) : ('email' as const), needs: [], recorded: false };
  return (
    <Section id="communication" title="How to contact them, and their needs">
      <CommunicationForm
        saved={saved}
        about="them"
        idPrefix="comms-"
        onSave={async (communication) => {
          await callApi('updatePerson', { params: { id: person.id }, body: { communication } });
          await onSaved();
        }}
      />
    </Section>
  );
}

/** A change to the referral, sent with the version read: its errors, progress and "Saved" message. */
type Change = Omit<InputOf<'updateReferral'>['body'], 'version'>;

/**
 * A change, then the referral read again before the form is done: the next change (a follow-up date set just
 * after logging a call) goes out over the version the last one made, not a version already replaced.
 */
function useChange(r: ReferralView, onSaved: () => Promise<void>) {
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  async function send(body: Change, message: string): Promise<boolean> {
    setBusy(true);
    setDone(null);
    try {
      await callApi('updateReferral', { params: { id: r.id }, body: { version: r.version, ...body } });
      await onSaved();
      setErrors([]);
      setDone(message);
      return true;
    } catch (err) {
      setErrors(summaryFrom(err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { errors, setErrors, busy, done, send };
}

/** "Saved" after a change, taking the focus the button had (the form it was in may have changed). */
function Done({ message }: { message: string | null }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) box.current?.focus();
  }, [message]);
  return (
    <div tabIndex={-1} ref={box}>
      {message && <Notice tone="success">{message}</Notice>}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children?: ComponentChildren }) {
  return (
    <section aria-labelledby={id}>
      <h2 class="heading-l" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Take({ r, onTaken }: { r: ReferralView; onTaken: () => void }) {
  const [problem, setProblem] = useState<SummaryError[]>([]);
  if (!hasRole('linkworker') || r.assignedTo) return <Notice>Only the link worker holding this referral sees what matters to the person and how to contact them.</Notice>;
  return (
    <>
      <ErrorSummary errors={problem} />
      <p>Take this referral onto your caseload to see what matters to the person and how to contact them.</p>
      <Button
        onClick={() =>
          callApi('assignReferral', { params: { id: r.id }, body: {} })
            .then(onTaken)
            .catch((err: unknown) => setProblem(summaryFrom(err)))
        }
      >
        Take this referral
      </Button>
    </>
  );
}

function WhatMatters({ r, canChange, onSaved }: { r: ReferralView; canChange: boolean; onSaved: () => Promise<void> }) {
  const personal = r.personal!;
  const [text, setText] = useState(personal.whatMattersToMe);
  const change = useChange(r, onSaved);
  const first = r.personal?.person?.name?.split(' ')[0] ?? 'them';
  return (
    <Section id="what-matters" title={`What matters to ${first}`}>
      <p class="preserve">{personal.whatMattersToMe}</p>
      {canChange && (
        <details class="details">
          <summary class="details-summary">
            <span class="details-text">Change what matters to {first}</span>
          </summary>
          <form
            class="details-body"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (!text.trim()) return change.setErrors([{ field: 'whatMattersToMe', message: 'Write what matters to them' }]);
              void change.send({ whatMattersToMe: text.trim() }, 'What matters to them is updated. The earlier words are kept below.');
            }}
          >
            <ErrorSummary errors={change.errors} />
            <TextArea id="whatMattersToMe" label="What matters to them, in their words" value={text} onInput={setText} error={errorFor(change.errors, 'whatMattersToMe')} />
            <Button type="submit" busy={change.busy}>
              Save what matters
            </Button>
          </form>
        </details>
      )}
      <Done message={change.done} />
      {personal.whatMattersHistory && personal.whatMattersHistory.length > 0 && (
        <>
          <h3 class="heading-s">Earlier words</h3>
          <ul class="card-list">
            {[...personal.whatMattersHistory].reverse().map((h) => (
              <li class="card" key={h.at}>
                <p class="card-meta">
                  Written by {h.byName ?? 'someone no longer here'}, {formatDateTime(h.at)}
                </p>
                <p class="preserve">{h.text}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function ContactAndFollowUp({ r, onSaved }: { r: ReferralView; onSaved: () => Promise<void> }) {
  const [method, setMethod] = useState<(typeof contactAttemptMethods)[number] | ''>('');
  const [outcome, setOutcome] = useState<(typeof contactAttemptOutcomes)[number] | ''>('');
  const [date, setDate] = useState<DateParts>(emptyDate);
  const attempt = useChange(r, onSaved);
  const followUp = useChange(r, onSaved);
  const attempts = r.timeline.filter((e) => e.kind === 'contact');

  const logAttempt = (e: Event) => {
    e.preventDefault();
    const found: SummaryError[] = [];
    if (!method) found.push({ field: 'contactAttempt-method', message: 'Choose how you tried to contact them' });
    if (!outcome) found.push({ field: 'contactAttempt-outcome', message: 'Choose what happened' });
    if (found.length || !method || !outcome) return attempt.setErrors(found);
    void attempt.send({ contactAttempt: { method, outcome } }, 'Contact attempt logged.').then((ok) => {
      if (ok) {
        setMethod('');
        setOutcome('');
      }
    });
  };
  const setFollowUp = (e: Event) => {
    e.preventDefault();
    const read = readDate(date, 'the follow-up date');
    if (read.problem) return followUp.setErrors([{ field: 'followUpOn', message: read.problem }]);
    if (read.iso! < londonToday()) return followUp.setErrors([{ field: 'followUpOn', message: 'The follow-up date must be today or later' }]);
    void followUp.send({ followUpOn: read.iso }, `Follow-up set for ${formatDay(read.iso!)}. On that day this case is on your “Due today” list.`).then((ok) => ok && setDate(emptyDate));
  };

  return (
    <Section id="contact" title="Contact and follow-up">
      {attempts.length > 0 && (
        <ul class="list list-bullet">
          {attempts.map((a) => (
            <li key={a.at}>
              {formatDateTime(a.at)}: {a.detail}
            </li>
          ))}
        </ul>
      )}
      <form class="section-box" noValidate onSubmit={logAttempt}>
        <h3 class="heading-s">Log a contact attempt</h3>
        <ErrorSummary errors={attempt.errors} />
        <Radios
          id="contactAttempt-method"
          label="How did you try?"
          inline
          value={method}
          onChange={setMethod}
          error={errorFor(attempt.errors, 'contactAttempt-method')}
          options={contactAttemptMethods.map((m) => ({ value: m, label: contactAttemptWords.method[m] }))}
        />
        <Radios
          id="contactAttempt-outcome"
          label="What happened?"
          inline
          value={outcome}
          onChange={setOutcome}
          error={errorFor(attempt.errors, 'contactAttempt-outcome')}
          options={contactAttemptOutcomes.map((o) => ({ value: o, label: contactAttemptWords.outcome[o].charAt(0).toUpperCase() + contactAttemptWords.outcome[o].slice(1) }))}
        />
        <Button type="submit" variant="secondary" busy={attempt.busy}>
          Log the attempt
        </Button>
        <Done message={attempt.done} />
      </form>
      <form class="section-box" noValidate onSubmit={setFollowUp}>
        <h3 class="heading-s">Follow-up</h3>
        <p>{r.followUpOn ? `Follow up on ${formatDay(r.followUpOn)}.` : 'No follow-up date set.'}</p>
        <ErrorSummary errors={followUp.errors} />
        <DateFields
          id="followUpOn"
          label="When to get back to them"
          hint="For example, for “call back Thursday”, Thursday’s date"
          value={date}
          onInput={setDate}
          error={errorFor(followUp.errors, 'followUpOn')}
        />
        <div class="button-group">
          <Button type="submit" variant="secondary" busy={followUp.busy}>
            Set the follow-up date
          </Button>
          {r.followUpOn && (
            <Button variant="secondary" busy={followUp.busy} onClick={() => void followUp.send({ followUpOn: null }, 'Follow-up date cleared.')}>
              Clear the follow-up date
            </Button>
          )}
        </div>
        <Done message={followUp.done} />
      </form>
    </Section>
  );
}

function Notes({ r, canAdd, onSaved }: { r: ReferralView; canAdd: boolean; onSaved: () => Promise<void> }) {
  const notes = r.personal!.notes;
  const [text, setText] = useState('');
  const change = useChange(r, onSaved);
  return (
    <Section id="notes" title="Case notes">
      {notes.length === 0 ? (
        <p>No notes yet.</p>
      ) : (
        <ul class="card-list">
          {notes.map((n, i) => (
            <li class="card" key={i}>
              <p class="card-meta">
                {n.byName ?? 'Someone no longer here'}, {formatDateTime(n.at)}
              </p>
              <p class="preserve">{n.text}</p>
            </li>
          ))}
        </ul>
      )}
      {canAdd && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return change.setErrors([{ field: 'note', message: 'Write the note' }]);
            void change.send({ note: text.trim() }, 'Note added.').then((ok) => ok && setText(''));
          }}
        >
          <ErrorSummary errors={change.errors} />
          <TextArea id="note" label="New note" hint="Only you, and admins who give a reason, can read notes." value={text} onInput={setText} error={errorFor(change.errors, 'note')} rows={3} />
          <Button type="submit" variant="secondary" busy={change.busy}>
            Add the note
          </Button>
          <Done message={change.done} />
        </form>
      )}
    </Section>
  );
}

function Consent({ r, canChange, onSaved }: { r: ReferralView; canChange: boolean; onSaved: () => Promise<void> }) {
  const consent = r.personal!.consent;
  const withdrawn = new Set((consent.withdrawals ?? []).map((w) => w.scope));
  const sharing = consent.sharing.filter((s) => !withdrawn.has(s)) as SharingScope[];
  const [asking, setAsking] = useState<SharingScope | null>(null);
  const change = useChange(r, onSaved);
  const givenBy = consent.givenBy === 'person' ? 'the person' : `${consent.givenByName ?? 'someone'} (${consent.givenBy === 'carer' ? 'their carer' : 'their legal representative'})`;
  return (
    <Section id="consent" title="Consent">
      <p>
        Given by {givenBy} on {formatDateOf(consent.givenAt)}. They agreed to share with {sharing.map((s) => sharingLabels[s] ?? s).join(', ') || 'no one beyond the link worker team'}.
      </p>
      {consent.withdrawals?.map((w) => (
        <p key={`${w.scope}${w.at}`}>
          Withdrawn on {formatDateTime(w.at)}: sharing with {sharingLabels[w.scope as SharingScope] ?? w.scope}.
        </p>
      ))}
      <ErrorSummary errors={change.errors} />
      <Done message={change.done} />
      {canChange &&
        sharing
          .filter((s) => s !== 'link-worker-team')
          .map((scope) =>
            asking === scope ? (
              <div class="section-box" key={scope}>
                <p>
                  <strong>Withdraw consent to share with {sharingLabels[scope]}?</strong> From now on they will not see it. This is recorded.
                </p>
                <div class="button-group">
                  <Button
                    variant="warning"
                    busy={change.busy}
                    onClick={() => void change.send({ withdrawConsent: [scope] }, `Consent to share with ${sharingLabels[scope]} is withdrawn.`).then(() => setAsking(null))}
                  >
                    Yes, withdraw it
                  </Button>
                  <Button variant="secondary" onClick={() => setAsking(null)}>
                    No, keep it
                  </Button>
                </div>
              </div>
            ) : (
              <p key={scope}>
                <Button variant="secondary" onClick={() => setAsking(scope)}>
                  Withdraw consent to share with {sharingLabels[scope]}
                </Button>
              </p>
            ),
          )}
    </Section>
  );
}

/**
 * The support plan: the activities agreed, a place booked where one can be, and choosing the activities. The
 * section is "support-plan", not "plan": the checkboxes' first box has the id "plan" (the error summary links to it).
 */
function Plan({ r, canChange, onSaved }: { r: ReferralView; canChange: boolean; onSaved: () => Promise<void> }) {
  const [choices] = useApi('listActivities', canChange ? { query: { priority: r.reasons.join(',') || undefined, limit: 12 } } : null);
  const planIdsKey = r.plan.map((p) => p.activityId).join(',');
  // activities already in the plan that the reasons' search does not bring back still need their names
  const [planned] = useLoad((signal) => Promise.all(r.plan.map((p) => callApi('getActivity', { params: { id: p.activityId }, signal }))), [canChange ? planIdsKey : null]);
  const [chosen, setChosen] = useState<string[]>(r.plan.map((p) => p.activityId));
  const change = useChange(r, onSaved);
  const planIds = r.plan.map((p) => p.activityId);
  const save = (e: Event) => {
    e.preventDefault();
    if (!chosen.length) return change.setErrors([{ field: 'plan', message: 'Choose at least one activity' }]);
    // agreeing the plan moves a contacted referral on; from further on, the plan just changes
    const moves = r.status === 'contacted' ? ({ status: 'plan-agreed' } as const) : {};
    void change.send({ plan: chosen.map((activityId) => ({ activityId })), ...moves }, 'The plan is saved. Book places below.');
  };
  const found = choices.state === 'ready' ? choices.data.items : [];
  const options = [
    ...(planned.state === 'ready' ? planned.data.filter((a) => !found.some((c) => c.id === a.id)).map((a) => ({ value: a.id, label: a.title })) : []),
    ...found.map((a) => ({ value: a.id, label: a.title, hint: [a.placeName ?? a.hubName, a.bookingMode === 'drop-in' ? 'drop in, no booking' : undefined].filter(Boolean).join(' · ') })),
  ];
  return (
    <Section id="support-plan" title="Support plan">
      {r.plan.length === 0 ? (
        <p>No activities agreed yet.</p>
      ) : (
        <ul class="card-list">
          {r.plan.map((item) => (
            <PlanItem key={item.activityId} r={r} activityId={item.activityId} note={item.note} canBook={canChange} onBooked={onSaved} />
          ))}
        </ul>
      )}
      {r.bookings.length > 0 && (
        <>
          <h3 class="heading-s">Places booked</h3>
          <ul class="list list-bullet">
            {r.bookings.map((b) => (
              <li key={b.sessionId}>
                {b.activityTitle ?? 'A session'}, {b.startsAt ? formatDateTime(b.startsAt) : 'date not known'}:{' '}
                {b.reservationStatus === 'waitlisted' ? 'on the waiting list' : b.reservationStatus === 'confirmed' ? 'booked' : b.reservationStatus}
                {b.attendance ? `, ${b.attendance === 'attended' ? 'went' : b.attendance}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {canChange && r.status !== 'received' && (
        <form class="section-box" noValidate onSubmit={save}>
          <ErrorSummary errors={change.errors} />
          <Checkboxes
            id="plan"
            label="Activities for the plan"
            hint="Chosen together with the person, from activities that match their reasons."
            values={chosen}
            onChange={setChosen}
            error={errorFor(change.errors, 'plan')}
            options={options}
          />
          <Button type="submit" variant={planIds.length ? 'secondary' : 'primary'} busy={change.busy}>
            Save the plan
          </Button>
          <Done message={change.done} />
        </form>
      )}
      {canChange && r.status === 'received' && <p>Contact the person first (move the referral to contacted below), then agree a plan with them.</p>}
    </Section>
  );
}

/** One activity in the plan, and its next dates with "Book a place" only where a place can be booked. */
function PlanItem({ r, activityId, note, canBook, onBooked }: { r: ReferralView; activityId: string; note?: string | undefined; canBook: boolean; onBooked: () => void }) {
  const [activity] = useApi('getActivity', { params: { id: activityId } });
  const [sessions, reloadSessions] = useApi('listSessions', canBook ? { params: { activityId } } : null);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const a = activity.state === 'ready' ? activity.data : undefined;
  const book = async (s: SessionView) => {
    setBusy(true);
    setDone(null);
    try {
      const after = await callApi('bookOnBehalf', { params: { id: r.id }, body: { sessionId: s.id } });
      const booking = after.bookings.find((b) => b.sessionId === s.id);
      setErrors([]);
      setDone(`${booking?.reservationStatus === 'waitlisted' ? 'On the waiting list' : 'Place booked'}: ${a?.title ?? 'the activity'}, ${formatWhen(s.startsAt, s.endsAt)}.`);
      reloadSessions();
      onBooked();
    } catch (err) {
      setErrors(summaryFrom(err));
    } finally {
      setBusy(false);
    }
  };
  const booked = new Set(r.bookings.map((b) => b.sessionId));
  const mode = a?.booking.mode;
  const bookable =
    sessions.state === 'ready' && mode ? sessions.data.items.filter((s) => !booked.has(s.id)).map((s) => ({ s, state: dateState(s, mode === 'referral-only' ? 'reserve' : mode, undefined) })) : [];
  const next = bookable.filter((x) => x.state.kind === 'book' || x.state.kind === 'waitlist').slice(0, 3);
  return (
    <li class="card">
      <h3 class="heading-m card-title">
        <a href={paths.activity({ id: activityId })}>{a?.title ?? 'Activity'}</a>
      </h3>
      {note && <p>{note}</p>}
      <ErrorSummary errors={errors} />
      <Done message={done} />
      {canBook && mode === 'drop-in' && <p>Drop in, no booking needed: tell them when and where it is.</p>}
      {canBook && mode && mode !== 'drop-in' && sessions.state === 'ready' && next.length === 0 && <p>No dates can be booked at the moment.</p>}
      {canBook && mode && mode !== 'drop-in' && next.length > 0 && (
        <ul class="list">
          {next.map(({ s, state }) => (
            <li key={s.id}>
              {formatWhen(s.startsAt, s.endsAt)}:{' '}
              {state.kind === 'book'
                ? `${state.placesLeft} ${state.placesLeft === 1 ? 'place' : 'places'} left`
                : `full (they would be number ${state.kind === 'waitlist' ? state.position : ''} on the waiting list)`}{' '}
              <Button variant="secondary" busy={busy} onClick={() => void book(s)}>
                {state.kind === 'book' ? 'Book a place' : 'Add to the waiting list'}
                <span class="visually-hidden">
                  {' '}
                  at {a?.title}, {formatWhen(s.startsAt, s.endsAt)}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

const emptyScores = { lifeSatisfaction: '', worthwhile: '', happiness: '', anxiety: '' };

/** Moving the referral on: contacted, declined, closed with its outcome, with ONS4 where it belongs. */
function NextStep({ r, onSaved }: { r: ReferralView; onSaved: () => Promise<void> }) {
  const [status, setStatus] = useState<ReferralStatus | ''>('');
  const [outcome, setOutcome] = useState<(typeof outcomes)[number] | ''>('');
  const [declinedReason, setDeclinedReason] = useState('');
  const [scores, setScores] = useState<Record<string, string>>(emptyScores);
  const change = useChange(r, onSaved);
  const wantsOns4 = (status === 'contacted' && !r.ons4Start) || status === 'closed';
  const ons4Field = status === 'closed' ? 'ons4End' : 'ons4Start';
  const next = r.next.filter((s) => s !== 'plan-agreed' || r.plan.length > 0) as ReferralStatus[]; // the schema says only strings

  const submit = (e: Event) => {
    e.preventDefault();
    if (!status) return change.setErrors([{ field: 'status', message: 'Choose where the referral moves to' }]);
    const body: Change = { status };
    if (status === 'closed') body.outcome = outcome || undefined;
    if (status === 'declined') body.declinedReason = declinedReason.trim() || undefined;
    // a question left unanswered is left out, and the API's message for it shows beside its box
    if (wantsOns4 && Object.values(scores).some((v) => v !== '')) body[ons4Field] = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v === '' ? undefined : Number(v)])) as Ons4;
    void change.send(body, `Moved to ${statusLabels[status]}.`).then((ok) => {
      if (ok) {
        setStatus('');
        setScores(emptyScores);
      }
    });
  };

  if (!next.length) return null;
  return (
    <form onSubmit={submit} noValidate>
      <h2 class="heading-l">Next step</h2>
      <ErrorSummary errors={change.errors} />
      <Radios
        id="status"
        label="Move the referral to"
        value={status}
        onChange={setStatus}
        error={errorFor(change.errors, 'status')}
        options={next.map((s) => ({ value: s, label: statusLabels[s] }))}
      />
      {status === 'closed' && (
        <Select
          id="outcome"
          label="Outcome"
          value={outcome}
          onChange={setOutcome}
          error={errorFor(change.errors, 'outcome')}
          options={[{ value: '', label: 'Choose an outcome' }, ...outcomes.map((o) => ({ value: o, label: outcomeLabels[o] }))]}
        />
      )}
      {status === 'declined' && (
        <TextArea id="declinedReason" label="Why was it declined?" value={declinedReason} onInput={setDeclinedReason} error={errorFor(change.errors, 'declinedReason')} rows={3} />
      )}
      {wantsOns4 && (
        <fieldset class="fieldset">
          <legend class="legend">Wellbeing {status === 'closed' ? 'now, at the end' : 'at the start'} (0 is not at all, 10 is completely)</legend>
          {ons4Questions.map((q) => (
            <TextField
              key={q}
              id={`${ons4Field}-${q}`}
              label={questionText[q]}
              inputMode="numeric"
              width={2}
              value={scores[q] ?? ''}
              error={errorFor(change.errors, `${ons4Field}-${q}`)}
              onInput={(v) => setScores({ ...scores, [q]: v })}
            />
          ))}
        </fieldset>
      )}
      <Button type="submit" busy={change.busy}>
        Save
      </Button>
      <Done message={change.done} />
    </form>
  );
}
