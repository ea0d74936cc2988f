import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import type { Hours } from '../../../../functions/volunteers/schema';
import { chosenOwner, hoursText, ManageNav, NotACoordinator, type Owner, OwnerPicker, ownerQuery, useOwners } from './common';
import { TextArea } from '../../components/fields';
import { Loaded, SignInFirst, useLoad } from '../../components/load';
import { formatDay } from '../../format';

/** Coordinators: hours volunteers logged themselves, to approve or reject with a reason. */
export default function HoursToApprove({ pageTitle, query }: PageProps) {
  const owners = useOwners();
  return (
    <Page title={pageTitle}>
      {owners.state === 'loading' ? (
        <Loading />
      ) : owners.state === 'failed' ? (
        <SignInFirst />
      ) : owners.data.length === 0 ? (
        <NotACoordinator />
      ) : (
        <Pending owners={owners.data} owner={chosenOwner(owners.data, query)!} />
      )}
    </Page>
  );
}

function Pending({ owners, owner }: { owners: Owner[]; owner: Owner }) {
  const [hours, reload] = useLoad((signal) => api<{ items: Hours[] }>('/volunteering/hours/pending', { query: ownerQuery(owner), signal }), [owner.id]);
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <ManageNav current="/volunteering/hours" owner={owner} />
      <OwnerPicker owners={owners} current={owner} path="/volunteering/hours" />
      {done && (
        <Notice tone="success">
          <p>{done}</p>
        </Notice>
      )}
      <Loaded load={hours} label="Loading hours…" retry={reload}>
        {({ items }) =>
          items.length === 0 ? (
            <p>There are no hours waiting for approval.</p>
          ) : (
            <ul class="card-list">
              {items.map((h) => (
                <Entry key={h.hoursId} h={h} onDone={(m) => (setDone(m), reload())} />
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

function Entry({ h, onDone }: { h: Hours; onDone: (message: string) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const who = h.volunteerName ?? 'A volunteer';
  const headingId = `hours-${h.hoursId}`;

  async function decide(decision: 'approve' | 'reject') {
    if (busy) return;
    if (decision === 'reject' && !reason.trim()) return setError(`Enter why you are not approving ${who}'s hours`);
    setBusy(true);
    setError(undefined);
    try {
      await api(`/volunteering/hours/${h.hoursId}/decision`, { body: decision === 'approve' ? { decision } : { decision, reason: reason.trim() } });
      onDone(decision === 'approve' ? `You approved ${hoursText(h.hours)} for ${who}.` : `You did not approve ${who}'s ${hoursText(h.hours)}. We have told them why.`);
    } catch (err) {
      setError(err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.');
      setBusy(false);
    }
  }

  return (
    <li class="card">
      <h2 class="heading-s card-title" id={headingId}>
        {who}: {hoursText(h.hours)}
      </h2>
      <p class="card-meta">
        {h.roleTitle}, {formatDay(h.date)}
        {h.note && (
          <>
            <br />
            They said: “{h.note}”
          </>
        )}
      </p>
      {error && !rejecting && (
        <p class="inline-error" role="alert">
          {error}
        </p>
      )}
      {rejecting ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            decide('reject');
          }}
        >
          <TextArea id={`reason-${h.hoursId}`} label={`Why are you not approving ${who}'s hours?`} hint="We send this to them" rows={2} value={reason} onInput={setReason} error={error} />
          <div class="button-group">
            <Button type="submit" variant="warning" busy={busy}>
              Do not approve
            </Button>
            <Button variant="secondary" onClick={() => (setRejecting(false), setError(undefined))}>
              Cancel
            </Button>
          </div>
        </form>
      ) : (
        <div class="button-group">
          <Button busy={busy} aria-describedby={headingId} onClick={() => decide('approve')}>
            Approve
          </Button>
          <Button variant="secondary" aria-describedby={headingId} onClick={() => setRejecting(true)}>
            Do not approve
          </Button>
        </div>
      )}
    </li>
  );
}
