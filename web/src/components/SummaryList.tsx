import type { ComponentChildren } from 'preact';

/** Facts about something, as a summary list (the GOV.UK summary list). */
export function SummaryList({ rows }: { rows: [string, ComponentChildren][] }) {
  return (
    <dl class="summary-list">
      {rows
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => (
          <div class="summary-list-row" key={k}>
            <dt class="summary-list-key">{k}</dt>
            <dd class="summary-list-value">{v}</dd>
          </div>
        ))}
    </dl>
  );
}

export function Tag({ tone = 'blue', children }: { tone?: 'blue' | 'green' | 'red' | 'yellow' | 'grey'; children?: ComponentChildren }) {
  return <strong class={`tag tag-${tone}`}>{children}</strong>;
}
