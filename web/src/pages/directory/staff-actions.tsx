import type { ActivityView } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { me } from '../../auth';
import { ButtonLink } from '../../components/Button';

/** Whether the signed-in person runs this activity: an admin, a partner of its organisation, a coordinator of its hub. */
export function runsActivity(a: Pick<ActivityView, 'organisationId' | 'hubId'>): boolean {
  const person = me.value;
  if (!person) return false;
  return (
    person.roles.includes('admin') ||
    (person.roles.includes('partner') && person.organisationIds.includes(a.organisationId)) ||
    (person.roles.includes('coordinator') && !!a.hubId && person.hubIds.includes(a.hubId))
  );
}

/** What the people who run an activity can do from its page: add or manage its dates, ask for a room for it. */
export function StaffActions({ activity: a }: { activity: ActivityView }) {
  if (!runsActivity(a)) return null;
  return (
    <div class="button-group">
      <ButtonLink href={paths.scheduleSessions({ id: a.id })}>{a.upcoming.length ? 'Manage dates' : 'Add dates'}</ButtonLink>
      <ButtonLink href={paths.reminderSettings({ id: a.id })} variant="secondary">
        Reminders
      </ButtonLink>
      {a.hubId && (
        <ButtonLink href={paths.askForRoom({}, { hub: a.hubId })} variant="secondary">
          Ask for a room
        </ButtonLink>
      )}
    </div>
  );
}
