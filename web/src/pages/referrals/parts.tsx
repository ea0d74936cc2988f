/** Small pieces the referral pages share. */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';

/** A multi-line text box with its label, hint and error (the GOV.UK textarea pattern). */
export function TextArea(p: { id: string; label: string; hint?: string; error?: string; value: string; rows?: number; onInput: (v: string) => void }) {
  const described = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'form-group form-group-error' : 'form-group'}>
      <label class="label" for={p.id}>
        {p.label}
      </label>
      {p.hint && (
        <div class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </div>
      )}
      {p.error && (
        <p class="field-error" id={`${p.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {p.error}
        </p>
      )}
      <textarea
        class={p.error ? 'input input-error' : 'input'}
        id={p.id}
        name={p.id}
        rows={p.rows ?? 5}
        value={p.value}
        onInput={(e) => p.onInput(e.currentTarget.value)}
        aria-describedby={described}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; message: string; status: number };

/** Loads from the API when `path` changes (or `reload` is bumped). */
export function useApi<T>(path: string | null, reload = 0, query?: Record<string, string | number | boolean | undefined>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const queryKey = JSON.stringify(query ?? {});
  useEffect(() => {
    if (!path) return;
    const abort = new AbortController();
    setLoaded({ state: 'loading' });
    api<T>(path, { signal: abort.signal, ...(query ? { query } : {}) })
      .then((value) => setLoaded({ state: 'ready', value }))
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        setLoaded({ state: 'failed', message: err instanceof ApiError ? err.detail : 'Something went wrong.', status: err instanceof ApiError ? err.status : 0 });
      });
    return () => abort.abort();
  }, [path, reload, queryKey]);
  return loaded;
}

export interface Priority {
  id: string;
  label: string;
}

/** The priorities taxonomy, for choosing reasons and showing their names. */
export function usePriorities(): Priority[] {
  const loaded = useApi<{ items: Priority[] }>('/priorities', 0, { limit: 100 });
  return loaded.state === 'ready' ? loaded.value.items : [];
}

export const labelOf = (priorities: Priority[], id: string) => priorities.find((p) => p.id === id)?.label ?? id;

export const sourceLabels: Record<string, string> = {
  'gp-practice': 'GP practice',
  self: 'Self-referral',
  'hospital-discharge': 'Hospital discharge',
  'community-group': 'Community group',
  other: 'Other',
};
