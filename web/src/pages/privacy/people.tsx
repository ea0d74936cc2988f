import { useState } from 'preact/hooks';
import type { ErasureResult, PersonFound } from '../../../../functions/privacy/schema';
import { callApi } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, TextField } from '../../components/fields';
import { Loaded, SignInFirst, useApi } from '../../components/load';
import { Notice, Warning } from '../../components/Notice';
import { Page } from '../../components/Page';
import { SummaryList } from '../../components/SummaryList';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';
import { downloadData } from './shared';

/**
 * Partnership admins: requests to erase data, and finding anyone (by an account's email or a person's
 * reference) to see what is held on them, download it, or erase it. Every look-up is recorded with its reason.
 */
export default function People({ pageTitle }: PageProps) {
  const [requests, reload] = useApi('listErasureRequests', me.value ? {} : null);
  const [query, setQuery] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<PersonFound[] | undefined>();
  const [erased, setErased] = useState<ErasureResult | undefined>();

  if (me.value === null) {
    return (
      <Page title={pageTitle}>
        <SignInFirst />
      </Page>
    );
  }

  async function find(e?: Event, q = query) {
    e?.preventDefault();
    if (busy) return;
    const problems: SummaryError[] = [];
    if (q.trim().length < 3) problems.push({ field: 'q', message: 'Enter an email address or a person reference' });
    if (reason.trim().length < 5) problems.push({ field: 'reason', message: 'Say why you are looking this person up (at least 5 characters), for example an erasure request' });
    setErrors(problems);
    if (problems.length) return;
    setBusy(true);
    setErased(undefined);
    try {
      setFound((await callApi('findPerson', { query: { q: q.trim(), reason: reason.trim() } })).items);
    } catch (err) {
      setErrors(summaryFrom(err, { q: 'Enter an email address or a person reference', reason: 'Say why, in 5 to 300 characters' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={pageTitle} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <h2 class="heading-l">Requests to delete data</h2>
      <Loaded load={requests} label="Loading requests…" retry={reload}>
        {(r) =>
          r.items.length === 0 ? (
            <p>Nobody is waiting for their data to be deleted.</p>
          ) : (
            <ul class="list">
              {r.items.map((x) => (
                <li key={x.personId}>
                  {x.name ?? 'Someone'} {x.email ? `(${x.email})` : ''} asked on {formatDateTime(x.requestedAt)}.{x.note ? ` They said: “${x.note}”` : ''}{' '}
                  <button type="button" class="link-button" onClick={() => (setQuery(x.email ?? x.personId), void find(undefined, x.email ?? x.personId))}>
                    Look up {x.name ?? 'this person'}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>

      <h2 class="heading-l">Find a person</h2>
      <form noValidate onSubmit={find}>
        <TextField
          id="q"
          label="Email address or person reference"
          hint="Someone without an account has a reference on their referral"
          value={query}
          onInput={setQuery}
          error={errorFor(errors, 'q')}
          spellcheck={false}
        />
        <TextField
          id="reason"
          label="Why you are looking them up"
          hint="We record this with the look-up, for example “Erasure request ER-12”"
          value={reason}
          onInput={setReason}
          error={errorFor(errors, 'reason')}
        />
        <Button type="submit" busy={busy}>
          Find
        </Button>
      </form>
      {erased && (
        <Notice tone="success" title="Their data is erased">
          <p>
            {Object.values(erased.erased).reduce((n, x) => n + x, 0)} records were removed or made anonymous.{' '}
            {erased.referralsKept
              ? `${erased.referralsKept} referral${erased.referralsKept === 1 ? '' : 's'} still count${erased.referralsKept === 1 ? 's' : ''} in the reports, with nothing that says whose.`
              : ''}
          </p>
        </Notice>
      )}
      {found && found.length === 0 && <p>We hold nothing on anyone by that email address or reference.</p>}
      {found?.map((person) => (
        <Person key={person.personId} person={person} reason={reason.trim()} onErased={(r) => (setErased(r), setFound(undefined), reload())} />
      ))}
    </Page>
  );
}

function Person({ person, reason, onErased }: { person: PersonFound; reason: string; onErased: (r: ErasureResult) => void }) {
  const [sure, setSure] = useState<string[]>([]);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | undefined>();
  const self = person.personId === me.value?.userId;

  async function erase(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!sure.includes('yes')) {
      setErrors([{ field: 'sure', message: 'Confirm that you want to erase their data' }]);
      return;
    }
    setBusy(true);
    try {
      onErased(await callApi('erasePersonData', { params: { id: person.personId }, query: { reason } }));
    } catch (err) {
      setErrors(summaryFrom(err));
      setBusy(false);
    }
  }

  return (
    <section class="section-box" aria-labelledby={`person-${person.personId}`}>
      <h2 class="heading-m" id={`person-${person.personId}`}>
        {person.name ?? 'A person with no name held'}
      </h2>
      <SummaryList
        rows={[
          ['Email', person.email],
          ['Reference', person.personId],
          ['Has an account', person.hasAccount ? 'Yes' : 'No'],
          ['Asked for erasure', person.erasureRequested ? formatDateTime(person.erasureRequested) : undefined],
          ['What we hold', person.erased ? 'Erased: only anonymous records remain' : person.held.map((h) => `${h.label}: ${h.count}`).join('; ')],
        ]}
      />
      {saved && <Notice tone="success">Their data is saved as {saved}.</Notice>}
      <div class="button-group">
        <Button variant="secondary" onClick={async () => setSaved(await downloadData(person.personId, reason))}>
          Download their data
        </Button>
      </div>
      {self ? (
        <p>You cannot erase your own data: ask another partnership admin.</p>
      ) : (
        <form noValidate onSubmit={erase}>
          <ErrorSummary errors={errors} title="There is a problem with the erasure" />
          <Warning>Erasing cannot be undone. Their bookings still to come are given up; what the reports count stays, with nothing that says whose.</Warning>
          <Checkboxes
            id="sure"
            label="Confirm"
            options={[{ value: 'yes', label: `Erase everything we hold on ${person.name ?? 'this person'}` }]}
            values={sure}
            onChange={setSure}
            error={errorFor(errors, 'sure')}
          />
          <Button type="submit" variant="warning" busy={busy}>
            Erase their data
          </Button>
        </form>
      )}
    </section>
  );
}
