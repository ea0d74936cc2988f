import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { RoomBookingSummary } from '../../../../functions/rooms/schema';
import { ApiError, callApi } from '../../api';
import { Button } from '../../components/Button';
import { TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { whenBooked } from '../home/room-requests';

/** A hub's room requests waiting for a coordinator: approve, or decline with a reason. */
export default function RoomRequests({ params }: PageProps) {
  const hubId = params.hubId ?? '';
  const [load, reload] = useApi('listRoomBookings', { query: { hubId } });
  const [decided, setDecided] = useState<string[]>([]);
  const [done, setDone] = useState<string | undefined>();

  return (
    <Page title="Room requests">
      <p>
        <a href={paths.hubRoomsWeek({ hubId })}>See the rooms this week</a>
      </p>
      {done && <Notice tone="success">{done}</Notice>}
      <Loaded load={load} label="Loading the requests…" retry={reload}>
        {(data) => {
          const items = data.items.filter((b) => !decided.includes(b.bookingId));
          return (
            <>
              {items.length === 0 && <p>No requests are waiting. You are all caught up.</p>}
              {items.map((b) => (
                <Request
                  key={b.bookingId}
                  booking={b}
                  onDecided={(message) => {
                    setDone(message);
                    setDecided((now) => [...now, b.bookingId]);
                  }}
                />
              ))}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

function Request({ booking: b, onDecided }: { booking: RoomBookingSummary; onDecided: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [reasonError, setReasonError] = useState<string | undefined>();
  const reasonId = `reason-${b.bookingId}`;

  async function decide(action: 'approve' | 'decline') {
    if (busy) return;
    if (action === 'decline' && !reason.trim()) return setReasonError('Say why you are declining, so the requester knows');
    setBusy(true);
    setProblem(undefined);
    setReasonError(undefined);
    try {
      const params = { bookingId: b.bookingId };
      await (action === 'approve' ? callApi('approveRoomBooking', { params }) : callApi('declineRoomBooking', { params, body: { reason: reason.trim() } }));
      onDecided(action === 'approve' ? `You approved “${b.purpose}” in ${b.roomName}. We have told the requester.` : `You declined “${b.purpose}”. We have told the requester why.`);
    } catch (err) {
      setBusy(false);
      setProblem(err instanceof ApiError ? err.detail : 'Something went wrong. Try again.');
    }
  }

  return (
    <section class="activity" aria-labelledby={`req-${b.bookingId}`}>
      <h2 class="heading-m" id={`req-${b.bookingId}`}>
        {b.purpose}
      </h2>
      {problem && (
        <div role="alert">
          <Notice tone="warning" title="This request could not be decided">
            {problem}
          </Notice>
        </div>
      )}
      <dl class="facts">
        <dt>Room</dt>
        <dd>{b.roomName}</dd>
        <dt>When</dt>
        <dd>
          {whenBooked(b)}
          {b.repeat ? `, ${repeatWords(b.repeat.rrule)}` : ''}
        </dd>
        <dt>Expected</dt>
        <dd>{b.expectedAttendance} people</dd>
        <dt>For</dt>
        <dd>
          {b.organisationName ?? b.groupName ?? 'the hub'}
          {b.private ? ' (private booking)' : ''}
        </dd>
        {b.requesterName && (
          <>
            <dt>Asked by</dt>
            <dd>{b.requesterName}</dd>
          </>
        )}
      </dl>
      <Button busy={busy} onClick={() => decide('approve')}>
        Approve
      </Button>{' '}
      {!declining && (
        <Button variant="secondary" onClick={() => setDeclining(true)}>
          Decline…
        </Button>
      )}
      {declining && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            decide('decline');
          }}
        >
          <TextField id={reasonId} label="Why are you declining?" value={reason} onInput={setReason} error={reasonError} />
          <Button type="submit" variant="warning" busy={busy}>
            Decline request
          </Button>
        </form>
      )}
      {busy && <Loading label="Saving…" />}
    </section>
  );
}

/** "every week", "every two weeks": the repeat in words (the rule itself is never shown) */
function repeatWords(rrule: string): string {
  const interval = Number(/INTERVAL=(\d+)/.exec(rrule)?.[1] ?? 1);
  const unit = /FREQ=MONTHLY/.test(rrule) ? 'month' : /FREQ=DAILY/.test(rrule) ? 'day' : 'week';
  return interval === 1 ? `every ${unit}` : interval === 2 ? `every two ${unit}s` : `every ${interval} ${unit}s`;
}
