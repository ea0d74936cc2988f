/**
 * Booking from an activity's page: what each date's state is and the one thing to do about it, and the short
 * form that asks only what the activity needs (a companion place where it has them, its own questions), says
 * how paying works, and books a place, a waiting place or the whole course.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActivityView, BookingQuestion, Cost } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import type { ReservationView } from '../../../../functions/reservations/schema';
import type { SessionView } from '../../../../functions/sessions/schema';
import { callApi, newIdempotencyKey } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, TextField } from '../../components/fields';
import { formatDate, formatDateTime, formatWhen } from '../../format';
import { pounds } from '../directory/shared';

/** What a date is now, for this person, and so what they can do. */
export type DateState =
  | { kind: 'cancelled' }
  | { kind: 'drop-in' }
  | { kind: 'referral-only' }
  | { kind: 'mine'; reservation: ReservationView }
  | { kind: 'not-open'; opensAt: string }
  | { kind: 'closed' }
  | { kind: 'book'; placesLeft: number }
  | { kind: 'waitlist'; position: number };

export function dateState(s: SessionView, mode: string, mine: ReservationView | undefined, now = new Date().toISOString()): DateState {
  if (s.status === 'cancelled') return { kind: 'cancelled' };
  if (mode === 'drop-in') return { kind: 'drop-in' };
  if (mine && mine.status !== 'cancelled') return { kind: 'mine', reservation: mine };
  if (mode === 'referral-only') return { kind: 'referral-only' };
  if (now < s.opensAt) return { kind: 'not-open', opensAt: s.opensAt };
  if (now >= s.closesAt) return { kind: 'closed' };
  // places go to the waiting list first while anyone is waiting
  if (s.placesLeft > 0 && s.waitlisted === 0) return { kind: 'book', placesLeft: s.placesLeft };
  return { kind: 'waitlist', position: s.waitlisted + 1 };
}

/** The words for a date's state (the action, if any, is a button or link beside them). */
export function stateWords(state: DateState): string {
  switch (state.kind) {
    case 'cancelled':
      return 'Cancelled.';
    case 'drop-in':
      return 'Drop in, no booking needed.';
    case 'referral-only':
      return 'By referral only: ask your GP practice or a link worker.';
    case 'mine': {
      const r = state.reservation;
      if (r.status === 'waitlisted') return `You’re on the waiting list: number ${r.waitlistPosition ?? '?'}.`;
      if (r.status === 'offered') return `A place is held for you until ${formatDateTime(r.offerExpiresAt) ?? 'soon'}.`;
      return `You’re booked${r.companion ? ' (you and a companion)' : ''}.`;
    }
    case 'not-open':
      return `Booking opens on ${formatDate(new Date(state.opensAt))}.`;
    case 'closed':
      return 'Booking has closed.';
    case 'book':
      return `${state.placesLeft} ${state.placesLeft === 1 ? 'place' : 'places'} left.`;
    case 'waitlist':
      return `Full. You would be number ${state.position} on the waiting list.`;
  }
}

/** How paying works, in plain words ("£2.50 per session. How to pay: on the day, cash or card."). */
export function paymentWords(cost: Cost): string {
  if (cost.kind === 'free') return 'It is free.';
  const how = cost.howToPay ? ` How to pay: ${cost.howToPay}.` : ' You pay at the session.';
  const price = cost.kind === 'amount' ? `${pounds(cost.pence)}${cost.per ? ` per ${cost.per}` : ''}.` : `Pay what you can${cost.suggestedPence ? ` (about ${pounds(cost.suggestedPence)})` : ''}.`;
  return `${price}${how} You do not pay anything now.`;
}

type Target = { kind: 'date'; session: SessionView; waitlist: boolean } | { kind: 'course'; sessions: SessionView[] };

const questionsOf = (a: ActivityView): BookingQuestion[] => a.booking.questions ?? [];

/**
 * The booking form for one date, or for the whole course. Asks only what the activity needs; everything
 * else (name, contact details) the platform already has.
 */
export function BookingForm({ activity, target, onBooked, onClose }: { activity: ActivityView; target: Target; onBooked: (message: string) => void; onClose: () => void }) {
  const questions = questionsOf(activity);
  const [companion, setCompanion] = useState<string[]>([]);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const answerList = questions.map((q) => ({ questionId: q.id, answer: (answers[q.id] ?? '').trim() })).filter((a) => a.answer);
  const what = target.kind === 'course' ? 'Book the whole course' : target.waitlist ? 'Join the waiting list' : 'Book a place';

  async function submit(event: Event) {
    event.preventDefault();
    const missing = questions.filter((q) => q.required && !(answers[q.id] ?? '').trim()).map((q) => ({ field: `answers-${q.id}`, message: `Answer “${q.label}”` }));
    setErrors(missing);
    if (missing.length) return;
    setBusy(true);
    try {
      if (target.kind === 'course') {
        const result = await callApi('reserveCourse', {
          params: { activityId: activity.id },
          body: { mode: 'all-or-nothing', companion: companion.length > 0, answers: answerList },
          idempotencyKey: key,
        });
        onBooked(`You’re booked on all ${result.reserved.length} sessions of ${activity.title}. We have emailed you the dates and your check-in passes.`);
      } else {
        const result = await callApi('reserveSeat', { params: { sessionId: target.session.id }, body: { companion: companion.length > 0, answers: answerList }, idempotencyKey: key });
        const when = formatWhen(target.session.startsAt, target.session.endsAt);
        onBooked(
          result.status === 'confirmed'
            ? `You’re booked for ${activity.title} on ${when}. We have emailed you the details and your check-in pass.`
            : `You’re on the waiting list for ${when}: number ${result.waitlistPosition}. We will tell you straight away if a place comes free.`,
        );
      }
    } catch (err) {
      setErrors(summaryFrom(err));
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const id = target.kind === 'course' ? 'course' : target.session.id;
  return (
    <form class="section-box" onSubmit={submit} noValidate aria-labelledby={`book-${id}`}>
      <h3 class="heading-s" id={`book-${id}`} tabIndex={-1} ref={heading}>
        {what}
        {target.kind === 'date' && <span class="visually-hidden">: {formatWhen(target.session.startsAt, target.session.endsAt)}</span>}
      </h3>
      <ErrorSummary errors={errors} />
      {target.kind === 'course' && (
        <p>
          One place on each of the {target.sessions.length} dates, from {formatDate(new Date(target.sessions[0]!.startsAt))} to {formatDate(new Date(target.sessions.at(-1)!.startsAt))}.
        </p>
      )}
      <p>{paymentWords(activity.cost)}</p>
      {activity.booking.companionPlaces !== false && (
        <Checkboxes
          id="companion"
          label="Is someone coming with you?"
          values={companion}
          onChange={setCompanion}
          error={errorFor('companion')}
          options={[{ value: 'yes', label: 'Yes, a companion or carer is coming with me', hint: 'They take a second place.' }]}
        />
      )}
      {questions.map((q) => (
        <TextField
          key={q.id}
          id={`answers-${q.id}`}
          label={q.required ? q.label : `${q.label} (optional)`}
          hint={q.hint}
          value={answers[q.id] ?? ''}
          onInput={(v) => setAnswers({ ...answers, [q.id]: v })}
          error={errorFor(`answers-${q.id}`)}
        />
      ))}
      <div class="button-group">
        <Button type="submit" busy={busy}>
          {busy ? 'Booking…' : target.kind === 'course' ? 'Confirm: book the whole course' : target.waitlist ? 'Confirm: join the waiting list' : 'Confirm booking'}
        </Button>
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** Where to go after booking, or to see a booking. */
export const myBookingsLink = paths.myBookings();
