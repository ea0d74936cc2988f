import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../functions/lib/paths';
import { finishCognitoSignIn, SignInFailed } from '../cognito';
import { ErrorSummary } from '../components/ErrorSummary';
import { Loading } from '../components/Loading';
import { flashOn } from '../components/Notice';
import { Page } from '../components/Page';
import { loadConfig } from '../config';

/** Where Cognito's hosted sign-in page sends people back to, with a code for their sign-in. */
export default function AuthCallback() {
  const { route } = useLocation();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    (async () => {
      const config = await loadConfig();
      if (config.signIn !== 'cognito' || !config.cognito) throw new SignInFailed('Signing in through Cognito is not switched on here.');
      const { person, next } = await finishCognitoSignIn(config.cognito, new URLSearchParams(location.search));
      flashOn(next, `You are signed in as ${person?.name ?? 'yourself'}.`);
      route(next, true);
    })().catch((err) => setProblem(err instanceof SignInFailed ? err.message : 'Something went wrong while signing you in.'));
  }, []);

  if (!problem) {
    return (
      <Page title="Signing you in">
        <Loading label="Signing you in…" delayMs={0} />
      </Page>
    );
  }
  return (
    <Page title="You are not signed in" hasErrors>
      <ErrorSummary errors={[{ message: problem }]} />
      <p>
        <a href={paths.signIn()}>Sign in again</a>
      </p>
    </Page>
  );
}
