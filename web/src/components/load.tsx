/**
 * The one way pages load data: `useApi` (or `useLoad` for anything that is not one API path) gives a
 * `Load` that is loading, ready or failed, and `Loaded` shows progress, the failure with "Try again", or the
 * page. A reload keeps showing what was there until the new answer comes.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiAllPages, ApiError, type RequestOptions } from '../api';
import { paths } from '../../../functions/lib/paths';
import { Button, ButtonLink } from './Button';
import { Loading } from './Loading';

export type Load<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'failed'; error: ApiError };

const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError(0, 'Something went wrong', 'Something went wrong. Please try again.'));

/** Load something; `reload()` fetches it again (after a change). Nothing is fetched while `deps` holds null. */
export function useLoad<T>(fetcher: (signal: AbortSignal) => Promise<T>, deps: unknown[]): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (deps.includes(null)) return;
    const abort = new AbortController();
    fetcher(abort.signal)
      .then((data) => !abort.signal.aborted && setResult({ state: 'ready', data }))
      .catch((err: unknown) => !abort.signal.aborted && setResult({ state: 'failed', error: asApiError(err) }));
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  return [result, () => setAttempt((n) => n + 1)];
}

/**
 * GET an API path (relative to /api) and, for a list, every page of it. `null` waits (for example until the
 * person is known).
 */
export function useApi<T>(path: string | null, query?: RequestOptions['query']): [Load<T>, () => void] {
  return useLoad<T>((signal) => apiAllPages<T>(path!, { signal, ...(query ? { query } : {}) }), [path, JSON.stringify(query ?? {})]);
}

/** What to show while something loads, or when it could not be loaded (with a way to try again). */
export function Loaded<T>({ load, label, retry, children }: { load: Load<T>; label: string; retry?: () => void; children: (data: T) => ComponentChildren }) {
  if (load.state === 'loading') return <Loading label={label} />;
  if (load.state === 'failed') return <LoadFailed error={load.error} retry={retry} />;
  return <>{children(load.data)}</>;
}

export function LoadFailed({ error, retry }: { error: ApiError; retry?: (() => void) | undefined }) {
  if (error.status === 401) return <SignInFirst />;
  const final = error.status === 404 || error.status === 403;
  return (
    <>
      <p>{final ? error.detail : `${error.detail} Please try again, or ask at your local community hub.`}</p>
      {retry && !final && (
        <Button variant="secondary" onClick={retry}>
          Try again
        </Button>
      )}
    </>
  );
}

export function SignInFirst({ what = 'see this page' }: { what?: string }) {
  const here = typeof location === 'undefined' ? '/' : location.pathname + location.search;
  return (
    <>
      <p>You need to sign in to {what}.</p>
      <ButtonLink href={paths.signIn({}, { next: here })}>Sign in</ButtonLink>
    </>
  );
}
