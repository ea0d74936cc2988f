/**
 * One hub, for its coordinators and admins: its details (address, opening hours, accessibility), its rooms
 * (add, change), who coordinates it (read only: that comes from sign-in groups) and its activities.
 */
import { useState } from 'preact/hooks';
import type { Hub } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { ApiError, callApi } from '../../api';
import { hasRole } from '../../auth';
import { Button, ButtonLink } from '../../components/Button';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { SummaryList, Tag } from '../../components/SummaryList';
import { formatDay } from '../../format';
import type { PageProps } from '../../routes';
import { facilityNames, hoursInWords } from './parts';

const accessWords: [keyof Hub['accessibility'], string][] = [
  ['stepFree', 'Step-free access'],
  ['hearingLoop', 'Hearing loop'],
  ['accessibleToilet', 'Accessible toilet'],
  ['parking', 'Parking'],
  ['publicTransport', 'Near public transport'],
];

export default function HubPage({ params }: PageProps) {
  const hubId = params.hubId ?? '';
  const [hub, reload] = useApi('getHub', { params: { id: hubId } });
  return (
    <Loaded load={hub} label="Loading the hub…" retry={reload}>
      {(h) => <HubDetails hub={h} reload={reload} />}
    </Loaded>
  );
}

function HubDetails({ hub: h, reload }: { hub: Hub; reload: () => void }) {
  const [rooms] = useApi('listRooms', { query: { hubId: h.id } });
  const [coordinators] = useApi('listHubCoordinators', { params: { id: h.id } });
  const [activities] = useApi('listHubActivities', { params: { id: h.id }, query: { limit: 100 } });
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const admin = hasRole('admin');
  const access = accessWords.filter(([k]) => h.accessibility[k]).map(([, w]) => w);

  async function setArchived(archived: boolean) {
    setBusy(true);
    setProblem(undefined);
    try {
      await callApi('updateHub', { params: { id: h.id }, body: { archived } });
      reload();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'We could not change the hub. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={h.name} caption="Hub">
      {h.archived && <Notice tone="warning">This hub is archived: it no longer shows in the lists people choose from.</Notice>}
      {problem && <Notice tone="warning">{problem}</Notice>}
      <h2 class="heading-m">Details</h2>
      <SummaryList
        rows={[
          ['Address', [h.address.line1, h.address.line2, h.address.town, h.address.postcode].filter(Boolean).join(', ')],
          ['Directions', h.directions],
          ['Opening hours', hoursInWords(h.openingHours).map((l) => <div key={l}>{l}</div>)],
          ['Bank holidays', h.openOnBankHolidays ? 'Open' : 'Closed'],
          ['Closed days', (h.closures ?? []).length ? (h.closures ?? []).map((c) => <div key={c.date}>{`${formatDay(c.date)}: ${c.reason}`}</div>) : 'None besides bank holidays'],
          ['Accessibility', [access.length ? access.join(', ') : 'No facts recorded', h.accessibility.notes].filter(Boolean).join('. ')],
          ['Phone', h.contact.phone],
          ['Email', h.contact.email],
        ]}
      />
      <p>
        <a href={paths.editHub({ hubId: h.id })}>Change the hub’s details</a>
      </p>
      <p>
        <a href={paths.hubHours({ hubId: h.id })}>Change opening hours and closed days</a>
      </p>
      {admin && (
        <Button variant={h.archived ? 'secondary' : 'warning'} busy={busy} onClick={() => setArchived(!h.archived)}>
          {h.archived ? 'Bring the hub back' : 'Archive the hub'}
        </Button>
      )}

      <h2 class="heading-m">Rooms</h2>
      <Loaded load={rooms} label="Loading the rooms…">
        {(data) =>
          data.items.length === 0 ? (
            <p>This hub has no rooms yet.</p>
          ) : (
            <ul class="activity-list">
              {data.items.map((r) => (
                <li class="activity" key={r.roomId}>
                  <h3 class="heading-s">{r.name}</h3>
                  <SummaryList
                    rows={[
                      ['Capacity', `${r.capacity} people`],
                      ['Features', r.facilities.length ? r.facilities.map((f) => facilityNames[f]).join(', ') : 'None recorded'],
                      ['Kept free around bookings', `${r.setupMinutes} minutes before, ${r.cleardownMinutes} minutes after`],
                      ['Bookable', hoursInWords(r.openingHours).join('; ')],
                    ]}
                  />
                  <p>
                    <a href={paths.editRoom({ roomId: r.roomId })}>Change {r.name}</a>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <ul class="button-group">
        <li>
          <ButtonLink href={paths.newRoom({ hubId: h.id })} variant="secondary">
            Add a room
          </ButtonLink>
        </li>
      </ul>
      <ul class="list">
        <li>
          <a href={paths.hubRoomsWeek({ hubId: h.id })}>Rooms this week</a>
        </li>
        <li>
          <a href={paths.roomRequests({ hubId: h.id })}>Room requests waiting for a decision</a>
        </li>
        <li>
          <a href={paths.hubTexts({ hubId: h.id })}>Texts to the hub, and places not confirmed</a>
        </li>
      </ul>

      <h2 class="heading-m">Coordinators</h2>
      <Loaded load={coordinators} label="Loading the coordinators…">
        {(data) => (
          <>
            {data.items.length === 0 ? (
              <p>Nobody coordinates this hub yet.</p>
            ) : (
              <ul class="list">
                {data.items.map((c) => (
                  <li key={c.userId}>
                    {c.name}
                    {c.email && `, ${c.email}`}
                  </li>
                ))}
              </ul>
            )}
            <p class="hint">Coordinators come from the sign-in groups. To add or remove one, ask your partnership admin.</p>
          </>
        )}
      </Loaded>

      <h2 class="heading-m">Activities here</h2>
      <Loaded load={activities} label="Loading the activities…">
        {(data) =>
          data.items.length === 0 ? (
            <p>No activities at this hub yet.</p>
          ) : (
            <ul class="activity-list">
              {data.items.map((a) => (
                <li class="activity" key={a.id}>
                  <h3 class="heading-s">
                    <a href={paths.activity({ id: a.id })}>{a.title}</a> {a.status !== 'active' && <Tag tone="grey">{a.status === 'ended' ? 'Ended' : 'Paused'}</Tag>}{' '}
                    {a.needsReview && <Tag tone="yellow">Due for review</Tag>}
                  </h3>
                  <p>
                    <a href={paths.scheduleSessions({ id: a.id })}>
                      Add dates<span class="visually-hidden"> for {a.title}</span>
                    </a>{' '}
                    ·{' '}
                    <a href={paths.editActivity({ id: a.id })}>
                      Change<span class="visually-hidden"> {a.title}</span>
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <ButtonLink href={paths.newActivity()} variant="secondary">
        Add an activity
      </ButtonLink>
    </Page>
  );
}
