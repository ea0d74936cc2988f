/** How a person wants to be contacted, and their communication needs (the Accessible Information Standard). */
import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import {
  type Channel,
  type CommunicationInput,
  type CommunicationNeed,
  type CommunicationView,
  channelLabels,
  channels,
  communicationNeedKinds,
  communicationNeedLabels,
} from '../../../../functions/reminders/schema';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, Radios, TextArea, TextField } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';

export default function ContactChoicesPage({ pageTitle }: PageProps) {
  const [load, reload] = useApi('getMyCommunication');
  return (
    <Page title={pageTitle}>
      <Loaded load={load} label="Loading your choices…" retry={reload}>
        {(v) => <ContactForm saved={v} />}
      </Loaded>
      <p>
        <a href={paths.account()}>Back to your account</a>
      </p>
    </Page>
  );
}

function ContactForm({ saved }: { saved: CommunicationView }) {
  return <CommunicationForm saved={saved} about="you" onSave={async (body) => void (await callApi('setMyCommunication', { body }))} />;
}

const words = {
  you: {
    lead: 'We send reminders and news about your bookings. Tell us the way that works for you.',
    channel: 'How should we contact you?',
    needs: 'Does anything help you read or hear what we send?',
    hint: 'Tick all that apply. The hub sees these on the register so they can be ready for you, and we send Easy Read messages if you tick it.',
    done: 'Saved. We will contact you this way from now on.',
    save: 'Save',
  },
  them: {
    lead: 'Record what the person told you: how they want to hear from us, and anything that helps them read or hear it.',
    channel: 'How should we contact them?',
    needs: 'Does anything help them read or hear what we send?',
    hint: 'Tick all that apply. Staff see these wherever they see the person, and we send Easy Read messages if you tick it.',
    done: 'Saved. We will contact them this way from now on.',
    save: 'Save how to contact them',
  },
};

/**
 * How a person wants to be contacted and their communication needs: the person's own page, or a link worker
 * recording them for someone they support (`about: 'them'`, field ids under `idPrefix`).
 */
export function CommunicationForm({
  saved,
  about,
  onSave,
  idPrefix = '',
}: {
  saved: CommunicationView;
  about: 'you' | 'them';
  onSave: (body: CommunicationInput) => Promise<void>;
  idPrefix?: string;
}) {
  const w = words[about];
  const [channel, setChannel] = useState<Channel>(saved.channel);
  const [needs, setNeeds] = useState<CommunicationNeed[]>(saved.needs);
  const [language, setLanguage] = useState(saved.language ?? '');
  const [address, setAddress] = useState(saved.postalAddress ?? '');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const id = (name: string) => `${idPrefix}${name}`;
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setDone(false);
    setErrors([]);
    try {
      await onSave({ channel, needs, ...(language.trim() ? { language } : {}), ...(address.trim() ? { postalAddress: address } : {}) });
      setDone(true);
    } catch (err) {
      // a link worker's change arrives as the person's `communication`: its fields are this form's
      setErrors(summaryFrom(err).map((e) => (e.field ? { ...e, field: id(e.field.replace(/^communication-/, '')) } : e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ErrorSummary errors={errors} />
      <p class="lead">{w.lead}</p>
      <form onSubmit={save} noValidate>
        <Radios
          id={id('channel')}
          label={w.channel}
          options={channels.map((c) => ({ value: c, label: channelLabels[c] }))}
          value={channel}
          onChange={setChannel}
          error={errorFor(errors, id('channel'))}
        />
        {channel === 'letter' && (
          <TextArea
            id={id('postalAddress')}
            label="Address for letters"
            hint="As it should be written on the envelope."
            value={address}
            onInput={setAddress}
            error={errorFor(errors, id('postalAddress'))}
            rows={4}
          />
        )}
        <Checkboxes
          id={id('needs')}
          label={w.needs}
          hint={w.hint}
          options={communicationNeedKinds.map((k) => ({ value: k, label: communicationNeedLabels[k] }))}
          values={needs}
          onChange={setNeeds}
          error={errorFor(errors, id('needs'))}
        />
        {needs.includes('spoken-language-interpreter') && (
          <TextField id={id('language')} label="Which language?" value={language} onInput={setLanguage} error={errorFor(errors, id('language'))} width={20} />
        )}
        <div aria-live="polite">{done && <Notice tone="success">{w.done}</Notice>}</div>
        <Button type="submit" busy={busy}>
          {busy ? 'Saving…' : w.save}
        </Button>
      </form>
    </>
  );
}
