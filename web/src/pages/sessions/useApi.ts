import { useEffect, useState } from 'preact/hooks';
import { apiAllPages, ApiError } from '../../api';

/** Loads an API answer (every page of a list); `reload()` fetches it again. */
export function useApi<T>(path: string | null): { data?: T; error?: ApiError; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!path) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    apiAllPages<T>(path, { signal: controller.signal }).then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => {
        if ((error as Error)?.name !== 'AbortError') setState({ error: error as ApiError, loading: false });
      },
    );
    return () => controller.abort();
  }, [path, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}
