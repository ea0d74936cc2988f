import type { PersonDataExport } from '../../../../functions/privacy/schema';
import { callApi } from '../../api';
import { SummaryList } from '../../components/SummaryList';
import { formatDateTime } from '../../format';

/** Fetches a person's data (their own, or an admin's export with a reason) and saves it as a JSON file. */
export async function downloadData(personId: string, reason?: string): Promise<string> {
  const data = await callApi('exportPersonData', { params: { id: personId }, ...(reason ? { query: { reason } } : {}) });
  const filename = `common-ground-data-${data.exportedAt.slice(0, 10)}.json`;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return filename;
}

/** "dateOfBirth" -> "Date of birth", for the readable page. */
const words = (key: string) => {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
};

function shownValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string') return (/^\d{4}-\d\d-\d\dT/.test(v) ? formatDateTime(v) : undefined) ?? v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(shownValue).filter(Boolean).join('; ');
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${words(k)}: ${shownValue(x)}`)
    .join('; ');
}

/** Everything held on a person, by kind of record, as a page anyone can read. */
export function ExportView({ data, level = 2 }: { data: PersonDataExport; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <>
      <p>{data.about}</p>
      {data.summary.length === 0 && <p>We hold nothing about this person.</p>}
      {data.summary.map((held) => (
        <section key={held.type} aria-labelledby={`held-${held.type}`}>
          <Heading class="heading-m" id={`held-${held.type}`}>
            {held.label} ({held.count})
          </Heading>
          {(data.items[held.type] ?? []).map((item, i) => (
            <SummaryList key={i} rows={Object.entries(item).map(([k, v]) => [words(k), shownValue(v)])} />
          ))}
        </section>
      ))}
    </>
  );
}
