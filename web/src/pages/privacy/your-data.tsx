import type { PersonDataExport } from '../../../../functions/privacy/schema';
import { me } from '../../auth';
import { Loaded, SignInFirst, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { ExportView } from './shared';

/** Everything Common Ground holds about the signed-in person, as a page. */
export default function YourData({ pageTitle }: PageProps) {
  const person = me.value;
  const [data, retry] = useApi<PersonDataExport>(person ? `/person-data/${encodeURIComponent(person.userId)}` : null);
  if (person === null) {
    return (
      <Page title={pageTitle}>
        <SignInFirst what="see your data" />
      </Page>
    );
  }
  return (
    <Page title={pageTitle}>
      <Loaded load={data} label="Gathering your data…" retry={retry}>
        {(d) => <ExportView data={d} />}
      </Loaded>
    </Page>
  );
}
