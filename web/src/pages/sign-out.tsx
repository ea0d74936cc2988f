import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../functions/lib/paths';
import { me, sendWaiting, signOut } from '../auth';
import { cognitoSignOutUrl } from '../cognito';
import { Button } from '../components/Button';
import { Loading } from '../components/Loading';
import { flashOn, Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { loadConfig } from '../config';

/**
 * Signing out leaves nothing on the device (a hub's shared tablet, a library computer): first anything the
 * register has waiting is sent; if it cannot be (no connection), the person is told before it is lost;
 * then the token, the register's copies and the service worker's caches are cleared.
 */
export default function SignOut() {
  const { route } = useLocation();
  const [unsent, setUnsent] = useState<number | undefined>();
  const [busy, setBusy] = useState(true);

  async function finish() {
    setBusy(true);
    await signOut();
    const config = await loadConfig();
    if (config.signIn === 'cognito' && config.cognito) {
      location.assign(cognitoSignOutUrl(config.cognito));
      return;
    }
    flashOn(paths.home(), 'You have signed out.');
    route(paths.home());
  }

  async function trySending() {
    setBusy(true);
    const left = await sendWaiting();
    if (left > 0) {
      setUnsent(left);
      setBusy(false);
      return;
    }
    await finish();
  }

  useEffect(() => {
    if (me.value === null) route(paths.home());
    else void trySending();
  }, []);

  if (unsent === undefined) {
    return (
      <Page title="Signing out">
        <Loading label="Sending anything waiting, then signing you out…" delayMs={0} />
      </Page>
    );
  }
  return (
    <Page title="Marks not sent yet">
      <Notice tone="warning" title={`${unsent === 1 ? 'One mark' : `${unsent} marks`} from a register on this device ${unsent === 1 ? 'has' : 'have'} not been sent`}>
        <p>
          There is no connection, so we could not send {unsent === 1 ? 'it' : 'them'}. If you sign out now, {unsent === 1 ? 'it is' : 'they are'} lost: signing out clears this device.
        </p>
      </Notice>
      <div class="button-group">
        <Button onClick={trySending} busy={busy}>
          Try sending again
        </Button>
        <Button variant="warning" onClick={finish} busy={busy}>
          Sign out and lose {unsent === 1 ? 'it' : 'them'}
        </Button>
      </div>
      <p>
        <a href={paths.registers()}>Go back to the registers</a>
      </p>
    </Page>
  );
}
