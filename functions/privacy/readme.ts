import { itemTypes, personalItemTypes } from './registry';

/**
 * The README's privacy tables, drawn from the personal-data registry so they cannot drift from what export
 * and erasure do (a test compares them). `npx tsx functions/privacy/readme.ts` prints them; with `--write` it updates README.md.
 */
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function privacyTable(): string {
  const personal = personalItemTypes.map((t) => `| ${cell(t.label)} | ${t.owner} | ${cell(t.holds)} | yes | ${cell(t.erasure)} | ${cell(t.retention)} |`);
  const others = itemTypes.filter((t) => !t.personal).map((t) => `| ${cell(t.label)} | ${t.owner} | ${cell(t.personal ? '' : t.why)} |`);
  return [
    `Personal item types: ${personalItemTypes.length}, every one exported and erased.`,
    '',
    '| item | owner | what it holds | in the export | erasure | kept |',
    '| --- | --- | --- | --- | --- | --- |',
    ...personal,
    '',
    'Item types that hold no personal data:',
    '',
    '| item | owner | why not personal |',
    '| --- | --- | --- |',
    ...others,
  ].join('\n');
}

/** `npx tsx functions/privacy/readme.ts --write` puts the tables into README.md between their markers. */
if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv.includes('--write')) console.log(privacyTable());
  else {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = new URL('../../README.md', import.meta.url);
    const readme = readFileSync(file, 'utf8');
    const [start, end] = ['<!-- privacy-table:start -->', '<!-- privacy-table:end -->'];
    writeFileSync(file, `${readme.slice(0, readme.indexOf(start) + start.length)}\n${privacyTable()}\n${readme.slice(readme.indexOf(end))}`);
  }
}
