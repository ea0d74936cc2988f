import { useState } from 'preact/hooks';
import { api, ApiError, fieldErrors, fieldId } from '../../api';
import { me, signedIn } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Checkboxes, TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';
import { TextArea, useApi, usePriorities } from './parts';

interface MyReferral {
  id: string;
  statusLabel: string;
  createdAt: string;
}

/** Asking for support yourself, in plain English. Anyone can use it, signed in or not. */
export default function SelfRefer({ pageTitle }: PageProps) {
  const profile = me.value;
  const [name, setName] = useState(profile?.name ?? '');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState(profile?.email ?? '');
  const [methods, setMethods] = useState<string[]>([]);
  const [bestTimes, setBestTimes] = useState('');
  const [reasons, setReasons] = useState<string[]>([]);
  const [matters, setMatters] = useState('');
  const [agreed, setAgreed] = useState<string[]>([]);
  const [shareGp, setShareGp] = useState<string[]>([]);
  const [website, setWebsite] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<{ field?: string; message: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ reference: string; message: string } | null>(null);
  const priorities = usePriorities();
  const mine = useApi<{ items: MyReferral[] }>(signedIn.value ? '/self-referrals' : null, done ? 1 : 0);

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = 'Enter your name';
    if (!matters.trim()) local.whatMattersToMe = 'Tell us a little about what would help';
    if (!methods.length) local['contactPreferences-methods'] = 'Choose how we should contact you';
    if (!agreed.length) local['consent-agreed'] = 'Tick the box to say you agree, so we can help you';
    if (Object.keys(local).length) {
      setErrors(local);
      setSummary(Object.entries(local).map(([field, message]) => ({ field, message })));
      return;
    }
    setBusy(true);
    try {
      const receipt = await api<{ reference: string; message: string }>('/self-referrals', {
        method: 'POST',
        body: {
          name,
          ...(phone.trim() ? { phone } : {}),
          ...(email.trim() ? { email } : {}),
          contactPreferences: { methods, ...(bestTimes.trim() ? { bestTimes } : {}) },
          reasons,
          whatMattersToMe: matters,
          consent: { agreed: true, sharing: ['link-worker-team', 'activity-providers', ...(shareGp.length ? ['gp-practice'] : [])] },
          ...(website ? { website } : {}),
        },
      });
      setDone(receipt);
    } catch (err) {
      setErrors(fieldErrors(err));
      const list = err instanceof ApiError && err.errors.length ? err.errors.map((x) => ({ field: fieldId(x.field), message: x.message })) : [{ message: err instanceof ApiError ? err.detail : 'We could not send your request. Please try again.' }];
      setSummary(list);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Page title="We have your request">
        <Notice tone="success" title={`Your reference is ${done.reference.slice(-8)}`}>
          {done.message}
        </Notice>
        <h2 class="heading-l">What happens next</h2>
        <p>A link worker will get in touch in the way you asked. They will listen to what matters to you and help you find activities and support nearby. You do not have to do anything else.</p>
        <p><a href="/activities">Find activities</a> while you wait.</p>
      </Page>
    );
  }

  return (
    <Page title={pageTitle} hasErrors={summary.length > 0}>
      <p class="lead">A link worker can help you find groups, activities and support near you. It is free. Tell us a little about yourself and we will contact you.</p>
      {mine.state === 'ready' && mine.value.items.length > 0 && (
        <Notice title="Your requests">
          <ul class="list">
            {mine.value.items.map((r) => (
              <li key={r.id}>Sent {formatDateTime(r.createdAt)}: {r.statusLabel}</li>
            ))}
          </ul>
        </Notice>
      )}
      <ErrorSummary errors={summary} />
      <form onSubmit={submit} noValidate>
        <TextField id="name" label="Your name" autocomplete="name" value={name} onInput={setName} error={errors.name} />
        <Checkboxes
          id="contactPreferences-methods"
          label="How should we contact you?"
          hint="Choose all that suit you."
          values={methods}
          onChange={setMethods}
          error={errors['contactPreferences-methods']}
          options={[
            { value: 'phone', label: 'Phone call' },
            { value: 'text', label: 'Text message' },
            { value: 'email', label: 'Email' },
            { value: 'letter', label: 'Letter' },
          ]}
        />
        <TextField id="phone" label="Phone number (if you would like a call or text)" type="tel" autocomplete="tel" width={20} value={phone} onInput={setPhone} error={errors.phone} />
        <TextField id="email" label="Email address (if you would like an email)" type="email" autocomplete="email" spellcheck={false} value={email} onInput={setEmail} error={errors.email} />
        <TextField id="contactPreferences-bestTimes" label="When is a good time to contact you? (optional)" hint="For example, weekday mornings" value={bestTimes} onInput={setBestTimes} error={errors['contactPreferences-bestTimes']} />
        <TextArea
          id="whatMattersToMe"
          label="What would help you?"
          hint="For example: 'I have been lonely since I retired and would like to meet people', or 'I care for my dad and need a break'. Write as much or as little as you like."
          value={matters}
          onInput={setMatters}
          error={errors.whatMattersToMe}
        />
        {priorities.length > 0 && (
          <Checkboxes id="reasons" label="Which of these are you looking for help with? (optional)" values={reasons} onChange={setReasons} error={errors.reasons} options={priorities.map((p) => ({ value: p.id, label: p.label }))} />
        )}
        <Checkboxes
          id="consent-agreed"
          label="Your information"
          hint="We keep what you tell us private. Only your link worker reads it. We share what is needed with the groups you choose to go to, so they can welcome you."
          values={agreed}
          onChange={setAgreed}
          error={errors['consent-agreed']}
          options={[{ value: 'yes', label: 'I agree to a link worker using this to contact and help me' }]}
        />
        <Checkboxes id="consent-gp" label="Your GP practice (optional)" values={shareGp} onChange={setShareGp} options={[{ value: 'yes', label: 'You can tell my GP practice how I get on' }]} />
        <div class="visually-hidden" aria-hidden="true">
          <label for="website">Leave this empty</label>
          <input id="website" name="website" type="text" tabIndex={-1} autocomplete="off" value={website} onInput={(e) => setWebsite(e.currentTarget.value)} />
        </div>
        <Button type="submit" busy={busy}>Send my request</Button>
      </form>
    </Page>
  );
}
