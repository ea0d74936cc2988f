import type { PageProps } from '../../routes';
import { Page } from '../../components/Page';
import { SessionList } from './SessionList';

export default function ActivitySessions({ params }: PageProps) {
  return (
    <Page title="Dates and places">
      <p>
        <a href={`/activities/${params.id}`}>Back to the activity</a>
      </p>
      <SessionList activityId={params.id!} />
    </Page>
  );
}
