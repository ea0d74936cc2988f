/** Claims on listings ("Is this yours?") waiting for an admin: approve one to hand the listing to that organisation. */
import type { ClaimView } from '../../../../functions/directory/service';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { useWorkQueue, WorkQueueList } from '../../components/work-queue';
import { formatDate } from '../../format';
import type { PageProps } from '../../routes';

export default function Claims({ pageTitle }: PageProps) {
  const [load, reload] = useApi('listClaims', { query: { limit: 100 } });
  const queue = useWorkQueue((c: ClaimView) => `${c.activityId}#${c.organisationId}`);
  const decide = (c: ClaimView, approve: boolean) =>
    queue.work(
      c,
      () => callApi('decideClaim', { params: { id: c.activityId, organisationId: c.organisationId }, body: { approve } }),
      approve ? `“${c.activityTitle}” is now ${c.organisationName ?? 'the organisation'}’s.` : `You refused the claim for “${c.activityTitle}”.`,
    );

  return (
    <Page title={pageTitle}>
      <WorkQueueList queue={queue} load={load} label="Loading the claims…" retry={reload} empty="No claims are waiting." activityOf={(c) => ({ id: c.activityId, title: c.activityTitle })}>
        {(c) => (
          <>
            <p>
              {c.organisationName ?? 'An organisation'} says it runs this. Claimed {formatDate(new Date(c.claimedAt))}.
            </p>
            {c.note && <p>“{c.note}”</p>}
            <ul class="button-group">
              <li>
                <Button busy={queue.isBusy(c)} onClick={() => decide(c, true)}>
                  Approve<span class="visually-hidden"> the claim for {c.activityTitle}</span>
                </Button>
              </li>
              <li>
                <Button variant="secondary" busy={queue.isBusy(c)} onClick={() => decide(c, false)}>
                  Refuse<span class="visually-hidden"> the claim for {c.activityTitle}</span>
                </Button>
              </li>
            </ul>
          </>
        )}
      </WorkQueueList>
    </Page>
  );
}
