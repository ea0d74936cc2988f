import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';

/** Local runtime only: what the platform would have sent by email and text message. */
export default function Mailbox({ pageTitle }: PageProps) {
  const [load, reload] = useApi('devMailbox');
  return (
    <Page title={pageTitle} caption="Local only">
      <p>Messages the platform sent while running on this computer, newest first. Nothing here leaves this machine.</p>
      <button class="button button-secondary" type="button" onClick={reload}>Refresh</button>
      <Loaded load={load} label="Loading the mailbox…" retry={reload}>
        {(data) => (
      <ul class="mail-list">
        {data.items.map((m) => (
          <li key={m.id} class="mail">
            <h2 class="heading-s">{m.subject}</h2>
            <p class="hint">{m.channel} to {m.address}, {new Date(m.sentAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })} ({m.kind})</p>
            <p>{m.text}</p>
            {m.attachments?.map((a) => (
              <p key={a.filename}>
                <a download={a.filename} href={`data:${a.contentType.split(';')[0]};charset=utf-8,${encodeURIComponent(a.content)}`}>Download {a.filename}</a>
              </p>
            ))}
          </li>
        ))}
      </ul>
        )}
      </Loaded>
    </Page>
  );
}
