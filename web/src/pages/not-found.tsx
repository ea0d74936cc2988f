import { paths } from '../../../functions/lib/paths';
import { Page } from '../components/Page';

export default function NotFound() {
  return (
    <Page title="Page not found">
      <p>If you typed the web address, check it is correct.</p>
      <p>If you pasted the web address, check you copied the entire address.</p>
      <p>
        You can <a href={paths.home()}>go to the home page</a> or <a href={paths.activities()}>find activities</a>.
      </p>
    </Page>
  );
}
