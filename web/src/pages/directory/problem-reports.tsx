/**
 * Problems people reported with the listings I look after (admins: all of them): what is wrong, and a button
 * to mark each resolved once the listing is put right. The report emails link here.
 */
import type { ProblemReportView } from '../../../../functions/directory/service';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { useWorkQueue, WorkQueueList } from '../../components/work-queue';
import { formatDate } from '../../format';
import type { PageProps } from '../../routes';
import { reasonOptions } from './report-problem';

export default function ProblemReports({ pageTitle }: PageProps) {
  const [load, reload] = useApi('listProblemReports', { query: { limit: 100 } });
  const queue = useWorkQueue((r: ProblemReportView) => r.id);
  const resolve = (r: ProblemReportView) =>
    queue.work(r, () => callApi('resolveProblemReport', { params: { id: r.activityId, reportId: r.id }, body: {} }), `You marked the problem with “${r.activityTitle}” resolved.`);

  return (
    <Page title={pageTitle}>
      <p class="lead">People told us these listings may be wrong. Check each one, put it right, then mark the problem resolved.</p>
      <WorkQueueList
        queue={queue}
        load={load}
        label="Loading the problem reports…"
        retry={reload}
        empty="There are no open problem reports."
        activityOf={(r) => ({ id: r.activityId, title: r.activityTitle })}
      >
        {(r) => (
          <>
            <p>
              {reasonOptions.find((o) => o.value === r.reason)?.label ?? r.reason}. Reported {formatDate(new Date(r.reportedAt))}.
            </p>
            {r.note && <p class="problem-note">“{r.note}”</p>}
            <Button busy={queue.isBusy(r)} onClick={() => resolve(r)}>
              Mark resolved<span class="visually-hidden"> for {r.activityTitle}</span>
            </Button>
          </>
        )}
      </WorkQueueList>
    </Page>
  );
}
