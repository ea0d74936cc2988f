import { Page } from '../components/Page';
import type { PageProps } from '../routes';

/** Holds the place of a page that is still being built. Replace it in routes.tsx with the real page. */
export default function ComingSoon({ pageTitle }: PageProps) {
  return (
    <Page title={pageTitle}>
      <p>This part of Common Ground is still being built.</p>
      <p>
        In the meantime, ask at your local community hub, or <a href="/">go back to the home page</a>.
      </p>
    </Page>
  );
}
