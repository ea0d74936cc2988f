import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../../functions/lib/paths';
import type { RecordCheckInput } from '../../../../functions/volunteers/schema';
import { callApi } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { DateFields, emptyDate, Radios, readDate, TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { SignInFirst } from '../../components/load';
import { flashOn } from '../../components/Notice';
import { Page } from '../../components/Page';
import { londonToday } from '../../format';
import type { PageProps } from '../../routes';

/** What a "due" requirement's words say about the check to record: "enhanced DBS check" is dbs-enhanced. */
function guessType(requirement = ''): { type: string; module: string } {
  const dbs = /^(basic|standard|enhanced) DBS/i.exec(requirement);
  if (dbs) return { type: `dbs-${dbs[1]!.toLowerCase()}`, module: '' };
  if (/^references/i.test(requirement)) return { type: 'references', module: '' };
  const training = /^"(.+)" training/.exec(requirement);
  return training ? { type: 'training', module: training[1]! } : { type: '', module: '' };
}

/** Coordinators: record that a check was done: type, outcome and dates, never what the certificate says. */
export default function RecordCheck({ pageTitle, query }: PageProps) {
  const { route } = useLocation();
  const guess = guessType(query.requirement);
  const [type, setType] = useState(guess.type);
  const [module, setModule] = useState(guess.module);
  const [outcome, setOutcome] = useState('');
  const [checkedOn, setCheckedOn] = useState(emptyDate);
  const [expiresOn, setExpiresOn] = useState(emptyDate);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const name = query.name || 'the volunteer';

  if (me.value === null) {
    return (
      <Page title={pageTitle}>
        <SignInFirst />
      </Page>
    );
  }
  if (!query.volunteerId) {
    return (
      <Page title={pageTitle}>
        <p>
          Choose a volunteer from the <a href={paths.checksDue()}>checks due</a> list.
        </p>
      </Page>
    );
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const problems: SummaryError[] = [];
    if (!type) problems.push({ field: 'type', message: 'Select the type of check' });
    if (type === 'training' && !module.trim()) problems.push({ field: 'module', message: 'Enter the name of the training' });
    if (!outcome) problems.push({ field: 'outcome', message: 'Select the outcome of the check' });
    const checked = readDate(checkedOn, 'the date of the check');
    if (checked.problem) problems.push({ field: 'checkedOn', message: checked.problem });
    else if (checked.iso! > londonToday()) problems.push({ field: 'checkedOn', message: 'The date of the check must be today or in the past' });
    const anyExpiry = !!(expiresOn.day || expiresOn.month || expiresOn.year);
    const expiry = anyExpiry ? readDate(expiresOn, 'the date it expires') : {};
    if (expiry.problem) problems.push({ field: 'expiresOn', message: expiry.problem });
    else if (expiry.iso && checked.iso && expiry.iso < checked.iso) problems.push({ field: 'expiresOn', message: 'The date it expires must be after the date of the check' });
    setErrors(problems);
    if (problems.length) return;
    const body: RecordCheckInput = {
      volunteerId: query.volunteerId!,
      type: type as RecordCheckInput['type'],
      ...(type === 'training' ? { module: module.trim() } : {}),
      outcome: outcome as RecordCheckInput['outcome'],
      checkedOn: checked.iso!,
      ...(expiry.iso ? { expiresOn: expiry.iso } : {}),
    };
    setBusy(true);
    try {
      await callApi('recordVolunteerCheck', { body });
      flashOn(paths.checksDue(), `You recorded a check for ${name}.`);
      route(paths.checksDue());
    } catch (err) {
      setErrors(summaryFrom(err, { checkedOn: 'The date of the check must be today or in the past', expiresOn: 'The date it expires must be after the date of the check' }));
      setBusy(false);
    }
  }

  return (
    <Page title={pageTitle} caption={name} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <p>Only record what kind of check it was, when, and whether it was clear. Do not write down the certificate number or anything it says.</p>
      <form noValidate onSubmit={submit}>
        <Radios
          id="type"
          label="What kind of check?"
          options={[
            { value: 'dbs-basic', label: 'Basic DBS check' },
            { value: 'dbs-standard', label: 'Standard DBS check' },
            { value: 'dbs-enhanced', label: 'Enhanced DBS check' },
            { value: 'references', label: 'References' },
            { value: 'training', label: 'Training' },
          ]}
          value={type}
          onChange={setType}
          error={errorFor(errors, 'type')}
        />
        {type === 'training' && <TextField id="module" label="Name of the training" hint="For example, Food hygiene level 2" value={module} onInput={setModule} error={errorFor(errors, 'module')} />}
        <Radios
          id="outcome"
          label="What was the outcome?"
          options={[
            { value: 'clear', label: 'Clear', hint: 'Nothing that stops them doing the role' },
            { value: 'not-clear', label: 'Not clear', hint: 'Talk to your safeguarding lead before they take shifts' },
            { value: 'pending', label: 'Waiting for the result' },
          ]}
          value={outcome}
          onChange={setOutcome}
          error={errorFor(errors, 'outcome')}
        />
        <DateFields id="checkedOn" label="Date of the check" hint="For example, 27 3 2025" value={checkedOn} onInput={setCheckedOn} error={errorFor(errors, 'checkedOn')} />
        <DateFields
          id="expiresOn"
          label="When does it need renewing? (optional)"
          hint="Many partnerships renew DBS checks every 3 years. Leave blank if it does not expire."
          value={expiresOn}
          onInput={setExpiresOn}
          error={errorFor(errors, 'expiresOn')}
        />
        <Button type="submit" busy={busy}>
          Record check
        </Button>
        {busy && <Loading label="Recording…" delayMs={0} />}
      </form>
      <p>
        <a href={paths.checksDue()}>Back to checks due</a>
      </p>
    </Page>
  );
}
