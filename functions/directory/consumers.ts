import type { AppDeps } from '../lib/deps';
import type { StreamChange, StreamConsumer } from '../stream/handler';
import { listActivitiesOf, syncActivityIndex } from './data';
import { type SessionFacts, sessionChangeMatters } from './rules';
import { refreshSchedule } from './service';

/**
 * The directory's stream consumers. Each recomputes from the items as they are now, so a repeated or
 * out-of-date delivery does no harm (idempotent).
 */
const typeOf = (c: StreamChange) => (c.newImage ?? c.oldImage)?.type;
const image = (c: StreamChange) => (c.newImage ?? c.oldImage)!;

/** An activity changed: bring its index items in line (repairs any race between two edits). */
const activityIndexer: StreamConsumer = {
  name: 'directory.activity-index',
  wants: (c) => typeOf(c) === 'Activity',
  coalesce: (c) => image(c).id as string,
  handle: async (c, deps) => {
    await syncActivityIndex(deps.db, image(c).id as string);
  },
};

/** A hub's name, care community or accessibility facts changed: its activities' index items show them. */
const hubIndexer: StreamConsumer = {
  name: 'directory.hub-index',
  wants: (c) => typeOf(c) === 'Hub' && c.eventName === 'MODIFY' && changed(c, ['name', 'careCommunityId', 'accessibility']),
  coalesce: (c) => image(c).id as string,
  handle: (c, deps) => reindex(deps, { hubId: image(c).id as string }),
};

const organisationIndexer: StreamConsumer = {
  name: 'directory.organisation-index',
  wants: (c) => typeOf(c) === 'Organisation' && c.eventName === 'MODIFY' && changed(c, ['name']),
  coalesce: (c) => image(c).id as string,
  handle: (c, deps) => reindex(deps, { organisationId: image(c).id as string }),
};

/** A session was added, moved, cancelled or filled up: refresh the activity's schedule facets. */
const scheduleKeeper: StreamConsumer = {
  name: 'directory.schedule',
  wants: (c) => typeOf(c) === 'Session' && sessionChangeMatters(c.oldImage as SessionFacts | undefined, c.newImage as SessionFacts | undefined),
  coalesce: (c) => image(c).activityId as string,
  handle: async (c, deps) => {
    await refreshSchedule(deps, image(c).activityId as string);
  },
};

function changed(c: StreamChange, fields: string[]): boolean {
  return fields.some((f) => JSON.stringify(c.oldImage?.[f]) !== JSON.stringify(c.newImage?.[f]));
}

async function reindex(deps: AppDeps, by: { hubId: string } | { organisationId: string }): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await listActivitiesOf(deps.db, by, 100, cursor);
    for (const a of page.items) await syncActivityIndex(deps.db, a.id);
    cursor = page.nextCursor;
  } while (cursor);
}

export const directoryConsumers = (): StreamConsumer[] => [activityIndexer, hubIndexer, organisationIndexer, scheduleKeeper];
