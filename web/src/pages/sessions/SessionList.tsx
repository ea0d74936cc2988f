import { useState } from 'preact/hooks';
import { api, ApiError, newIdempotencyKey } from '../../api';
import { signedIn } from '../../auth';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { formatDate } from '../../format';
import type { ReserveResult } from '../../../../functions/reservations/schema';
import type { SessionView } from '../../../../functions/sessions/schema';
import { useApi } from './useApi';

/**
 * An activity's coming sessions with places left, and one-tap booking with a clear answer. The directory's
 * activity page embeds this: <SessionList activityId={id} />.
 */
export function SessionList({ activityId }: { activityId: string }) {
  const { data, error, loading, reload } = useApi<{ items: SessionView[] }>(`/activity-sessions/${activityId}`);
  if (loading && !data) return <Loading label="Loading dates…" />;
  if (error) return <Notice tone="warning" title="We could not load the dates">{error.detail}</Notice>;
  if (!data?.items.length) return <p>No dates are planned in the next eight weeks.</p>;
  return (
    <ul class="session-list">
      {data.items.map((s) => (
        <SessionRow key={s.id} session={s} onBooked={reload} />
      ))}
    </ul>
  );
}

function placesText(s: SessionView): string {
  if (s.bookingMode === 'drop-in') return 'Drop in: no need to book';
  if (s.placesLeft === 0) return s.waitlisted ? `Full: ${s.waitlisted} waiting` : 'Full';
  return `${s.placesLeft} ${s.placesLeft === 1 ? 'place' : 'places'} left of ${s.capacity}`;
}

function SessionRow({ session: s, onBooked }: { session: SessionView; onBooked: () => void }) {
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<ReserveResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [key] = useState(newIdempotencyKey);
  const when = `${formatDate(new Date(s.startsAt))}, ${s.localStartTime} to ${s.localEndTime}`;
  const book = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setAnswer(await api<ReserveResult>(`/session-reservations/${s.id}`, { body: {}, idempotencyKey: key }));
      onBooked();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="session">
      <h3 class="heading-s">{when}</h3>
      {s.room && <p>Room: {s.room}</p>}
      <p>{placesText(s)}</p>
      <div aria-live="polite">
        {answer?.status === 'confirmed' && <Notice tone="success" title="You are booked">Your place is confirmed. We have sent you the details.</Notice>}
        {answer?.status === 'waitlisted' && (
          <Notice title="You are on the waiting list">You are number {answer.waitlistPosition} on the waiting list. We will tell you if a place comes free.</Notice>
        )}
        {problem && <Notice tone="warning" title="Not booked">{problem}</Notice>}
      </div>
      {!answer && s.bookingMode === 'reserve' && signedIn.value && (
        <Button busy={busy} onClick={book} aria-label={`${s.placesLeft ? 'Book a place' : 'Join the waiting list'} for ${when}`}>
          {busy ? 'Booking…' : s.placesLeft ? 'Book a place' : 'Join the waiting list'}
        </Button>
      )}
      {!signedIn.value && s.bookingMode === 'reserve' && (
        <p>
          <a href="/sign-in">Sign in to book</a>
        </p>
      )}
    </li>
  );
}
