import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../functions/lib/paths';
import { ApiError, fieldErrors } from '../api';
import { me, signIn } from '../auth';
import { startCognitoSignIn } from '../cognito';
import { Button } from '../components/Button';
import { ErrorSummary, type SummaryError } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { Loading } from '../components/Loading';
import { flashOn, Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { type AppConfig, type CognitoConfig, loadConfig } from '../config';

/** The people in the demo data, one for each kind of user. */
export const demoPeople = [
  { email: 'resident@example.org', who: 'a resident', does: 'finds activities and reserves places' },
  { email: 'volunteer@example.org', who: 'a volunteer', does: 'applies for roles and signs up for shifts' },
  { email: 'coordinator@example.org', who: 'a hub coordinator', does: 'runs a hub: rooms, sessions, volunteers and the register' },
  { email: 'partner@example.org', who: 'a partner organisation', does: 'lists its activities and asks for rooms at a hub' },
  { email: 'linkworker@example.org', who: 'a link worker', does: 'refers residents to activities and follows how they get on' },
  { email: 'admin@example.org', who: 'a partnership admin', does: 'sees reports on attendance, referrals, volunteering and gaps' },
];

const looksLikeEmail = (v: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);

/** Only go back to a page on this site. */
function safeNext(next: string | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith(paths.signIn()) ? next : paths.home();
}

export default function SignIn() {
  const [config, setConfig] = useState<AppConfig | undefined>();
  useEffect(() => {
    loadConfig().then(setConfig);
  }, []);

  if (!config) {
    return (
      <Page title="Sign in">
        <Loading />
      </Page>
    );
  }
  return config.signIn === 'cognito' && config.cognito ? <CognitoSignIn config={config.cognito} /> : <DevSignIn />;
}

/** On AWS: people sign in on the secure sign-in page (Cognito's) and come back to where they were. */
function CognitoSignIn({ config }: { config: CognitoConfig }) {
  const { query } = useLocation();
  const [busy, setBusy] = useState(false);
  return (
    <Page title="Sign in">
      <p>You sign in to Common Ground on a secure sign-in page. You will come back here afterwards.</p>
      <p>If you do not have an account yet, you can create one there.</p>
      <Button
        busy={busy}
        onClick={() => {
          setBusy(true);
          void startCognitoSignIn(config, safeNext(query.next)).catch(() => setBusy(false));
        }}
      >
        Continue to sign in
      </Button>
      {busy && <Loading label="Going to the sign-in page…" />}
    </Page>
  );
}

/** On the local runtime: pick a demo person, or type any email address the demo data knows. */
function DevSignIn() {
  const { query, route } = useLocation();
  const next = safeNext(query.next);
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState<string | null>(null);

  async function signInAs(address: string, fromForm: boolean) {
    if (busy) return;
    const value = address.trim();
    if (fromForm && !value) return setErrors([{ field: 'email', message: 'Enter your email address' }]);
    if (fromForm && !looksLikeEmail(value)) {
      return setErrors([{ field: 'email', message: 'Enter an email address in the correct format, like name@example.org' }]);
    }
    setBusy(value);
    setErrors([]);
    try {
      const person = await signIn(value);
      flashOn(next, `You are signed in as ${person?.name ?? value}.`);
      route(next);
    } catch (err) {
      setBusy(null);
      const byField = fieldErrors(err);
      if (byField.email) return setErrors([{ field: 'email', message: byField.email }]);
      if (err instanceof ApiError && err.status === 404) {
        return setErrors([{ message: 'Demo sign-in is not switched on here. It only works on the local copy of Common Ground.' }]);
      }
      if (err instanceof ApiError && (err.status === 400 || err.status === 401 || err.status === 403)) {
        return setErrors([{ field: fromForm ? 'email' : undefined, message: err.detail || `We could not sign you in as ${value}` }]);
      }
      setErrors([{ message: err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.' }]);
    }
  }

  const emailError = errors.find((e) => e.field === 'email')?.message;

  return (
    <Page title="Sign in" hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      {me.value && <Notice title="You are already signed in">You are signed in as {me.value.name}. Signing in again will sign you in as someone else.</Notice>}
      <p>This is a copy of Common Ground running on your own computer, with made-up demo data. You can sign in as any of the demo people without a password.</p>
      <p>On the live service, people sign in on a secure sign-in page (Amazon Cognito) with their own email address and password instead.</p>

      <h2 class="heading-m">Sign in as a demo person</h2>
      <ul class="demo-people">
        {demoPeople.map((p) => (
          <li key={p.email} class="demo-person">
            <Button variant="secondary" busy={busy === p.email} aria-describedby={`demo-${p.email.split('@')[0]}`} onClick={() => signInAs(p.email, false)}>
              Sign in as {p.who}
            </Button>
            <p class="hint" id={`demo-${p.email.split('@')[0]}`}>
              {p.email}: {p.does}
            </p>
          </li>
        ))}
      </ul>

      <h2 class="heading-m">Or sign in with an email address</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          signInAs(email, true);
        }}
      >
        <TextField
          id="email"
          label="Email address"
          hint="Any email address in the demo data"
          type="email"
          autocomplete="email"
          spellcheck={false}
          value={email}
          onInput={setEmail}
          error={emailError}
        />
        <Button type="submit" busy={busy === email.trim() && !!busy}>
          Sign in
        </Button>
      </form>
      {busy && <Loading label="Signing in…" />}
    </Page>
  );
}
