import { describe, expect, it } from 'vitest';
import { serviceToImportRow } from '../../functions/directory/openreferral';
import { activityToRow, costCell, costFromCell, overlayRow } from '../../functions/directory/rules';
import type { Activity } from '../../functions/directory/schema';
import { csvRecords } from '../../web/src/pages/manage/csv';

/** The directory import's pure parts: the template's cells, a row over a record, an Open Referral service as a row, the CSV reader. */
describe('the import template’s cells', () => {
  it('reads costs as the template writes them, and writes them back the same', () => {
    expect(costFromCell('')).toEqual({ kind: 'free' });
    expect(costFromCell(' free ')).toEqual({ kind: 'free' });
    expect(costFromCell('£3.5')).toEqual({ kind: 'amount', pence: 350 });
    expect(costFromCell('2.50 per Session')).toEqual({ kind: 'amount', pence: 250, per: 'Session' });
    expect(costFromCell('Pay what you can (suggested £2.00)')).toEqual({ kind: 'pay-what-you-can' });
    expect(costFromCell('lots')).toBeUndefined();
    for (const cost of [{ kind: 'free' }, { kind: 'amount', pence: 1234, per: 'term' }, { kind: 'pay-what-you-can' }] as const) expect(costFromCell(costCell(cost))).toEqual(cost);
  });

  it('keeps a record’s values where a row’s cells are empty, and a named venue takes the activity off its hub', () => {
    const a = { title: 'Walk', description: 'A walk.', organisationId: 'O', hubId: 'H', priorities: ['movement'], audience: { ageMin: 0, ageMax: 120 }, cost: { kind: 'free' }, booking: { mode: 'drop-in', defaultCapacity: 10 }, contact: {} } as unknown as Activity;
    const base = activityToRow(a, 'Walkers', 'The Hall');
    expect(overlayRow(base, { line: 2, description: ' ', places: '12' })).toMatchObject({ description: 'A walk.', places: '12', hub: 'The Hall' });
    expect(overlayRow(base, { line: 2, venueName: 'The Park' })).toMatchObject({ hub: '', venueName: 'The Park' });
  });

  it('reads an Open Referral UK service as a row, with its ids in the ORUK id columns', () => {
    const row = serviceToImportRow({ id: 's1', name: 'Yoga', fees: '£1.00 per class', organization_id: 'o1', organization: { name: 'Bendy Folk', description: 'Bendy Folk' }, minimum_age: 18, attributes: [{ taxonomy_term: { term: 'movement' } }] }, 3);
    expect(row).toEqual({ line: 3, organisation: 'Bendy Folk', title: 'Yoga', priorities: 'movement', cost: '£1.00 per class', minimumAge: '18', organisationOrukId: 'o1', activityOrukId: 's1' });
  });
});

describe('reading a CSV file', () => {
  it('keeps quoted commas, quotes and line breaks, and numbers each record by the line it starts on', () => {
    const text = '\uFEFFa,b\r\n"1, one","say ""hi"""\r\n\r\n"two\nlines",x\n';
    expect(csvRecords(text)).toEqual([
      { line: 1, values: ['a', 'b'] },
      { line: 2, values: ['1, one', 'say "hi"'] },
      { line: 4, values: ['two\nlines', 'x'] },
    ]);
  });
});
