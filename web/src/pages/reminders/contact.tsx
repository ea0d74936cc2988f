/** How a person wants to be contacted, and their communication needs (the Accessible Information Standard). */
import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import { channelLabels, channels, communicationNeedKinds, communicationNeedLabels, type Channel, type CommunicationNeed, type CommunicationView } from '../../../../functions/reminders/schema';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, summaryFrom, type SummaryError } from '../../components/ErrorSummary';
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
  const [channel, setChannel] = useState<Channel>(saved.channel);
  const [needs, setNeeds] = useState<CommunicationNeed[]>(saved.needs);
  const [language, setLanguage] = useState(saved.language ?? '');
  const [address, setAddress] = useState(saved.postalAddress ?? '');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setDone(false);
    setErrors([]);
    try {
      await callApi('setMyCommunication', { body: { channel, needs, ...(language.trim() ? { language } : {}), ...(address.trim() ? { postalAddress: address } : {}) } });
      setDone(true);
    } catch (err) {
      setErrors(summaryFrom(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ErrorSummary errors={errors} />
      <p class="lead">We send reminders and news about your bookings. Tell us the way that works for you.</p>
      <form onSubmit={save} noValidate>
        <Radios id="channel" label="How should we contact you?" options={channels.map((c) => ({ value: c, label: channelLabels[c] }))} value={channel} onChange={setChannel} error={errorFor(errors, 'channel')} />
        {channel === 'letter' && <TextArea id="postalAddress" label="Address for letters" hint="As it should be written on the envelope." value={address} onInput={setAddress} error={errorFor(errors, 'postalAddress')} rows={4} />}
        <Checkboxes
          id="needs"
          label="Does anything help you read or hear what we send?"
          hint="Tick all that apply. The hub sees these on the register so they can be ready for you, and we send Easy Read messages if you tick it."
          options={communicationNeedKinds.map((k) => ({ value: k, label: communicationNeedLabels[k] }))}
          values={needs}
          onChange={setNeeds}
          error={errorFor(errors, 'needs')}
        />
        {needs.includes('spoken-language-interpreter') && <TextField id="language" label="Which language?" value={language} onInput={setLanguage} error={errorFor(errors, 'language')} width={20} />}
        <div aria-live="polite">{done && <Notice tone="success">Saved. We will contact you this way from now on.</Notice>}</div>
        <Button type="submit" busy={busy}>
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </form>
    </>
  );
}
