import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checkInBody, markInput, walkInBody } from '../../functions/attendance/schema';
import { personId } from '../../functions/lib/fields';
import { newId } from '../../functions/lib/ids';
import { assignReferralBody, createReferralBody, personParams } from '../../functions/referrals/schema';
import { parseCheckInCode } from '../../functions/reservations/passes';
import { reservationParams, reserveBody } from '../../functions/reservations/schema';
import { applicationParams, listChecksQuery, recordCheckBody } from '../../functions/volunteers/schema';

/**
 * On AWS a person's id is their Cognito `sub`, a UUID; the platform's own ids are ULIDs. Every field that takes a
 * person's id takes both. (Found by the deploy rehearsal: a coordinator could not review the application of
 * anyone who had signed up, because volunteerId was checked as a ULID.)
 */
const cognitoSub = randomUUID();
const ulid = newId();

describe('person ids', () => {
  it('accept a Cognito sub and a ULID, and nothing else', () => {
    for (const good of [cognitoSub, ulid]) expect(z.safeParse(personId(), good).success).toBe(true);
    for (const bad of ['', 'x', cognitoSub.toUpperCase(), `${ulid}x`, `${cognitoSub}/..`, 'USER#abc']) expect(z.safeParse(personId(), bad).success, bad).toBe(false);
  });

  it('are accepted wherever the API takes one', () => {
    const sessionId = newId();
    const cases: [string, z.ZodMiniType, unknown][] = [
      ['reserve for someone', reserveBody, { personId: cognitoSub }],
      ['a reservation of someone who signed up', reservationParams, { id: `${sessionId}_${cognitoSub}` }],
      ['a register mark', markInput, { markId: 'mark-0001', personId: cognitoSub, status: 'attended' }],
      ['a walk-in who has an account', walkInBody, { walkInId: 'walkin-0001', personId: cognitoSub }],
      ['a check-in code from the QR', checkInBody, { code: `${sessionId}_${cognitoSub}.ABC123` }],
      ['a referral for a resident with an account', createReferralBody, { userId: cognitoSub }],
      ['assigning a referral to a link worker', assignReferralBody, { linkWorkerId: cognitoSub }],
      ['a person record of an account holder', personParams, { id: cognitoSub }],
      ['an application by someone who signed up', applicationParams, { roleId: ulid, volunteerId: cognitoSub }],
      ['recording their check', recordCheckBody, { volunteerId: cognitoSub }],
      ['listing their checks', listChecksQuery, { volunteerId: cognitoSub }],
    ];
    for (const [what, schema, value] of cases) {
      const result = z.safeParse(schema, value);
      const personIssues = result.success ? [] : result.error.issues.filter((i) => /personId|userId|volunteerId|linkWorkerId|^id$|code/.test(i.path.join('.')));
      expect(personIssues, what).toEqual([]);
    }
    // the code from a QR code is read upper-cased; the person in it is still theirs
    const read = z.parse(checkInBody, { code: `${sessionId}_${cognitoSub}.abc123` });
    expect(parseCheckInCode(read.code)).toEqual({ code: 'ABC123', sessionId, personId: cognitoSub });
  });
});
