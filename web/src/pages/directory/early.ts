import { paths } from '../../../../functions/lib/paths';
import { startEarly } from '../../api';
import { firstPageQuery, shortListQuery } from './find-query';

/**
 * Run by src/early.ts as soon as the page's head is read, and again (doing nothing new) by the entry code: the
 * directory's pages, what most people open first, often on a phone, start their reads at once, in parallel
 * with their own code, instead of after it.
 */
export function startDirectoryReads(pathname: string, search: string): void {
  if (pathname === paths.activities()) {
    startEarly('listActivities', { query: firstPageQuery(Object.fromEntries(new URLSearchParams(search))) });
    return;
  }
  const id = /^\/activities\/([0-9A-Z]{26})$/.exec(pathname)?.[1];
  if (!id) return;
  // what the activity page shows (pages/directory/activity.tsx), all at once, so nothing arrives late and moves the page
  startEarly('getActivity', { params: { id } })
    .then((a) => {
      if (a.hubId) startEarly('getHub', { params: { id: a.hubId } });
    })
    .catch(() => undefined);
  startEarly('listSessions', { params: { activityId: id } });
  startEarly('listPriorities', { query: shortListQuery });
}
