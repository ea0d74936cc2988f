/** The partnership's settings an admin chooses: whether partners' new activities are listed at once or after approval. */
import { useState } from 'preact/hooks';
import type { PartnershipSettings } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Radios } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';

export default function Settings({ pageTitle }: PageProps) {
  const [load, reload] = useApi('getPartnershipSettings');
  return (
    <Page title={pageTitle}>
      <Loaded load={load} label="Loading the settings…" retry={reload}>
        {(s) => <SettingsForm settings={s} />}
      </Loaded>
    </Page>
  );
}

function SettingsForm({ settings }: { settings: PartnershipSettings }) {
  const [value, setValue] = useState(settings.newActivitiesNeedApproval ? 'approval' : 'at-once');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [saved, setSaved] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setSaved(undefined);
    try {
      await callApi('updatePartnershipSettings', { body: { newActivitiesNeedApproval: value === 'approval' } });
      setErrors([]);
      setSaved(value === 'approval' ? 'Partners’ new activities now wait for an admin’s approval.' : 'Partners’ new activities are now listed at once.');
    } catch (err) {
      setErrors(summaryFrom(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form noValidate onSubmit={save}>
      <ErrorSummary errors={errors} />
      {saved && <Notice tone="success">{saved}</Notice>}
      <Radios
        id="approval"
        label="When a partner organisation adds an activity, when do residents see it?"
        options={[
          { value: 'at-once', label: 'At once', hint: 'The partner is trusted to list activities themselves.' },
          { value: 'approval', label: 'After an admin approves it', hint: 'New activities wait in the approvals list until an admin lists them.' },
        ]}
        value={value}
        onChange={setValue}
      />
      <Button type="submit" busy={busy}>
        Save
      </Button>
      <p>
        <a href={paths.approvals()}>New activities waiting for approval</a>
      </p>
    </form>
  );
}
