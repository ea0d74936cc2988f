/**
 * Checking people in at the door from a phone: type the code on their booking, or scan its QR code (which
 * opens this page with the code filled in). Works only on the session's day; a code for another session or
 * day is refused with the reason.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CheckInResult } from '../../../../functions/attendance/schema';
import { paths } from '../../../../functions/lib/paths';
import { ApiError, callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';

export default function CheckInPage({ params, query }: PageProps) {
  const sessionId = params.sessionId;
  const [code, setCode] = useState(query.code ?? '');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CheckInResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(value = code) {
    const typed = value.trim();
    if (!typed) return setError('Enter the check-in code on the person’s booking');
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await callApi('checkIn', { body: { ...(sessionId ? { sessionId } : {}), code: typed } }));
      setCode('');
    } catch (err) {
      setError(
        err instanceof ApiError ? (err.errors[0]?.field === 'body.code' && err.status === 400 ? 'Enter the 6-letter check-in code on the booking' : err.detail) : 'Something went wrong. Try again.',
      );
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (query.code) void submit(query.code);
  }, []);

  return (
    <Page title="Check in at the door" hasErrors={!!error}>
      {error && <ErrorSummary errors={[{ field: 'check-in-code', message: error }]} title="This person could not be checked in" />}
      {done && (
        <Notice tone="success" title={done.alreadyCheckedIn ? `${done.name} was already checked in` : `${done.name} is checked in`}>
          <p>
            {done.activityTitle}
            {done.companion ? ', with their companion' : ''}.
          </p>
        </Notice>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          id="check-in-code"
          label="Check-in code"
          hint="The 6 letters and numbers on their booking. Or scan the QR code on their booking with this phone’s camera."
          value={code}
          onInput={setCode}
          autocomplete="off"
          spellcheck={false}
          width={10}
          {...(error ? { error } : {})}
        />
        <Button type="submit" busy={busy}>
          Check in
        </Button>
      </form>
      {sessionId && (
        <p>
          <a href={paths.register({ sessionId })}>Back to the register</a>
        </p>
      )}
    </Page>
  );
}
