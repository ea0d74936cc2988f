/** Texts people sent the hub that a person needs to read, and places nobody confirmed. */
import { paths } from '../../../../functions/lib/paths';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { Tag } from '../../components/SummaryList';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';

export default function HubTextsPage({ pageTitle, params }: PageProps) {
  const [load, reload] = useApi('listHubTexts', { params: { hubId: params.hubId! } });
  // the partnership's own list (admins): what is about no hub, such as a text from a number we never asked
  const partnership = params.hubId === 'partnership';
  return (
    <Page title={partnership ? 'Texts and letters not about any one hub' : pageTitle}>
      <p>Replies we could not act on by ourselves (YES, NO and STOP are handled for you), and people who have not said whether they are coming.</p>
      {partnership && <p>These came from numbers we had not sent a question to, or are about people and messages that belong to no hub.</p>}
      <button class="button button-secondary" type="button" onClick={reload}>
        Refresh
      </button>
      <Loaded load={load} label="Loading texts…" retry={reload}>
        {(data) =>
          data.items.length === 0 ? (
            <p>Nothing to read.</p>
          ) : (
            <ul class="list">
              {data.items.map((i) => (
                <li key={i.id}>
                  <h2 class="heading-s">
                    {i.personName ?? i.from ?? 'Someone we do not know'}{' '}
                    <Tag tone={i.kind === 'text' ? 'blue' : 'yellow'}>{{ text: 'Text', 'no-answer': 'Not confirmed', call: 'Call this person', letter: 'Letter to post' }[i.kind]}</Tag>
                  </h2>
                  {i.kind === 'letter' ? (
                    <>
                      <pre class="letter">{i.text}</pre>
                      <button class="button button-secondary" type="button" onClick={() => window.print()}>
                        Print<span class="visually-hidden"> the letter to {i.personName ?? 'this person'}</span>
                      </button>
                    </>
                  ) : (
                    <p>{i.text}</p>
                  )}
                  <p class="hint">
                    {formatDateTime(i.receivedAt)}
                    {i.activityTitle ? `. About ${i.activityTitle}${i.startsAt ? `, ${formatDateTime(i.startsAt)}` : ''}` : ''}
                    {i.from && i.personName ? `. From ${i.from}` : ''}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <p>{partnership ? <a href={paths.home()}>Back to the home page</a> : <a href={paths.hub({ hubId: params.hubId! })}>Back to the hub</a>}</p>
    </Page>
  );
}
