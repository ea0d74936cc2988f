/**
 * Reading an extract of the ONS Postcode Directory in the browser: the header row names the columns (pcds,
 * lat and long are the ones used; the directory has dozens more), values may be quoted. Rows are kept with
 * their line in the file, so what the API says is wrong with a row can name the line a person can find.
 */
export interface PostcodeRow {
  line: number;
  pcds: string;
  lat: string;
  long: string;
}

const wanted = ['pcds', 'lat', 'long'] as const;

/** One CSV line's values ("quoted, with commas" and "" for a quote inside). */
export function csvValues(line: string): string[] {
  const values: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') quoted = false;
      else value += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      values.push(value);
      value = '';
    } else value += c;
  }
  values.push(value);
  return values;
}

/** The rows of a file, or what is wrong with its header in plain words. Empty lines are skipped. */
export function readPostcodeCsv(text: string): { rows: PostcodeRow[] } | { problem: string } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = csvValues(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const missing = wanted.filter((w) => !header.includes(w));
  if (missing.length) return { problem: `The file has no ${missing.join(', ')} column. Use the ONS Postcode Directory’s CSV, whose first line names the columns pcds, lat and long.` };
  const at = wanted.map((w) => header.indexOf(w));
  const rows: PostcodeRow[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || !line.trim()) return;
    const v = csvValues(line);
    rows.push({ line: i + 1, pcds: (v[at[0]!] ?? '').slice(0, 40), lat: (v[at[1]!] ?? '').slice(0, 40), long: (v[at[2]!] ?? '').slice(0, 40) });
  });
  if (!rows.length) return { problem: 'The file has no postcodes after its first line.' };
  return { rows };
}
