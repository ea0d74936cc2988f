/**
 * The partnership's postcodes: an admin imports the area's extract of the ONS Postcode Directory (a CSV file),
 * which searches near a postcode measure from. The file is read here and sent in parts, so a big one shows
 * its progress; rows the API refuses are listed by their line in the file.
 */
import { useState } from 'preact/hooks';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { FileField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { readPostcodeCsv } from './postcode-csv';

/** Rows a request carries (the API's most). */
const partSize = 500;
/** Bad rows listed on the page; the rest are counted. */
const shownProblems = 100;

interface Progress {
  done: number;
  total: number;
  imported: number;
  problems: { line: number; message: string }[];
  finished: boolean;
}

export default function Postcodes({ pageTitle }: PageProps) {
  const [file, setFile] = useState<File>();
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [progress, setProgress] = useState<Progress>();
  const busy = !!progress && !progress.finished;

  async function importFile(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (!file) return setErrors([{ field: 'file', message: 'Choose a CSV file of postcodes' }]);
    const read = readPostcodeCsv(await file.text());
    if ('problem' in read) return setErrors([{ field: 'file', message: read.problem }]);
    setErrors([]);
    let state: Progress = { done: 0, total: read.rows.length, imported: 0, problems: [], finished: false };
    setProgress(state);
    try {
      for (let i = 0; i < read.rows.length; i += partSize) {
        const part = read.rows.slice(i, i + partSize);
        const answer = await callApi('importPostcodes', { body: { rows: part } });
        state = { ...state, done: state.done + part.length, imported: state.imported + answer.imported, problems: [...state.problems, ...answer.problems] };
        setProgress(state);
      }
    } catch (err) {
      setErrors(summaryFrom(err));
    }
    setProgress({ ...state, finished: true });
  }

  const fileError = errors.find((e) => e.field === 'file')?.message;
  return (
    <Page title={pageTitle} hasErrors={errors.length > 0}>
      <p class="lead">Searches near a postcode measure from where each postcode is centred.</p>
      <p>
        Import your area’s postcodes from the ONS Postcode Directory (open data from the Office for National Statistics): a CSV file whose first line names its columns, with pcds, lat and long among
        them. Importing a postcode again replaces it.
      </p>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={importFile}>
        <FileField id="file" label="CSV file" hint="For example, the extract for your local authority from the ONS Postcode Directory" accept=".csv,text/csv" error={fileError} onChange={setFile} />
        <Button type="submit" busy={busy}>
          {busy ? 'Importing…' : 'Import postcodes'}
        </Button>
      </form>
      {progress && <ImportProgress progress={progress} />}
    </Page>
  );
}

function ImportProgress({ progress: p }: { progress: Progress }) {
  const n = (x: number) => x.toLocaleString('en-GB');
  return (
    <section aria-labelledby="progress-heading">
      <h2 class="heading-m" id="progress-heading">
        {p.finished ? 'Import finished' : 'Importing'}
      </h2>
      <label class="label" for="progress">
        Rows read
      </label>
      <progress id="progress" max={p.total} value={p.done}>
        {n(p.done)} of {n(p.total)}
      </progress>
      <p role="status">
        {p.finished ? `Imported ${n(p.imported)} ${p.imported === 1 ? 'postcode' : 'postcodes'} from ${n(p.done)} of ${n(p.total)} rows.` : `Read ${n(p.done)} of ${n(p.total)} rows.`}
      </p>
      {p.finished && p.problems.length > 0 && (
        <Notice tone="warning">
          <p>
            {n(p.problems.length)} {p.problems.length === 1 ? 'row was' : 'rows were'} left out. Correct them in the file and import it again.
          </p>
        </Notice>
      )}
      {p.problems.length > 0 && (
        <table class="table">
          <caption class="table-caption">Rows left out</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">What is wrong</th>
            </tr>
          </thead>
          <tbody>
            {p.problems.slice(0, shownProblems).map((x) => (
              <tr key={x.line}>
                <td>{x.line}</td>
                <td>{x.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.problems.length > shownProblems && <p>And {n(p.problems.length - shownProblems)} more.</p>}
    </section>
  );
}
