import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../../functions/lib/paths';
import type { weekdays } from '../../../../functions/volunteers/schema';
import { Button } from '../../components/Button';
import { Select } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { dayNames, dayOptions } from '../../format';
import type { PageProps } from '../../routes';
import { useHubs } from '../directory/shared';
import { listDays } from './common';

/** Everyone: find a volunteer role by hub, skill and day. */
export default function RoleSearch({ pageTitle, query }: PageProps) {
  const { route } = useLocation();
  const [hubId, setHubId] = useState(query.hubId ?? '');
  const [skill, setSkill] = useState(query.skill ?? '');
  const [day, setDay] = useState(query.day ?? '');
  useEffect(() => {
    setHubId(query.hubId ?? '');
    setSkill(query.skill ?? '');
    setDay(query.day ?? '');
  }, [query.hubId, query.skill, query.day]);

  // every open role, for the choices in the filters; and hub names from the directory when it answers
  const [choices] = useApi('listRoles', { query: { limit: 100 } });
  const hubs = useHubs();
  // the day is as the address has it: the API says if it is not a day
  const [results, retry] = useApi('listRoles', {
    query: { limit: 100, hubId: query.hubId || undefined, skill: query.skill || undefined, day: (query.day || undefined) as (typeof weekdays)[number] | undefined },
  });

  const roles = choices.state === 'ready' ? choices.data.items : [];
  const hubName = (id: string) => hubs?.find((h) => h.id === id)?.label ?? roles.find((r) => r.hubId === id)?.location.split(',')[0] ?? 'A hub';
  const hubIds = [...new Set(roles.map((r) => r.hubId).filter((h): h is string => !!h))];
  const skills = [...new Set(roles.flatMap((r) => r.skills))].sort();
  const filtered = !!(query.hubId || query.skill || query.day);

  function search(e: Event) {
    e.preventDefault();
    route(paths.volunteerRoles({}, { hubId, skill, day }));
  }

  return (
    <Page title={pageTitle}>
      <p class="lead">Give some time to help your neighbours: drivers, café hosts, walk leaders, befrienders and more. Most roles need a couple of hours a week or less.</p>
      <div class="filters-layout">
        <form class="filters" onSubmit={search} aria-label="Filter roles">
          <h2 class="heading-m filters-heading">Filter roles</h2>
          <Select id="hubId" label="Where" value={hubId} onChange={setHubId} options={[{ value: '', label: 'Any hub' }, ...hubIds.map((id) => ({ value: id, label: hubName(id) }))]} />
          <Select id="skill" label="Skill" value={skill} onChange={setSkill} options={[{ value: '', label: 'Any skill' }, ...skills.map((s) => ({ value: s, label: s }))]} />
          <Select id="day" label="Day" value={day} onChange={setDay} options={[{ value: '', label: 'Any day' }, ...dayOptions]} />
          <Button type="submit" variant="secondary">
            Show roles
          </Button>
          {filtered && (
            <p>
              <a href={paths.volunteerRoles()}>Clear filters</a>
            </p>
          )}
        </form>
        <section class="results" aria-labelledby="results-heading">
          <h2 class="heading-m results-heading" id="results-heading">
            {results.state === 'ready'
              ? `${results.data.items.length} ${results.data.items.length === 1 ? 'role' : 'roles'}${filtered ? (results.data.items.length === 1 ? ' matches' : ' match') : ' open'}`
              : 'Roles'}
          </h2>
          <Loaded load={results} label="Finding roles…" retry={retry}>
            {(page) =>
              page.items.length === 0 ? (
                <p>
                  No roles match{query.day ? ` on ${dayNames[query.day] ?? query.day}` : ''}. Try <a href={paths.volunteerRoles()}>all roles</a>, or ask at your local hub.
                </p>
              ) : (
                <ul class="activity-list" aria-live="polite">
                  {page.items.map((r) => (
                    <li class="activity" key={r.roleId}>
                      <h3 class="heading-s activity-title">
                        <a href={paths.volunteerRole({ roleId: r.roleId })}>{r.title}</a>
                      </h3>
                      <p class="activity-summary">{r.description}</p>
                      <dl class="facts">
                        <div class="fact">
                          <dt>Where</dt>
                          <dd>{r.location}</dd>
                        </div>
                        <div class="fact">
                          <dt>Time</dt>
                          <dd>
                            {r.commitment}
                            {r.days.length > 0 && ` (${listDays(r.days)})`}
                          </dd>
                        </div>
                        <div class="fact">
                          <dt>Checks</dt>
                          <dd>{r.requirements.dbs === 'none' ? 'No DBS check needed' : `${r.requirements.dbs.charAt(0).toUpperCase()}${r.requirements.dbs.slice(1)} DBS check (we arrange it)`}</dd>
                        </div>
                      </dl>
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>
        </section>
      </div>
    </Page>
  );
}
