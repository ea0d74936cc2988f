/**
 * Reading an extract of the ONS Postcode Directory in the browser: the header row names the columns (pcds,
 * lat and long are the ones used; the directory has dozens more), values may be quoted. Rows are kept with
 * their line in the file, so what the API says is wrong with a row can name the line a person can find.
 */
import { csvRecords } from './csv';

export interface PostcodeRow {
  line: number;
  pcds: string;
  lat: string;
  long: string;
}

const wanted = ['pcds', 'lat', 'long'] as const;

/** The rows of a file, or what is wrong with its header in plain words. Empty lines are skipped. */
export function readPostcodeCsv(text: string): { rows: PostcodeRow[] } | { problem: string } {
  const [head, ...records] = csvRecords(text);
  const header = (head?.values ?? []).map((h) => h.trim().toLowerCase());
  const missing = wanted.filter((w) => !header.includes(w));
  if (missing.length) return { problem: `The file has no ${missing.join(', ')} column. Use the ONS Postcode Directory’s CSV, whose first line names the columns pcds, lat and long.` };
  const at = wanted.map((w) => header.indexOf(w));
  const rows: PostcodeRow[] = records.map(({ line, values: v }) => ({ line, pcds: (v[at[0]!] ?? '').slice(0, 40), lat: (v[at[1]!] ?? '').slice(0, 40), long: (v[at[2]!] ?? '').slice(0, 40) }));
  if (!rows.length) return { problem: 'The file has no postcodes after its first line.' };
  return { rows };
}
