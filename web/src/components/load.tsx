/**
 * The one way pages load data: `useApi` (or `useLoad` for anything that is not one API operation) gives a
 * `Load` that is loading, ready or failed, and `Loaded` shows progress, the failure with "Try again", or the
 * page. A reload keeps showing what was there until the new answer comes; so does a changed question (new
 * filters, another week), marked `stale` until its answer comes, and `Loaded current` shows progress instead.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { paths } from '../../../functions/lib/paths';
import type { OperationId } from '../../../functions/routes';
import { type AnswerOf, ApiError, type CallArgs, callApiAllPages, type InputOf } from '../api';
import { Button, ButtonLink } from './Button';
import { Loading } from './Loading';

export type Load<T> = { state: 'loading' } | { state: 'ready'; data: T; stale?: boolean } | { state: 'failed'; error: ApiError; stale?: boolean };

const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError(0, 'Something went wrong', 'Something went wrong. Please try again.'));

/**
 * Load something; `reload()` fetches it again (after a change) and resolves when the new answer (or failure)
 * is shown. Nothing is fetched while `deps` holds null.
 */
export function useLoad<T>(fetcher: (signal: AbortSignal) => Promise<T>, deps: unknown[]): [Load<T>, () => Promise<void>] {
  const [result, setResult] = useState<{ load: Load<T>; question?: string }>({ load: { state: 'loading' } });
  const [attempt, setAttempt] = useState(0);
  const reloaded = useRef<(() => void)[]>([]);
  const question = JSON.stringify(deps);
  useEffect(() => {
    if (deps.includes(null)) return;
    const abort = new AbortController();
    const settle = (next: Load<T>) => {
      if (abort.signal.aborted) return;
      setResult({ load: next, question });
      for (const done of reloaded.current.splice(0)) done();
    };
    fetcher(abort.signal).then(
      (data) => settle({ state: 'ready', data }),
      (err: unknown) => settle({ state: 'failed', error: asApiError(err) }),
    );
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [question, attempt]);
  const { load } = result;
  const stale = load.state !== 'loading' && result.question !== question;
  const reload = () =>
    new Promise<void>((resolve) => {
      reloaded.current.push(resolve);
      setAttempt((n) => n + 1);
    });
  return [stale ? { ...load, stale } : load, reload];
}

/**
 * Read an operation by its operationId (and, for a list, every page of it):
 * `useApi('getHub', { params: { hubId } })`. An input of `null` waits (for example until the person is known).
 */
export function useApi<K extends OperationId>(op: K, ...[input]: WaitingArgs<K>): [Load<AnswerOf<K>>, () => Promise<void>] {
  return useLoad<AnswerOf<K>>((signal) => callApiAllPages(op, ...([{ ...(input as object), signal }] as CallArgs<K>)), [op, input === null ? null : JSON.stringify(input ?? {})]);
}

// biome-ignore lint/complexity/noBannedTypes: `{} extends` asks whether the input requires nothing
type WaitingArgs<K extends OperationId> = {} extends InputOf<K> ? [input?: InputOf<K> | null] : [input: InputOf<K> | null];

/**
 * What to show while something loads, or when it could not be loaded (with a way to try again). `current`:
 * progress, not the last answer, while a changed question is answered (search results, another week).
 */
export function Loaded<T>(props: { load: Load<T>; label: string; retry?: () => void; current?: boolean; children: (data: T) => ComponentChildren }) {
  const { load, label, retry, children } = props;
  if (load.state === 'loading' || (props.current && load.stale)) return <Loading label={label} />;
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

/**
 * The page needs a signed-in person: say so, and sign in to come back to `next` (this page unless told).
 * `children` add a sentence after "You need to sign in to …".
 */
export function SignInFirst({ what = 'see this page', next, button = 'Sign in', children }: { what?: string; next?: string; button?: string; children?: ComponentChildren }) {
  const here = typeof location === 'undefined' ? '/' : location.pathname + location.search;
  return (
    <>
      <p>
        You need to sign in to {what}.{children && <> {children}</>}
      </p>
      <ButtonLink href={paths.signIn({}, { next: next ?? here })}>{button}</ButtonLink>
    </>
  );
}

/**
 * The page is not for the signed-in person: who it is for, and who can give access. `children` add a
 * sentence (somewhere else they may want to go).
 */
export function NotAllowed({ who, children }: { who: string; children?: ComponentChildren }) {
  return (
    <p>
      This page is for {who}. If you need access, ask your partnership's admin.{children && <> {children}</>}
    </p>
  );
}
