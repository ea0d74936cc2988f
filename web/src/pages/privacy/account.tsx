import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { hasRole, me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { TextArea } from '../../components/fields';
import { Loaded, SignInFirst, useApi } from '../../components/load';
import { Notice, Warning } from '../../components/Notice';
import { Page } from '../../components/Page';
import { SummaryList } from '../../components/SummaryList';
import { formatDateTime, joinWords } from '../../format';
import type { PageProps } from '../../routes';
import { downloadData, ExportView } from './shared';

const roleWords: Record<string, string> = {
  resident: 'resident',
  volunteer: 'volunteer',
  coordinator: 'hub coordinator',
  partner: 'partner organisation',
  linkworker: 'link worker',
  admin: 'partnership admin',
};

/** The signed-in person's account: who we think they are, their data to download, and asking for it to be erased. */
export default function Account({ pageTitle }: PageProps) {
  const person = me.value;
  const [requests, reload] = useApi('getMyErasureRequest', person ? {} : null);
  const [downloaded, setDownloaded] = useState<string | undefined>();
  const [downloading, setDownloading] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [showing, setShowing] = useState(false);

  if (person === null) {
    return (
      <Page title={pageTitle}>
        <SignInFirst what="see your account" />
      </Page>
    );
  }
  if (!person) return <Page title={pageTitle}>{null}</Page>;

  async function download() {
    setDownloading(true);
    setProblem(undefined);
    try {
      setDownloaded(await downloadData(person!.userId));
    } catch (err) {
      setProblem(err instanceof Error ? err.message : 'We could not get your data. Try again.');
    } finally {
      setDownloading(false);
    }
  }

  return (
    <Page title={pageTitle}>
      <SummaryList
        rows={[
          ['Name', person.name],
          ['Email', person.email],
          ['You use Common Ground as', joinWords(person.roles.map((r) => roleWords[r] ?? r))],
        ]}
      />
      {hasRole('resident') && (
        <p>
          <a href={paths.accessNeeds()}>Your access needs</a>: what would help you take part, and whether the hubs of your sessions may see them.
        </p>
      )}
      {hasRole('resident') && (
        <p>
          <a href={paths.contactChoices()}>How we contact you</a>: text, email, a letter or a phone call, and anything that helps you read or hear what we send (like Easy Read or large print).
        </p>
      )}

      <h2 class="heading-l">Your data</h2>
      <p>You can have a copy of everything Common Ground holds about you: your account, bookings, attendance, volunteering, referrals, messages we sent, and who has looked at your records.</p>
      {problem && (
        <Notice tone="warning" title="There is a problem">
          {problem}
        </Notice>
      )}
      {downloaded && <Notice tone="success">Your data is saved as {downloaded}.</Notice>}
      <div class="button-group">
        <Button variant="secondary" onClick={download} busy={downloading}>
          Download your data
        </Button>
        {!showing && (
          <Button variant="secondary" onClick={() => setShowing(true)}>
            See your data on this page
          </Button>
        )}
      </div>
      {showing && <YourData personId={person.userId} />}

      <h2 class="heading-l">Delete your data</h2>
      <Loaded load={requests} label="Checking for a request…" retry={reload}>
        {(r) => {
          const waiting = r.items.find((x) => x.status === 'requested');
          return waiting ? (
            <Notice title="You have asked us to delete your data">
              <p>You asked on {formatDateTime(waiting.requestedAt)}. A partnership admin will delete it within a month. Until then you can keep using Common Ground as normal.</p>
            </Notice>
          ) : (
            <AskToErase onDone={reload} />
          );
        }}
      </Loaded>
    </Page>
  );
}

/** Everything held on the person, read on the page (the same document the download saves). */
function YourData({ personId }: { personId: string }) {
  const [data, retry] = useApi('exportPersonData', { params: { id: personId } });
  return (
    <section aria-labelledby="your-data" class="section-box">
      <h2 class="heading-m" id="your-data" tabIndex={-1}>
        Everything we hold about you
      </h2>
      <Loaded load={data} label="Gathering your data…" retry={retry}>
        {(d) => <ExportView data={d} level={3} />}
      </Loaded>
    </section>
  );
}

function AskToErase({ onDone }: { onDone: () => void }) {
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);

  async function ask(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await callApi('requestErasure', { body: note.trim() ? { note: note.trim() } : {} });
      onDone();
    } catch (err) {
      setErrors(summaryFrom(err, { note: 'Tell us in 500 characters or fewer' }));
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={ask}>
      <ErrorSummary errors={errors} />
      <p>
        We will delete your account and what it holds: your details, access needs, applications, checks and messages. Bookings, attendance and hours stay in the partnership’s counts, with nothing that
        says they were yours.
      </p>
      <Warning>Places you have booked for sessions still to come will be given up, and you will not be able to sign in to this account again.</Warning>
      <TextArea id="note" label="Anything you would like us to know (optional)" rows={3} value={note} onInput={setNote} error={errors.find((x) => x.field === 'note')?.message} />
      <Button type="submit" variant="warning" busy={busy}>
        Ask us to delete your data
      </Button>
    </form>
  );
}
