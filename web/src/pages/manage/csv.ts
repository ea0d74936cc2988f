/**
 * Reading a CSV file in the browser (RFC 4180: "quoted, with commas", "" for a quote inside, and line breaks
 * inside quotes), each record with the line of the file it starts on, so what the API says is wrong with a
 * row can name the line a person finds in their spreadsheet. A byte order mark is dropped; empty lines are
 * skipped (and still counted).
 */
export interface CsvRecord {
  line: number;
  values: string[];
}

export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const s = text.replace(/^\uFEFF/, '');
  let values: string[] = [];
  let value = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const endRecord = () => {
    values.push(value);
    if (values.length > 1 || values[0]!.trim()) records.push({ line: startLine, values });
    values = [];
    value = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        value += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        value += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      values.push(value);
      value = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      endRecord();
      line++;
      startLine = line;
    } else value += c;
  }
  if (value || values.length) endRecord();
  return records;
}
