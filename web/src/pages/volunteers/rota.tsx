import { paths } from '../../../../functions/lib/paths';
import { ButtonLink } from '../../components/Button';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { Tag } from '../../components/SummaryList';
import { formatDate, formatTime } from '../../format';
import type { PageProps } from '../../routes';
import { ForOwners, ManageNav, type Owner, OwnerPicker, ownerQuery } from './common';

/** Coordinators: the next 8 weeks of shifts, by date and role, with places still to fill highlighted. */
export default function Rota({ pageTitle, query }: PageProps) {
  return (
    <Page title={pageTitle}>
      <ForOwners query={query}>{(owner, owners) => <RotaFor owners={owners} owner={owner} gapsOnly={query.gaps === '1'} />}</ForOwners>
    </Page>
  );
}

function RotaFor({ owners, owner, gapsOnly }: { owners: Owner[]; owner: Owner; gapsOnly: boolean }) {
  const [shifts, retry] = useApi('listShifts', { query: { ...ownerQuery(owner), limit: 100, gapsOnly: gapsOnly || undefined } });
  return (
    <>
      <ManageNav current={paths.rota} owner={owner} />
      <OwnerPicker owners={owners} current={owner} page={paths.rota} />
      <ButtonLink href={paths.newShift({}, ownerQuery(owner))}>Add a shift</ButtonLink>
      <p>
        {gapsOnly ? (
          <>
            Showing only shifts with places to fill. <a href={paths.rota({}, ownerQuery(owner))}>Show all shifts</a>
          </>
        ) : (
          <>
            Showing the next 8 weeks. <a href={paths.rota({}, { ...ownerQuery(owner), gaps: 1 })}>Show only shifts with places to fill</a>
          </>
        )}
      </p>
      <Loaded load={shifts} label="Loading the rota…" retry={retry}>
        {({ items }) => {
          const gaps = items.reduce((n, s) => n + s.openPlaces, 0);
          if (items.length === 0) return <p>{gapsOnly ? 'Every shift in the next 8 weeks is full.' : 'There are no shifts in the next 8 weeks.'}</p>;
          return (
            <>
              <p class="lead" role="status">
                {gaps === 0 ? 'Every place is filled.' : `${gaps} ${gaps === 1 ? 'place' : 'places'} still to fill.`}
              </p>
              <table class="table table-stack rota">
                <caption class="visually-hidden">Shifts by date and role, with places filled and places still to fill</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Shift</th>
                    <th scope="col">Role</th>
                    <th scope="col">Filled</th>
                    <th scope="col">To fill</th>
                  </tr>
                </thead>
                <tbody>
                  {items.flatMap((s) =>
                    s.roles.map((r, i) => (
                      <tr key={`${s.shiftId}-${r.roleId}`} class={r.open > 0 ? 'rota-gap' : undefined}>
                        <td data-label="Date">{i === 0 ? formatDate(new Date(s.startsAt)) : <span class="visually-hidden">{formatDate(new Date(s.startsAt))}</span>}</td>
                        <td data-label="Shift">
                          {i === 0 ? (
                            <>
                              {s.title}
                              <span class="table-hint">
                                {formatTime(new Date(s.startsAt))} to {formatTime(new Date(s.endsAt))}
                              </span>
                            </>
                          ) : (
                            <span class="visually-hidden">{s.title}</span>
                          )}
                        </td>
                        <td data-label="Role">{r.roleTitle}</td>
                        <td data-label="Filled">
                          {r.taken} of {r.places}
                        </td>
                        <td data-label="To fill">{r.open > 0 ? <Tag tone="red">{r.open === 1 ? '1 place' : `${r.open} places`}</Tag> : <Tag tone="green">Full</Tag>}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
