import { paths } from '../../../../functions/lib/paths';
import type { RoomBookingSummary } from '../../../../functions/rooms/schema';
import { Loaded, useApi } from '../../components/load';
import { Tag } from '../../components/SummaryList';
import { timeWords } from '../../components/times';
import { formatDay } from '../../format';

export const bookingStatus = {
  pending: <Tag tone="yellow">Waiting for the hub</Tag>,
  confirmed: <Tag tone="green">Confirmed</Tag>,
  declined: <Tag tone="red">Declined</Tag>,
  cancelled: <Tag tone="grey">Cancelled</Tag>,
} as const;

/** "Monday 8 December, 10am to midday, then 5 more dates" */
export function whenBooked(b: Pick<RoomBookingSummary, 'firstStartLocal' | 'lastEnd' | 'occurrenceCount' | 'firstStart'>, endLocal?: string): string {
  const first = `${formatDay(b.firstStartLocal.slice(0, 10))}, ${timeWords(b.firstStartLocal.slice(11, 16))}${endLocal ? ` to ${timeWords(endLocal)}` : ''}`;
  return b.occurrenceCount > 1 ? `${first}, then ${b.occurrenceCount - 1} more ${b.occurrenceCount === 2 ? 'date' : 'dates'}` : first;
}

/** The signed-in person's room requests with their status, newest first (a short list for a home page). */
export function YourRoomRequests({ limit = 5 }: { limit?: number }) {
  const [list, reload] = useApi('listRoomBookings', { query: { mine: 'true' } });
  return (
    <Loaded load={list} label="Loading your room requests…" retry={reload}>
      {({ items }) => {
        const upcoming = items.filter((b) => b.lastEnd > new Date().toISOString()).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        if (!upcoming.length) return <p>You have no room requests coming up.</p>;
        return (
          <>
            <ul class="activity-list">
              {upcoming.slice(0, limit).map((b) => (
                <li class="activity" key={b.bookingId}>
                  <h3 class="heading-s activity-title">
                    {b.purpose} {bookingStatus[b.status]}
                  </h3>
                  <p>
                    {b.roomName}: {whenBooked(b)}
                  </p>
                  {b.declineReason && <p>Reason: {b.declineReason}</p>}
                </li>
              ))}
            </ul>
            <p>
              <a href={paths.roomBookings()}>All your room bookings</a>
            </p>
          </>
        );
      }}
    </Loaded>
  );
}
