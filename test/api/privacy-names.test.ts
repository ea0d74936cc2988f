import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import type { Body } from '../helpers/bodies';
import { startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Issue 17, point 13: names and links are what they seem. Right-to-left overrides and zero-width characters
 * are stripped from names and titles (so "‮exe.gnp" cannot pass for a picture, nor two names look alike);
 * a website is an https: (or http:) address, never javascript:, data: or file:.
 */
let p: TestPlatform;
let partner: string;
let coordinator: string;
const RLO = '\u202E';
const ZWSP = '\u200B';
const ZWJ = '\u200D';

beforeAll(async () => {
  p = await startPlatform({ seed: true });
  partner = await p.tokenFor('partner@example.org');
  coordinator = await p.tokenFor('coordinator@example.org');
});
afterAll(() => p?.stop());

const activity = (extra: Partial<Body<'createActivity'>>): Body<'createActivity'> => ({
  title: 'Knit and natter',
  description: 'Bring your knitting.',
  organisationId: demoIds.organisations.ageWell,
  hubId: demoIds.hubs.oakRoadCentre,
  priorities: ['social-isolation'],
  cost: { kind: 'free' },
  booking: { mode: 'drop-in', defaultCapacity: 20 },
  ...extra,
});

describe('names and titles', () => {
  it('strips right-to-left overrides and zero-width characters from an activity’s title and a role’s', async () => {
    const made = await p.op('createActivity', { token: partner, body: activity({ title: `${RLO}Knit${ZWSP} and${ZWJ} natter`, contact: { name: `Pat${ZWSP} Jones` } }) });
    expect(made.status).toBe(201);
    expect(made.body.title).toBe('Knit and natter');
    const read = await p.op('getActivity', { params: { id: made.body.id } });
    expect(read.body.title).toBe('Knit and natter');
    expect(read.body.contact?.name).toBe('Pat Jones');

    const role = await p.op('createRole', {
      token: coordinator,
      body: {
        owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
        title: `Caf${ZWSP}é host${RLO}`,
        description: 'Welcome people.',
        location: 'Hall',
        commitment: 'Weekly',
        minimumAge: 16,
        requirements: { dbs: 'none', training: [], references: false },
      },
    });
    expect(role.status).toBe(201);
    expect(role.body.title).toBe('Café host');
  });

  it('refuses a title that is nothing but invisible characters, naming the field', async () => {
    const blank = await p.op('createActivity', { token: partner, body: activity({ title: `${RLO}${ZWSP}${ZWJ}` }) });
    expect(blank.status).toBe(400);
    expect(blank.problem.errors[0]?.field).toBe('body.title');
  });
});

describe('websites', () => {
  it('accepts only https: and http: addresses', async () => {
    for (const website of ['javascript:alert(document.cookie)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd']) {
      const refused = await p.op('createActivity', { token: partner, body: activity({ contact: { website } }) });
      expect(refused.status, website).toBe(400);
      expect(refused.problem.errors[0]?.field).toBe('body.contact.website');
    }
    const ok = await p.op('createActivity', { token: partner, body: activity({ contact: { website: 'https://agewell.example.org/knit' } }) });
    expect(ok.status).toBe(201);
  });
});
