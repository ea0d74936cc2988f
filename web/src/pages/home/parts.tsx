/** Pieces the staff home pages share: a count that links to its list, and a day's sessions with their registers. */
import type { ComponentChildren } from 'preact';
import { paths } from '../../../../functions/lib/paths';
import { type Load, Loaded, useApi } from '../../components/load';
import { formatDay } from '../../format';

/** "3 room requests to approve", a link to the list; the words say 0 too, so nothing is hidden. */
export function CountLink({ load, href, one, many, children }: { load: Load<number>; href: string; one: string; many: string; children?: ComponentChildren }) {
  if (load.state === 'loading') return <li class="count-link">Counting {many}…</li>;
  if (load.state === 'failed')
    return (
      <li class="count-link">
        We could not count {many} just now: <a href={href}>see the list</a>
      </li>
    );
  const n = load.data;
  return (
    <li class={`count-link${n > 0 ? ' count-link-due' : ''}`}>
      <a href={href}>
        <span class="count-link-number">{n}</span> {n === 1 ? one : many}
      </a>
      {children}
    </li>
  );
}

/** A list answer's length (every page), for counts. */
export const countOf = <T,>(load: Load<{ items: T[] }>, keep: (item: T) => boolean = () => true): Load<number> =>
  load.state === 'ready' ? { state: 'ready', data: load.data.items.filter(keep).length } : load;

/** The sessions on one day at the person's hubs (or organisation), with places, waiting lists and each register. */
export function DaySessions({ date, heading }: { date: string; heading: string }) {
  const [load, reload] = useApi('listRegisters', { query: { date } });
  const id = `sessions-${date}`;
  return (
    <section aria-labelledby={id}>
      <h2 class="heading-m" id={id}>
        {heading}: {formatDay(date)}
      </h2>
      <Loaded load={load} label="Loading the sessions…" retry={reload}>
        {(data) =>
          data.items.length === 0 ? (
            <p>No sessions.</p>
          ) : (
            <ul class="booking-list">
              {data.items.map((s) => (
                <li class="booking" key={s.sessionId}>
                  <h3 class="heading-s">
                    {s.localStartTime} to {s.localEndTime}: {s.activityTitle}
                  </h3>
                  {s.status === 'cancelled' ? (
                    <p>
                      <strong>Cancelled</strong>
                    </p>
                  ) : (
                    <p>
                      {s.booked} of {s.capacity} places booked{s.waiting > 0 ? `, ${s.waiting} on the waiting list` : ''}
                      {s.location ? `. ${s.location}` : ''}
                    </p>
                  )}
                  <p>
                    <a href={paths.register({ sessionId: s.sessionId })}>
                      Register
                      <span class="visually-hidden">
                        {' '}
                        for {s.activityTitle}, {formatDay(date)} at {s.localStartTime}
                      </span>
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

export { addDays } from '../../format';
