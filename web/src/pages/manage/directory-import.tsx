/**
 * Importing activities and organisations (admins, issue 21 point 4): from a CSV file made from the template,
 * from a page of another Open Referral UK feed saved as JSON, or from the feed's web address. First a preview
 * (the API's dry run: nothing is written) says what each row will do, with the rows that cannot go in by line
 * and column; then "Import N rows" applies it and reports what was created, updated and refused. Rows go in
 * parts, so a big file shows its progress.
 */
import { useState } from 'preact/hooks';
import { type ImportRow, importColumns, maxImportRows } from '../../../../functions/directory/schema';
import { type AnswerOf, callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { FileField, TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { csvRecords } from './csv';

type Result = AnswerOf<'importDirectory'>;
type RowResult = Result['rows'][number];

const templateHref = `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${importColumns.map(([, heading]) => heading).join(',')}\r\n`)}`;
/** Rows listed on the page; the rest are counted. */
const shownRows = 200;

/** The rows of a template CSV file, or what is wrong with it in plain words. */
function readTemplateCsv(text: string): { rows: ImportRow[] } | { problem: string } {
  const [head, ...records] = csvRecords(text);
  const headings = (head?.values ?? []).map((h) => h.trim().toLowerCase());
  const at = importColumns.map(([key, heading]) => [key, headings.indexOf(heading.toLowerCase())] as const);
  if (!headings.includes('organisation')) return { problem: 'The file has no Organisation column. Use the CSV template: its first line names the columns.' };
  const rows = records.map(({ line, values }) => {
    const row: Record<string, string | number> = { line };
    for (const [key, i] of at) if (i >= 0 && values[i]?.trim()) row[key] = values[i]!.slice(0, 2200);
    return row as unknown as ImportRow;
  });
  if (!rows.length) return { problem: 'The file has no rows after its first line.' };
  return { rows };
}

interface Progress {
  stage: 'preview' | 'import';
  done: number;
  total: number;
  finished: boolean;
  result: Result;
}

const empty = (applied: boolean): Result => ({ applied, rows: [], created: 0, updated: 0, unchanged: 0, refused: 0 });

export default function DirectoryImport({ pageTitle }: PageProps) {
  const [file, setFile] = useState<File>();
  const [url, setUrl] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [progress, setProgress] = useState<Progress>();
  const busy = !!progress && !progress.finished;

  /** Sends the rows in parts, as a preview (nothing written) or the import itself. */
  async function run(all: ImportRow[], apply: boolean) {
    let state: Progress = { stage: apply ? 'import' : 'preview', done: 0, total: all.length, finished: false, result: empty(apply) };
    setProgress(state);
    try {
      for (let i = 0; i < all.length; i += maxImportRows) {
        const part = all.slice(i, i + maxImportRows);
        const a = await callApi('importDirectory', { body: { apply, rows: part } });
        const r = state.result;
        state = {
          ...state,
          done: state.done + part.length,
          result: {
            applied: apply,
            rows: [...r.rows, ...a.rows],
            created: r.created + a.created,
            updated: r.updated + a.updated,
            unchanged: r.unchanged + a.unchanged,
            refused: r.refused + a.refused,
          },
        };
        setProgress(state);
      }
    } catch (err) {
      setErrors(summaryFrom(err));
    }
    setProgress({ ...state, finished: true });
  }

  async function preview(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!file) return setErrors([{ field: 'file', message: 'Choose a CSV file made from the template, or an Open Referral UK file' }]);
    const text = await file.text();
    let read: { rows: ImportRow[] } | { problem: string };
    if (/\.json$/i.test(file.name) || text.trimStart().startsWith('{')) {
      let feed: unknown;
      try {
        feed = JSON.parse(text);
      } catch {
        return setErrors([{ field: 'file', message: 'The file is not JSON. Choose a page of an Open Referral UK feed’s services, saved as JSON' }]);
      }
      try {
        read = await callApi('readOpenReferralFeed', { body: { feed } });
      } catch (err) {
        return setErrors(summaryFrom(err, { feed: 'The file is not a page of an Open Referral UK feed’s services' }).map((x) => (x.field === 'feed' ? { ...x, field: 'file' } : x)));
      }
    } else read = readTemplateCsv(text);
    if ('problem' in read) return setErrors([{ field: 'file', message: read.problem }]);
    setErrors([]);
    setRows(read.rows);
    await run(read.rows, false);
  }

  async function previewFeed(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!url.trim()) return setErrors([{ field: 'url', message: 'Enter the feed’s web address, like https://example.org/openreferral' }]);
    setErrors([]);
    try {
      const read = await callApi('readOpenReferralFeed', { body: { url: url.trim() } });
      setRows(read.rows);
      await run(read.rows, false);
    } catch (err) {
      setErrors(summaryFrom(err));
    }
  }

  const good = progress?.finished && progress.stage === 'preview' ? rows.filter((r) => progress.result.rows.find((x) => x.line === r.line)?.outcome !== 'refused') : [];
  const fileError = errors.find((e) => e.field === 'file')?.message;
  const n = (x: number) => x.toLocaleString('en-GB');
  return (
    <Page title={pageTitle} hasErrors={errors.length > 0}>
      <p class="lead">Add or update many activities and their organisations at once.</p>
      <p>
        Fill in the CSV template (one activity on each row, with its organisation), or import from another Open Referral UK directory. You will see what each row will do before anything changes. Rows
        that match an organisation’s name or an activity’s title within its organisation update it; empty cells keep what is there.
      </p>
      <p>
        <a href={templateHref} download="directory-import-template.csv">
          Download the CSV template
        </a>{' '}
        (priorities and hubs are named as they appear in the directory; write several priorities separated by semicolons).
      </p>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={preview}>
        <FileField
          id="file"
          label="File to import"
          hint="A CSV file made from the template, or a page of an Open Referral UK feed’s services saved as JSON"
          accept=".csv,text/csv,.json,application/json"
          error={fileError}
          onChange={setFile}
        />
        <Button type="submit" busy={busy}>
          Preview the file
        </Button>
      </form>
      <form noValidate onSubmit={previewFeed}>
        <TextField
          id="url"
          label="Or an Open Referral UK feed’s web address"
          hint="Its address, like https://example.org/openreferral"
          type="url"
          value={url}
          onInput={setUrl}
          error={errors.find((e) => e.field === 'url')?.message}
        />
        <Button type="submit" variant="secondary" busy={busy}>
          Preview the feed
        </Button>
      </form>
      {progress && <Outcome progress={progress} />}
      {good.length > 0 && (
        <Button type="button" onClick={() => run(good, true)}>
          Import {n(good.length)} {good.length === 1 ? 'row' : 'rows'}
        </Button>
      )}
    </Page>
  );
}

const will: Record<RowResult['outcome'], string> = { create: 'Will be added', update: 'Will update', unchanged: 'Already up to date', refused: 'Cannot be imported' };
const did: Record<RowResult['outcome'], string> = { create: 'Added', update: 'Updated', unchanged: 'Already up to date', refused: 'Not imported' };

function what(r: RowResult, words: Record<RowResult['outcome'], string>): string {
  const base = r.outcome === 'update' ? `${words.update} ${r.existing ?? r.name}` : words[r.outcome];
  const org = r.organisation && r.organisation.outcome === 'create' ? ` (and its new organisation, ${r.organisation.name})` : '';
  return base + (r.outcome === 'refused' ? '' : org);
}

function Outcome({ progress: p }: { progress: Progress }) {
  const n = (x: number) => x.toLocaleString('en-GB');
  const r = p.result;
  const words = p.stage === 'import' ? did : will;
  const heading = p.stage === 'preview' ? (p.finished ? 'Preview' : 'Checking the rows') : p.finished ? 'Import finished' : 'Importing';
  return (
    <section aria-labelledby="outcome-heading">
      <h2 class="heading-m" id="outcome-heading">
        {heading}
      </h2>
      <label class="label" for="progress">
        Rows {p.stage === 'preview' ? 'checked' : 'imported'}
      </label>
      <progress id="progress" max={p.total} value={p.done}>
        {n(p.done)} of {n(p.total)}
      </progress>
      <p role="status">
        {p.finished
          ? p.stage === 'preview'
            ? `Nothing has changed yet. ${n(r.created)} to add, ${n(r.updated)} to update, ${n(r.unchanged)} already up to date, ${n(r.refused)} cannot be imported.`
            : `Added ${n(r.created)}, updated ${n(r.updated)}, ${n(r.unchanged)} already up to date, ${n(r.refused)} not imported.`
          : `Checked ${n(p.done)} of ${n(p.total)} rows.`}
      </p>
      {p.finished && r.refused > 0 && (
        <Notice tone="warning">
          <p>
            {n(r.refused)} {r.refused === 1 ? 'row' : 'rows'} cannot be imported. Correct {r.refused === 1 ? 'it' : 'them'} in the file and import it again: rows already imported are matched, not
            added twice.
          </p>
        </Notice>
      )}
      {r.rows.length > 0 && (
        <table class="table">
          <caption class="table-caption">{p.stage === 'preview' ? 'What each row will do' : 'What each row did'}</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Activity or organisation</th>
              <th scope="col">{p.stage === 'preview' ? 'What will happen' : 'What happened'}</th>
            </tr>
          </thead>
          <tbody>
            {[...r.rows]
              .sort((a, b) => Number(b.outcome === 'refused') - Number(a.outcome === 'refused') || a.line - b.line)
              .slice(0, shownRows)
              .map((x) => (
                <tr key={x.line}>
                  <td>{x.line}</td>
                  <td>{x.name}</td>
                  <td>
                    {what(x, words)}
                    {x.problems.length > 0 && (
                      <ul class="list">
                        {x.problems.map((problem) => (
                          <li key={problem.column}>
                            {problem.column}: {problem.message}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      {r.rows.length > shownRows && <p>And {n(r.rows.length - shownRows)} more rows.</p>}
    </section>
  );
}
