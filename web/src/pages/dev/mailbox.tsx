import { useState } from 'preact/hooks';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { TextField } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';

/** Local runtime only: what the platform would have sent by email and text message, and replies to texts. */
export default function Mailbox({ pageTitle }: PageProps) {
  const [load, reload] = useApi('devMailbox');
  return (
    <Page title={pageTitle} caption="Local only">
      <p>Messages the platform sent while running on this computer, newest first. Nothing here leaves this machine. Reply to a text as the person would, to see what happens.</p>
      <button class="button button-secondary" type="button" onClick={reload}>
        Refresh
      </button>
      <Loaded load={load} label="Loading the mailbox…" retry={reload}>
        {(data) => (
          <ul class="mail-list">
            {data.items.map((m) => (
              <li key={m.id} class="mail">
                <h2 class="heading-s">{m.channel === 'sms' ? `Text to ${m.address}` : m.subject}</h2>
                <p class="hint">
                  {m.channel} to {m.address}, {new Date(m.sentAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })} ({m.kind})
                </p>
                <p>{m.text}</p>
                {m.attachments?.map((a) => (
                  <p key={a.filename}>
                    <a download={a.filename} href={`data:${a.contentType.split(';')[0]};charset=utf-8,${encodeURIComponent(a.content)}`}>
                      Download {a.filename}
                    </a>
                  </p>
                ))}
                {m.channel === 'sms' && <ReplyForm messageId={m.id} phone={m.address} onSent={reload} />}
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </Page>
  );
}

/** Sends a reply from the person's phone, in the shape AWS End User Messaging SMS delivers it, to the same handler. */
function ReplyForm({ messageId, phone, onSent }: { messageId: string; phone: string; onSent: () => void }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [result, setResult] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const id = `reply-${messageId}`;
  const send = async (e: Event) => {
    e.preventDefault();
    if (!body.trim()) return setError('Enter a reply, like YES or NO');
    setBusy(true);
    setError(undefined);
    try {
      const answer = await callApi('devReplyByText', {
        body: { originationNumber: phone, destinationNumber: '+447700900000', messageBody: body, inboundMessageId: crypto.randomUUID(), previousPublishedMessageId: messageId },
      });
      setResult(`Read as ${answer.reply.toUpperCase()}: ${answer.outcome.replace(/-/g, ' ')}.`);
      setBody('');
      onSent();
    } catch {
      setError('The reply could not be sent. Try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={send} noValidate class="reply-form">
      <TextField id={id} label={`Reply from ${phone}`} hint="As the person would text back: YES, NO, STOP, or anything else" value={body} onInput={setBody} error={error} width={20} />
      <Button type="submit" variant="secondary" busy={busy}>
        Send reply
      </Button>
      <div aria-live="polite">{result && <Notice tone="success">{result}</Notice>}</div>
    </form>
  );
}
