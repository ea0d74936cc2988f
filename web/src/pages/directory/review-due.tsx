/**
 * Directory entries not checked for six months (admins: all; partners and coordinators: their own). "Still
 * correct" confirms one in a click (recording who and when); "Edit" opens it to change. The admins' review
 * email links here.
 */
import type { ActivityToCheck } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { useWorkQueue, WorkQueueList } from '../../components/work-queue';
import { formatDate } from '../../format';
import type { PageProps } from '../../routes';

export default function ReviewDue({ pageTitle }: PageProps) {
  const [load, reload] = useApi('listActivitiesDueReview', { query: { limit: 100 } });
  const queue = useWorkQueue((a: ActivityToCheck) => a.id);
  const confirm = (a: ActivityToCheck) => queue.work(a, () => callApi('confirmActivityStillCorrect', { params: { id: a.id } }), `You confirmed “${a.title}” is still correct.`);

  return (
    <Page title={pageTitle}>
      <p class="lead">Residents rely on the directory being right. Check each entry: confirm it is still correct, or change it.</p>
      <WorkQueueList
        queue={queue}
        load={load}
        label="Loading the entries due for review…"
        retry={reload}
        empty="Every entry has been checked in the last six months."
        activityOf={(a) => ({ id: a.id, title: a.title })}
      >
        {(a) => (
          <>
            <p>
              {[a.organisationName, a.hubName].filter(Boolean).join(', ')}. Last checked {formatDate(new Date(a.lastReviewedAt))}.
            </p>
            <ul class="button-group">
              <li>
                <Button busy={queue.isBusy(a)} onClick={() => confirm(a)}>
                  Still correct<span class="visually-hidden"> for {a.title}</span>
                </Button>
              </li>
              <li>
                <a class="button button-secondary" href={paths.editActivity({ id: a.id })}>
                  Edit<span class="visually-hidden"> {a.title}</span>
                </a>
              </li>
            </ul>
          </>
        )}
      </WorkQueueList>
    </Page>
  );
}
