import { paths } from '../../../functions/lib/paths';
import { type Me, me } from '../auth';
import { ButtonLink } from '../components/Button';
import { Loaded, useApi } from '../components/load';
import { Page } from '../components/Page';
import { formatDateTime, formatWhen, londonToday } from '../format';
import { describeCost, Fact, usePriorities } from './directory/shared';
import AdminHome from './home/admin';
import CoordinatorHome from './home/coordinator';
import PartnerHome from './home/partner';

/** Who sees the resident's part of the home page: people not signed in, and residents. */
const isResident = (person: Me | null | undefined) => person === null || !!person?.roles.includes('resident');

/**
 * The front door. Staff (admins, coordinators, partners) get their own dashboard. Everyone else sees what the
 * service is and the next activities coming up; residents (and people not signed in) also see how to ask for
 * support, and signed-in residents their next bookings.
 */
export default function Home() {
  const person = me.value;
  if (person?.roles.includes('admin')) return <AdminHome person={person} />;
  if (person?.roles.includes('coordinator')) return <CoordinatorHome person={person} />;
  if (person?.roles.includes('partner')) return <PartnerHome />;
  return (
    <Page title="Find things to do near you">
      <p class="lead">
        Common Ground lists groups, classes and clubs run by local people, charities, faith groups, the council and the NHS. They can help you meet people, get more active, look after your mental
        health, or get support.
      </p>

      {/* the resident's part */}
      {person && isResident(person) && <YourBookings />}
      {isResident(person) && <ResidentStart />}

      <UpcomingActivities />
    </Page>
  );
}

function ResidentStart() {
  return (
    <>
      <h2 class="heading-l">What you can do here</h2>
      <ul class="list list-bullet">
        <li>find an activity by what matters to you, where it is, which day, what it costs and how accessible it is</li>
        <li>book a place, or join the waiting list when it is full, and cancel if you can no longer go</li>
        <li>ask a link worker for support, or be referred by your GP practice</li>
        <li>volunteer: find a role and sign up for shifts that suit you</li>
      </ul>
      <div class="button-group">
        <ButtonLink href={paths.activities()}>Find activities</ButtonLink>
        <ButtonLink href={paths.askForSupport()} variant="secondary">
          Ask for support
        </ButtonLink>
      </div>
    </>
  );
}

/** A signed-in resident's next few bookings, so the front door answers "when am I going next?". */
function YourBookings() {
  const [load, reload] = useApi('listMyReservations', { query: { limit: 20 } });
  return (
    <section aria-labelledby="your-bookings">
      <h2 class="heading-l" id="your-bookings">
        Your next bookings
      </h2>
      <Loaded load={load} label="Loading your bookings…" retry={reload}>
        {({ items }) => {
          const next = items.filter((r) => r.status !== 'cancelled').slice(0, 3);
          return (
            <>
              {next.length === 0 ? (
                <p>You have nothing booked yet.</p>
              ) : (
                <ul class="list list-bullet">
                  {next.map((r) => (
                    <li key={r.id}>
                      {r.activityTitle}, {formatWhen(r.startsAt, r.endsAt)}
                      {r.status === 'waitlisted' ? `: on the waiting list (number ${r.waitlistPosition ?? '?'})` : r.status === 'offered' ? ': a place is held for you' : ''}
                    </li>
                  ))}
                </ul>
              )}
              <p>
                <a href={paths.myBookings()}>See all your bookings</a>
              </p>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** A London date a week on (calendar arithmetic on a UTC date: no zone rules involved). */
const weekAfter = (localDate: string) => new Date(Date.parse(`${localDate}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);

/** The next activities coming up, soonest first: those meeting in the coming week, by their next session. */
function UpcomingActivities() {
  const today = londonToday();
  const [load, reload] = useApi('listActivities', { query: { from: today, to: weekAfter(today), limit: 50 } });
  const priorities = usePriorities();
  return (
    <>
      <h2 class="heading-l" id="upcoming">
        Upcoming activities
      </h2>
      <section aria-labelledby="upcoming">
        <Loaded load={load} label="Loading upcoming activities…" retry={reload}>
          {({ items }) => {
            const soonest = items
              .filter((a) => a.nextSessionStart)
              .sort((a, b) => a.nextSessionStart!.localeCompare(b.nextSessionStart!))
              .slice(0, 6);
            if (!soonest.length) return <p>There are no upcoming activities listed yet. Check back soon, or ask at your local community hub.</p>;
            return (
              <>
                <ul class="activity-list">
                  {soonest.map((a) => (
                    <li class="activity" key={a.id}>
                      <h3 class="heading-s activity-title">
                        <a href={paths.activity({ id: a.id })}>{a.title}</a>
                      </h3>
                      <p class="activity-summary">{a.summary}</p>
                      <dl class="facts">
                        {(a.placeName ?? a.hubName) && <Fact term="Where">{[a.placeName ?? a.hubName, a.organisationName ? `run by ${a.organisationName}` : ''].filter(Boolean).join(', ')}</Fact>}
                        <Fact term="Next session">
                          <time dateTime={a.nextSessionStart}>{formatDateTime(a.nextSessionStart)}</time>
                        </Fact>
                        <Fact term="Cost">{describeCost(a.cost)}</Fact>
                      </dl>
                      {a.priorities.length > 0 && (
                        <p class="tags">
                          <span class="visually-hidden">Helps with: </span>
                          {a.priorities.map((p) => (
                            <span class="tag" key={p}>
                              {priorities?.find((x) => x.id === p)?.label ?? p}
                            </span>
                          ))}
                        </p>
                      )}
                    </li>
                  ))}
                </ul>
                <p>
                  <a href={paths.activities()}>See all activities</a>
                </p>
              </>
            );
          }}
        </Loaded>
      </section>
    </>
  );
}
