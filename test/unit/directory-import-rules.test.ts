import { describe, expect, it } from 'vitest';
import { serviceToImportRow } from '../../functions/directory/openreferral';
import { activityToRow, costCell, costFromCell, overlayRow } from '../../functions/directory/rules';
import type { Activity } from '../../functions/directory/schema';
import { isPublicAddress, resolvesToPublicOnly } from '../../functions/lib/public-address';
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
    const a = {
      title: 'Walk',
      description: 'A walk.',
      organisationId: 'O',
      hubId: 'H',
      priorities: ['movement'],
      audience: { ageMin: 0, ageMax: 120 },
      cost: { kind: 'free' },
      booking: { mode: 'drop-in', defaultCapacity: 10 },
      contact: {},
    } as unknown as Activity;
    const base = activityToRow(a, 'Walkers', 'The Hall');
    expect(overlayRow(base, { line: 2, description: ' ', places: '12' })).toMatchObject({ description: 'A walk.', places: '12', hub: 'The Hall' });
    expect(overlayRow(base, { line: 2, venueName: 'The Park' })).toMatchObject({ hub: '', venueName: 'The Park' });
  });

  it('reads an Open Referral UK service as a row, with its ids in the ORUK id columns', () => {
    const row = serviceToImportRow(
      {
        id: 's1',
        name: 'Yoga',
        fees: '£1.00 per class',
        organization_id: 'o1',
        organization: { name: 'Bendy Folk', description: 'Bendy Folk' },
        minimum_age: 18,
        attributes: [{ taxonomy_term: { term: 'movement' } }],
      },
      3,
    );
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

describe('the feed addresses the server will read (functions/lib/public-address.ts)', () => {
  it('reads only from the public internet: never this machine, a private network, link-local metadata or carrier space', async () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.10',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      'not an address',
    ])
      expect(isPublicAddress(ip), ip).toBe(false);
    for (const ip of ['8.8.8.8', '81.2.69.160', '172.32.0.1', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8']) expect(isPublicAddress(ip), ip).toBe(true);
    expect(await resolvesToPublicOnly('localhost')).toBe(false);
    expect(await resolvesToPublicOnly('[::1]')).toBe(false);
    expect(await resolvesToPublicOnly('169.254.169.254')).toBe(false);
  });
});
