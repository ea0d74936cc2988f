/** Claims on listings ("Is this yours?") waiting for an admin: approve one to hand the listing to that organisation. */
import { useState } from 'preact/hooks';
import type { ClaimView } from '../../../../functions/directory/service';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { summaryFrom } from '../../components/ErrorSummary';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDate } from '../../format';
import type { PageProps } from '../../routes';

export default function Claims({ pageTitle }: PageProps) {
  const [load, reload] = useApi('listClaims', { query: { limit: 100 } });
  const [done, setDone] = useState<string[]>([]);
  const [message, setMessage] = useState<{ tone: 'success' | 'warning'; text: string }>();
  const [busy, setBusy] = useState<string>();
  const keyOf = (c: Pick<ClaimView, 'activityId' | 'organisationId'>) => `${c.activityId}#${c.organisationId}`;

  async function decide(c: ClaimView, approve: boolean) {
    setBusy(keyOf(c));
    try {
      await callApi('decideClaim', { params: { id: c.activityId, organisationId: c.organisationId }, body: { approve } });
      setDone((d) => [...d, keyOf(c)]);
      setMessage({ tone: 'success', text: approve ? `“${c.activityTitle}” is now ${c.organisationName ?? 'the organisation'}’s.` : `You refused the claim for “${c.activityTitle}”.` });
    } catch (err) {
      setMessage({ tone: 'warning', text: summaryFrom(err)[0]?.message ?? 'We could not save that. Try again.' });
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Page title={pageTitle}>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <Loaded load={load} label="Loading the claims…" retry={reload}>
        {(data) => {
          const left = data.items.filter((c) => !done.includes(keyOf(c)));
          if (!left.length) return <p>No claims are waiting.</p>;
          return (
            <ul class="activity-list">
              {left.map((c) => (
                <li class="activity" key={keyOf(c)}>
                  <h2 class="heading-s">
                    <a href={paths.activity({ id: c.activityId })}>{c.activityTitle}</a>
                  </h2>
                  <p>
                    {c.organisationName ?? 'An organisation'} says it runs this. Claimed {formatDate(new Date(c.claimedAt))}.
                  </p>
                  {c.note && <p>“{c.note}”</p>}
                  <ul class="button-group">
                    <li>
                      <Button busy={busy === keyOf(c)} onClick={() => decide(c, true)}>
                        Approve<span class="visually-hidden"> the claim for {c.activityTitle}</span>
                      </Button>
                    </li>
                    <li>
                      <Button variant="secondary" busy={busy === keyOf(c)} onClick={() => decide(c, false)}>
                        Refuse<span class="visually-hidden"> the claim for {c.activityTitle}</span>
                      </Button>
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
