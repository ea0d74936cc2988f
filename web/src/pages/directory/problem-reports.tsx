/**
 * Problems people reported with the listings I look after (admins: all of them): what is wrong, and a button
 * to mark each resolved once the listing is put right. The report emails link here.
 */
import { useState } from 'preact/hooks';
import type { ProblemReport } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { summaryFrom } from '../../components/ErrorSummary';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDate } from '../../format';
import type { PageProps } from '../../routes';
import { reasonOptions } from './report-problem';

export default function ProblemReports({ pageTitle }: PageProps) {
  const [load, reload] = useApi('listProblemReports', { query: { limit: 100 } });
  const [done, setDone] = useState<string[]>([]);
  const [message, setMessage] = useState<{ tone: 'success' | 'warning'; text: string }>();
  const [busy, setBusy] = useState<string>();

  async function resolve(r: Pick<ProblemReport, 'id' | 'activityId' | 'activityTitle'>) {
    setBusy(r.id);
    try {
      await callApi('resolveProblemReport', { params: { id: r.activityId, reportId: r.id }, body: {} });
      setDone((d) => [...d, r.id]);
      setMessage({ tone: 'success', text: `You marked the problem with “${r.activityTitle}” resolved.` });
    } catch (err) {
      setMessage({ tone: 'warning', text: summaryFrom(err)[0]?.message ?? 'We could not save that. Try again.' });
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Page title={pageTitle}>
      <p class="lead">People told us these listings may be wrong. Check each one, put it right, then mark the problem resolved.</p>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <Loaded load={load} label="Loading the problem reports…" retry={reload}>
        {(data) => {
          const left = data.items.filter((r) => !done.includes(r.id));
          if (!left.length) return <p>There are no open problem reports.</p>;
          return (
            <ul class="activity-list">
              {left.map((r) => (
                <li class="activity" key={r.id}>
                  <h2 class="heading-s">
                    <a href={paths.activity({ id: r.activityId })}>{r.activityTitle}</a>
                  </h2>
                  <p>
                    {reasonOptions.find((o) => o.value === r.reason)?.label ?? r.reason}. Reported {formatDate(new Date(r.reportedAt))}.
                  </p>
                  {r.note && <p class="problem-note">“{r.note}”</p>}
                  <Button busy={busy === r.id} onClick={() => resolve(r)}>
                    Mark resolved<span class="visually-hidden"> for {r.activityTitle}</span>
                  </Button>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </Page>
  );
}
