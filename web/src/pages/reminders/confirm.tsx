/** The page a reminder email links to: "are you still coming?" answered with one button. No sign-in needed. */
import { useState } from 'preact/hooks';
import type { PlaceCheckView } from '../../../../functions/reminders/schema';
import { ApiError, callApi } from '../../api';
import { Button } from '../../components/Button';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';

export default function ConfirmPlacePage({ pageTitle, params, query }: PageProps) {
  const key = query.key ?? '';
  const [load, reload] = useApi('getPlaceCheck', { params: { reservationId: params.reservationId! }, query: { key } });
  return (
    <Page title={pageTitle}>
      <Loaded load={load} label="Loading your booking…" retry={reload}>
        {(v) => <Answer reservationId={params.reservationId!} keyText={key} first={v} />}
      </Loaded>
    </Page>
  );
}

function Answer({ reservationId, keyText, first }: { reservationId: string; keyText: string; first: PlaceCheckView }) {
  const [check, setCheck] = useState(first);
  const [busy, setBusy] = useState<'yes' | 'no' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const say = async (answer: 'yes' | 'no') => {
    setBusy(answer);
    setProblem(null);
    try {
      setCheck(await callApi('answerPlaceCheck', { params: { reservationId }, body: { key: keyText, answer } }));
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.');
    } finally {
      setBusy(null);
    }
  };
  const when = formatDateTime(check.startsAt);
  return (
    <>
      <p class="lead">
        {check.activityTitle}, {when}
      </p>
      {problem && <Notice tone="warning">{problem}</Notice>}
      <div aria-live="polite">
        {check.state === 'yes' && (
          <Notice tone="success" title={check.shift ? 'Thank you: we have noted that you are coming' : 'Thank you: your place is kept'}>
            See you there.
          </Notice>
        )}
        {check.shift && check.state === 'no' && (
          <Notice tone="success" title="Thank you for letting us know">
            We have told the coordinator, and your place on the shift is open to another volunteer.
          </Notice>
        )}
        {!check.shift && (check.state === 'no' || check.state === 'freed' || check.state === 'lapsing') && (
          <Notice tone="success" title={check.state === 'no' ? 'Thank you: your place is freed' : 'Your place has gone to someone else'}>
            {check.state === 'no' ? 'Someone who is waiting can have it now.' : 'We did not hear back in time. You can book again if there is space.'}
          </Notice>
        )}
      </div>
      {(check.state === 'asked' || check.state === 'flagged' || check.state === 'yes') && (
        <>
          <h2 class="heading-m">Are you still coming?</h2>
          {check.state !== 'yes' && <p>Please tell us by {formatDateTime(check.replyBy)}.</p>}
          <div class="button-group">
            {check.state !== 'yes' && (
              <Button busy={busy === 'yes'} onClick={() => say('yes')}>
                Yes, I am coming
              </Button>
            )}
            <Button variant={check.state === 'yes' ? 'primary' : 'secondary'} busy={busy === 'no'} onClick={() => say('no')}>
              {check.shift ? 'No, I can no longer come' : 'No, free my place'}
            </Button>
          </div>
        </>
      )}
    </>
  );
}
