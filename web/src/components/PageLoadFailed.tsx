import { Page } from './Page';

/** Shown when part of the app could not be downloaded, usually because the connection dropped. */
export function PageLoadFailed() {
  return (
    <Page title="Sorry, this page did not load">
      <p>This may be because your internet connection dropped, or because we have just updated Common Ground.</p>
      <p>
        <a href={location.href} onClick={(e) => (e.preventDefault(), location.reload())}>
          Reload the page
        </a>{' '}
        to try again.
      </p>
    </Page>
  );
}
