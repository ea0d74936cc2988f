/**
 * Directory entries not checked for six months (admins: all; partners and coordinators: their own). "Still
 * correct" confirms one in a click (recording who and when); "Edit" opens it to change. The admins' review
 * email links here.
 */
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

export default function ReviewDue({ pageTitle }: PageProps) {
  const [load, reload] = useApi('listActivitiesDueReview', { query: { limit: 100 } });
  const [done, setDone] = useState<string[]>([]);
  const [message, setMessage] = useState<{ tone: 'success' | 'warning'; text: string }>();
  const [busy, setBusy] = useState<string>();

  async function confirm(a: ActivityToCheck) {
    setBusy(a.id);
    try {
      await callApi('confirmActivityStillCorrect', { params: { id: a.id } });
      setDone((d) => [...d, a.id]);
      setMessage({ tone: 'success', text: `You confirmed “${a.title}” is still correct.` });
    } catch (err) {
      setMessage({ tone: 'warning', text: summaryFrom(err)[0]?.message ?? 'We could not save that. Try again.' });
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Page title={pageTitle}>
      <p class="lead">Residents rely on the directory being right. Check each entry: confirm it is still correct, or change it.</p>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <Loaded load={load} label="Loading the entries due for review…" retry={reload}>
        {(data) => {
          const left = data.items.filter((a) => !done.includes(a.id));
          if (!left.length) return <p>Every entry has been checked in the last six months.</p>;
          return (
            <ul class="activity-list">
              {left.map((a) => (
                <li class="activity" key={a.id}>
                  <h2 class="heading-s">
                    <a href={paths.activity({ id: a.id })}>{a.title}</a>
                  </h2>
                  <p>
                    {[a.organisationName, a.hubName].filter(Boolean).join(', ')}. Last checked {formatDate(new Date(a.lastReviewedAt))}.
                  </p>
                  <ul class="button-group">
                    <li>
                      <Button busy={busy === a.id} onClick={() => confirm(a)}>
                        Still correct<span class="visually-hidden"> for {a.title}</span>
                      </Button>
                    </li>
                    <li>
                      <a class="button button-secondary" href={paths.editActivity({ id: a.id })}>
                        Edit<span class="visually-hidden"> {a.title}</span>
                      </a>
                    </li>
                  </ul>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </Page>
  );
}
