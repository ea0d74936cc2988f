/**
 * "Is this yours?": someone who acts for an organisation claims a listing for it; a partnership admin
 * approves or refuses (the Claims page), and on approval the organisation looks after the listing.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Radios, TextArea } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { flashOn } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';

export default function ClaimActivity({ params, pageTitle }: PageProps) {
  const id = params.id ?? '';
  const [activity, reload] = useApi('getActivity', { params: { id } });
  const [organisations] = useApi('listOrganisations', { query: { limit: 100 } });
  const { route } = useLocation();
  const mine = me.value?.organisationIds ?? [];
  const [organisationId, setOrganisationId] = useState(mine.length === 1 ? mine[0]! : '');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const nameOf = (orgId: string) => (organisations.state === 'ready' ? organisations.data.items.find((o) => o.id === orgId)?.name : undefined) ?? 'Your organisation';

  async function send() {
    if (!organisationId) {
      setErrors([{ field: 'organisationId', message: 'Choose your organisation' }]);
      return;
    }
    setBusy(true);
    try {
      await callApi('claimActivity', { params: { id }, body: { organisationId, ...(note.trim() ? { note: note.trim() } : {}) } });
      flashOn(paths.activity({ id }), 'Thank you. The partnership’s admins will check your claim and tell you what they decide.');
      route(paths.activity({ id }));
    } catch (err) {
      setErrors(summaryFrom(err, {}));
      setBusy(false);
    }
  }

  return (
    <Page title={pageTitle} hasErrors={errors.length > 0}>
      <Loaded load={activity} label="Loading the activity…" retry={reload}>
        {(a) => (
          <>
            <p class="lead">If your organisation runs “{a.title}”, claim it. Once an admin approves, your organisation looks after the listing and keeps it up to date.</p>
            <ErrorSummary errors={errors} />
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void send();
              }}
              noValidate
            >
              <Radios
                id="organisationId"
                label="Which organisation runs it?"
                options={mine.map((o) => ({ value: o, label: nameOf(o) }))}
                value={organisationId}
                onChange={setOrganisationId}
                error={errorOf('organisationId')}
              />
              <TextArea id="note" label="Anything the admins should know (optional)" hint="For example, when your organisation took it over." value={note} onInput={setNote} error={errorOf('note')} />
              <Button type="submit" busy={busy}>
                Claim this listing
              </Button>
            </form>
          </>
        )}
      </Loaded>
    </Page>
  );
}
