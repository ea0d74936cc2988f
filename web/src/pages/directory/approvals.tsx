/** Partners' new activities waiting for an admin's approval (when the partnership's setting asks for it). */
import type { ActivityToCheck } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { useWorkQueue, WorkQueueList } from '../../components/work-queue';
import { formatDate } from '../../format';
import type { PageProps } from '../../routes';

export default function Approvals({ pageTitle }: PageProps) {
  const [load, reload] = useApi('listActivitiesAwaitingApproval', { query: { limit: 100 } });
  const queue = useWorkQueue((a: ActivityToCheck) => a.id);
  const approve = (a: ActivityToCheck) =>
    queue.work(a, () => callApi('approveActivity', { params: { id: a.id } }), `“${a.title}” is now listed in the directory.`, 'We could not approve that. Try again.');
  return (
    <Page title={pageTitle}>
      <WorkQueueList queue={queue} load={load} label="Loading…" retry={reload} empty="No new activities are waiting for approval." activityOf={(a) => ({ id: a.id, title: a.title })}>
        {(a) => (
          <>
            <p>
              {[a.organisationName, a.hubName].filter(Boolean).join(', ')}. Added {formatDate(new Date(a.createdAt))}.
            </p>
            <Button busy={queue.isBusy(a)} onClick={() => approve(a)}>
              Approve<span class="visually-hidden"> {a.title}</span>
            </Button>
          </>
        )}
      </WorkQueueList>
      <p>
        <a href={paths.settings()}>Change whether new activities need approval</a>
      </p>
    </Page>
  );
}
