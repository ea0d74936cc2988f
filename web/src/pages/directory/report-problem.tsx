/**
 * "Report a problem" with a listing, open to everyone: a reason (the ones ALISS uses) and a note. The report
 * goes to the listing's people and the partnership's admins (functions/directory/service.ts reportProblem).
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import type { ProblemReason } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Radios, TextArea } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { flashOn } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';

export const reasonOptions: { value: ProblemReason; label: string }[] = [
  { value: 'information-unclear', label: 'The information is unclear' },
  { value: 'contact-details-wrong', label: 'The contact details are wrong' },
  { value: 'service-closed', label: 'It has closed or stopped running' },
  { value: 'wrong-area', label: 'It is in the wrong area' },
];

export default function ReportProblem({ params, pageTitle }: PageProps) {
  const id = params.id ?? '';
  const [activity, reload] = useApi('getActivity', { params: { id } });
  const { route } = useLocation();
  const [reason, setReason] = useState<ProblemReason | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;

  async function send(title: string) {
    if (!reason) {
      setErrors([{ field: 'reason', message: 'Choose what is wrong' }]);
      return;
    }
    setBusy(true);
    try {
      await callApi('reportProblem', { params: { id }, body: { reason, ...(note.trim() ? { note: note.trim() } : {}) } });
      flashOn(paths.activity({ id }), `Thank you. We have told the people who run “${title}” and the partnership’s admins.`);
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
            <p class="lead">Tell us what is wrong with “{a.title}”. The people who run it and the partnership’s admins will check it.</p>
            <ErrorSummary errors={errors} />
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void send(a.title);
              }}
              noValidate
            >
              <Radios id="reason" label="What is wrong?" options={reasonOptions} value={reason} onChange={setReason} error={errorOf('reason')} />
              <TextArea
                id="note"
                label="Tell us more (optional)"
                hint="For example, the right phone number. Do not include anyone’s private details."
                value={note}
                onInput={setNote}
                error={errorOf('note')}
              />
              <Button type="submit" busy={busy}>
                Send the report
              </Button>
            </form>
            <p>
              <a href={paths.activity({ id })}>Back to {a.title}</a>
            </p>
          </>
        )}
      </Loaded>
    </Page>
  );
}
