import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { Hours } from '../../../../functions/volunteers/schema';
import { ApiError, callApi } from '../../api';
import { Button } from '../../components/Button';
import { TextArea } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDay } from '../../format';
import type { PageProps } from '../../routes';
import { ForOwners, hoursText, ManageNav, type Owner, OwnerPicker, ownerQuery } from './common';

/** Coordinators: hours volunteers logged themselves, to approve or reject with a reason. */
export default function HoursToApprove({ pageTitle, query }: PageProps) {
  return (
    <Page title={pageTitle}>
      <ForOwners query={query}>{(owner, owners) => <Pending owners={owners} owner={owner} />}</ForOwners>
    </Page>
  );
}

function Pending({ owners, owner }: { owners: Owner[]; owner: Owner }) {
  const [hours, reload] = useApi('listHoursToApprove', { query: ownerQuery(owner) });
  const [done, setDone] = useState<string | null>(null);
  return (
    <>
      <ManageNav current={paths.hoursToApprove} owner={owner} />
      <OwnerPicker owners={owners} current={owner} page={paths.hoursToApprove} />
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
      await callApi('approveVolunteerHours', { params: { hoursId: h.hoursId }, body: decision === 'approve' ? { decision } : { decision, reason: reason.trim() } });
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
