/**
 * A queue worked through one item at a time (approvals, claims, reviews, problem reports): each item has a
 * button, and once it is done it leaves the list and a message says so (or, if it failed, why).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { paths } from '../../../functions/lib/paths';
import { summaryFrom } from './ErrorSummary';
import { type Load, Loaded } from './load';
import { Notice } from './Notice';

export type WorkQueue<T> = ReturnType<typeof useWorkQueue<T>>;

/**
 * The items done, the one being worked on, and the last message. `work(item, call, said)` marks the item busy,
 * runs `call`, and then takes the item off the list and says `said` or, on failure, warns with the API's
 * message (or `couldNot`). `keyOf` names an item: `useWorkQueue((a: Activity) => a.id)`.
 */
export function useWorkQueue<T>(keyOf: (item: T) => string) {
  const [done, setDone] = useState<string[]>([]);
  const [message, setMessage] = useState<{ tone: 'success' | 'warning'; text: string }>();
  const [busy, setBusy] = useState<string>();
  async function work(item: T, call: () => Promise<unknown>, said: string, couldNot = 'We could not save that. Try again.') {
    setBusy(keyOf(item));
    try {
      await call();
      setDone((d) => [...d, keyOf(item)]);
      setMessage({ tone: 'success', text: said });
    } catch (err) {
      setMessage({ tone: 'warning', text: summaryFrom(err)[0]?.message ?? couldNot });
    } finally {
      setBusy(undefined);
    }
  }
  return { keyOf, message, work, isBusy: (item: T) => busy === keyOf(item), left: (items: T[]) => items.filter((item) => !done.includes(keyOf(item))) };
}

/**
 * The queue's message, then the items not yet done, or `empty` when none are left. Each item is about an
 * activity (`activityOf`): its title, linked to its page, heads what `children` shows of the item.
 */
export function WorkQueueList<T>(props: {
  queue: WorkQueue<T>;
  load: Load<{ items: T[] }>;
  label: string;
  retry: () => void;
  empty: string;
  activityOf: (item: T) => { id: string; title: string };
  children: (item: T) => ComponentChildren;
}) {
  const { queue, load, label, retry, empty, activityOf, children } = props;
  return (
    <>
      {queue.message && <Notice tone={queue.message.tone}>{queue.message.text}</Notice>}
      <Loaded load={load} label={label} retry={retry}>
        {(data) => {
          const left = queue.left(data.items);
          if (!left.length) return <p>{empty}</p>;
          return (
            <ul class="activity-list">
              {left.map((item) => (
                <li class="activity" key={queue.keyOf(item)}>
                  <h2 class="heading-s">
                    <a href={paths.activity({ id: activityOf(item).id })}>{activityOf(item).title}</a>
                  </h2>
                  {children(item)}
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </>
  );
}
