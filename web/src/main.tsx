import { signal } from '@preact/signals';
import { render } from 'preact';
import { LocationProvider, Route, Router } from 'preact-iso/router';
import { loadMe, token } from './auth';
import { Layout } from './components/Layout';
import { Loading } from './components/Loading';
import { startDirectoryReads } from './pages/directory/early';
import { notFound, pages } from './routes';

/** true while the next page's code is downloading */
const pageLoading = signal(false);

function App() {
  return (
    <LocationProvider>
      <Layout>
        {pageLoading.value && <Loading />}
        <Router onLoadStart={() => (pageLoading.value = true)} onLoadEnd={() => (pageLoading.value = false)}>
          {[
            ...pages.map((p) => <Route key={p.path} path={p.path} component={p.component} pageTitle={p.title} />),
            <Route key="404" default component={notFound.component} pageTitle={notFound.title} />,
          ]}
        </Router>
      </Layout>
    </LocationProvider>
  );
}

startDirectoryReads(location.pathname, location.search);
if (token.value) loadMe().catch(() => undefined);
render(<App />, document.getElementById('app')!);
