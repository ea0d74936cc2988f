import { useEffect, useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { SelfReferralReceipt } from '../../../../functions/referrals/schema';
import { callApi } from '../../api';
import { signedIn } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, TextArea, TextField } from '../../components/fields';
import { useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDateOf } from '../../format';
import type { PageProps } from '../../routes';
import { type ContactMethod, contactOptions, usePriorities } from './parts';

const looksLikeEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);
const looksLikePhone = (v: string) => /^\+?[0-9 ()-]{7,20}$/.test(v);

/**
 * Asking for support yourself, in plain English. Anyone can use it; a signed-in resident finds it filled in
 * from their profile, and every contact detail they type is kept (on their record and the referral).
 */
export default function SelfRefer({ pageTitle }: PageProps) {
  const [profile] = useApi('getMe', signedIn.value ? {} : null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [methods, setMethods] = useState<ContactMethod[]>([]);
  const [bestTimes, setBestTimes] = useState('');
  const [reasons, setReasons] = useState<string[]>([]);
  const [matters, setMatters] = useState('');
  const [agreed, setAgreed] = useState<string[]>([]);
  const [shareGp, setShareGp] = useState<string[]>([]);
  const [website, setWebsite] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<SelfReferralReceipt | null>(null);
  const priorities = usePriorities();
  const [mine] = useApi('listMySelfReferrals', signedIn.value ? {} : null);

  // filled in once from the profile; what the person then types is theirs
  useEffect(() => {
    if (profile.state !== 'ready') return;
    const p = profile.data;
    setName((v) => v || p.name);
    setEmail((v) => v || p.email);
    setPhone((v) => v || (p.phone ?? ''));
  }, [profile.state]);

  const submit = async (e: Event) => {
    e.preventDefault();
    // in the order the questions are on the page, so the summary reads top to bottom
    const found: SummaryError[] = [];
    if (!name.trim()) found.push({ field: 'name', message: 'Enter your name' });
    if (!methods.length) found.push({ field: 'contactPreferences-methods', message: 'Choose how we should contact you' });
    if ((methods.includes('phone') || methods.includes('text')) && !phone.trim()) found.push({ field: 'phone', message: 'Enter a phone number, so we can call or text you' });
    else if (phone.trim() && !looksLikePhone(phone.trim())) found.push({ field: 'phone', message: 'Enter a phone number like 07700 900123' });
    if (methods.includes('email') && !email.trim()) found.push({ field: 'email', message: 'Enter an email address, so we can email you' });
    else if (email.trim() && !looksLikeEmail(email.trim())) found.push({ field: 'email', message: 'Enter an email address like name@example.org' });
    if (!matters.trim()) found.push({ field: 'whatMattersToMe', message: 'Tell us a little about what would help' });
    if (!agreed.length) found.push({ field: 'consent-agreed', message: 'Tick the box to say you agree, so we can help you' });
    setErrors(found);
    if (found.length) return;
    setBusy(true);
    try {
      const receipt = await callApi('selfRefer', {
        body: {
          name: name.trim(),
          ...(phone.trim() ? { phone: phone.trim() } : {}),
          ...(email.trim() ? { email: email.trim() } : {}),
          contactPreferences: { methods, ...(bestTimes.trim() ? { bestTimes: bestTimes.trim() } : {}) },
          reasons,
          whatMattersToMe: matters.trim(),
          consent: { agreed: true, sharing: ['link-worker-team', 'activity-providers', ...(shareGp.length ? (['gp-practice'] as const) : [])] },
          ...(website ? { website } : {}),
        },
      });
      setDone(receipt);
    } catch (err) {
      setErrors(summaryFrom(err).map((x) => (x.field?.startsWith('reasons-') ? { ...x, field: 'reasons' } : x)));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Page title="We have your request">
        <div class="panel">
          <p class="panel-body">
            Your reference is <strong>{done.reference}</strong>
          </p>
        </div>
        <p>{done.message}</p>
        {signedIn.value && <p>We have emailed you this reference. If you call us, give the reference and we will find your request.</p>}
        <h2 class="heading-l">What happens next</h2>
        <p>A link worker will get in touch in the way you asked. They will listen to what matters to you and help you find activities and support nearby. You do not have to do anything else.</p>
        <p>
          <a href={paths.activities()}>Find activities</a> while you wait.
        </p>
      </Page>
    );
  }

  const e = (field: string) => errorFor(errors, field);
  return (
    <Page title={pageTitle} hasErrors={errors.length > 0}>
      <p class="lead">A link worker can help you find groups, activities and support near you. It is free. Tell us a little about yourself and we will contact you.</p>
      {mine.state === 'ready' && mine.data.items.length > 0 && (
        <Notice title="Your requests">
          <ul class="list">
            {mine.data.items.map((r) => (
              <li key={r.id}>
                Reference {r.reference}, sent {formatDateOf(r.createdAt)}: {r.statusLabel}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <TextField id="name" label="Your name" autocomplete="name" value={name} onInput={setName} error={e('name')} />
        <Checkboxes
          id="contactPreferences-methods"
          label="How should we contact you?"
          hint="Choose all that suit you."
          values={methods}
          onChange={setMethods}
          error={e('contactPreferences-methods')}
          options={contactOptions.filter((o) => o.value !== 'in-person')}
        />
        <TextField id="phone" label="Phone number (if you would like a call or text)" type="tel" autocomplete="tel" width={20} value={phone} onInput={setPhone} error={e('phone')} />
        <TextField id="email" label="Email address (if you would like an email)" type="email" autocomplete="email" spellcheck={false} value={email} onInput={setEmail} error={e('email')} />
        <TextField
          id="contactPreferences-bestTimes"
          label="When is a good time to contact you? (optional)"
          hint="For example, weekday mornings"
          value={bestTimes}
          onInput={setBestTimes}
          error={e('contactPreferences-bestTimes')}
        />
        <TextArea
          id="whatMattersToMe"
          label="What would help you?"
          hint="For example: 'I have been lonely since I retired and would like to meet people', or 'I care for my dad and need a break'. Write as much or as little as you like."
          value={matters}
          onInput={setMatters}
          error={e('whatMattersToMe')}
        />
        {priorities.length > 0 && (
          <Checkboxes
            id="reasons"
            label="Which of these are you looking for help with? (optional)"
            values={reasons}
            onChange={setReasons}
            error={e('reasons')}
            options={priorities.map((p) => ({ value: p.id, label: p.label }))}
          />
        )}
        <Checkboxes
          id="consent-agreed"
          label="Your information"
          hint="We keep what you tell us private. Only your link worker reads it. We share what is needed with the groups you choose to go to, so they can welcome you."
          values={agreed}
          onChange={setAgreed}
          error={e('consent-agreed')}
          options={[{ value: 'yes', label: 'I agree to a link worker using this to contact and help me' }]}
        />
        <Checkboxes id="consent-gp" label="Your GP practice (optional)" values={shareGp} onChange={setShareGp} options={[{ value: 'yes', label: 'You can tell my GP practice how I get on' }]} />
        <div class="visually-hidden" aria-hidden="true">
          <label for="website">Leave this empty</label>
          <input id="website" name="website" type="text" tabIndex={-1} autocomplete="off" value={website} onInput={(e) => setWebsite(e.currentTarget.value)} />
        </div>
        <Button type="submit" busy={busy}>
          {busy ? 'Sending…' : 'Send my request'}
        </Button>
      </form>
    </Page>
  );
}
