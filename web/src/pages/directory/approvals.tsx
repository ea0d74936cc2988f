/** Partners' new activities waiting for an admin's approval (when the partnership's setting asks for it). */
import { useState } from 'preact/hooks';
import type { ActivityToCheck } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { summaryFrom } from '../../components/ErrorSummary';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDate } from '../../format';
import type { PageProps } from '../../routes';

export default function Approvals({ pageTitle }: PageProps) {
  const [load, reload] = useApi('listActivitiesAwaitingApproval', { query: { limit: 100 } });
  const [done, setDone] = useState<string[]>([]);
  const [message, setMessage] = useState<{ tone: 'success' | 'warning'; text: string }>();
  const [busy, setBusy] = useState<string>();
  async function approve(a: ActivityToCheck) {
    setBusy(a.id);
    try {
      await callApi('approveActivity', { params: { id: a.id } });
      setDone((d) => [...d, a.id]);
      setMessage({ tone: 'success', text: `“${a.title}” is now listed in the directory.` });
    } catch (err) {
      setMessage({ tone: 'warning', text: summaryFrom(err)[0]?.message ?? 'We could not approve that. Try again.' });
    } finally {
      setBusy(undefined);
    }
  }
  return (
    <Page title={pageTitle}>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <Loaded load={load} label="Loading…" retry={reload}>
        {(data) => {
          const left = data.items.filter((a) => !done.includes(a.id));
          if (!left.length) return <p>No new activities are waiting for approval.</p>;
          return (
            <ul class="activity-list">
              {left.map((a) => (
                <li class="activity" key={a.id}>
                  <h2 class="heading-s">
                    <a href={paths.activity({ id: a.id })}>{a.title}</a>
                  </h2>
                  <p>
                    {[a.organisationName, a.hubName].filter(Boolean).join(', ')}. Added {formatDate(new Date(a.createdAt))}.
                  </p>
                  <Button busy={busy === a.id} onClick={() => approve(a)}>
                    Approve<span class="visually-hidden"> {a.title}</span>
                  </Button>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
      <p>
        <a href={paths.settings()}>Change whether new activities need approval</a>
      </p>
    </Page>
  );
}
