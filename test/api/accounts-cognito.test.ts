import { randomUUID } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostConfirmationEvent, postConfirmationHandler } from '../../functions/accounts/cognito-trigger';
import { findProfileByEmail, listAdminUserIds, profileKey } from '../../functions/accounts/data';
import type { Role } from '../../functions/lib/actor';
import { startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * On AWS, Cognito's post-confirmation trigger makes each person's profile and getMe keeps its roles to the
 * token's groups. Here: the trigger's own handler (the code functions/lambda/cognito-trigger.ts runs) against
 * DynamoDB Local, then the person calls the real API with a Cognito-shaped access token for the same sub.
 */
let p: TestPlatform;
let trigger: ReturnType<typeof postConfirmationHandler>;
beforeAll(async () => {
  p = await startPlatform();
  trigger = postConfirmationHandler(p.deps);
});
afterAll(() => p?.stop());

/** An event as Cognito sends it (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html). */
function confirmation(sub: string, attributes: Record<string, string>, triggerSource = 'PostConfirmation_ConfirmSignUp'): PostConfirmationEvent & Record<string, unknown> {
  return {
    version: '1',
    region: 'eu-west-2',
    userPoolId: 'eu-west-2_TestPool1',
    userName: sub,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'spa-client' },
    triggerSource,
    request: { userAttributes: { sub, 'cognito:user_status': 'CONFIRMED', email_verified: 'true', ...attributes } },
    response: {},
  };
}

const tokenFor = (userId: string, roles: Role[]) => p.signer.signAccessToken({ userId, roles });
const me = async (token: string) => p.op('getMe', { token });
const stored = async (userId: string) => (await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: profileKey(userId), ConsistentRead: true }))).Item;
/** Tokens carry iat in whole seconds: a newer token needs a later second. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1100 - (Date.now() % 1000)));

describe('sign-up on Cognito', () => {
  it('gives a newly confirmed person a profile that GET /api/me returns, and hands the event back to Cognito', async () => {
    const sub = randomUUID();
    const event = confirmation(sub, { email: 'Sam.Okafor@Example.org', name: 'Sam Okafor', phone_number: '+447700900123' });
    expect(await trigger(event)).toBe(event);

    const answer = await me(await tokenFor(sub, [])); // in no Cognito group (self sign-up): a resident
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      userId: sub,
      name: 'Sam Okafor',
      email: 'sam.okafor@example.org',
      phone: '+447700900123',
      contactPreference: 'email',
      roles: ['resident'],
      hubIds: [],
      organisationIds: [],
    });
    expect((await findProfileByEmail(p.deps.db, 'sam.okafor@example.org'))?.userId).toBe(sub);
  });

  it('names a person who gave no name from their email', async () => {
    const sub = randomUUID();
    await trigger(confirmation(sub, { email: 'jo.bloggs@example.org' }));
    expect((await me(await tokenFor(sub, []))).body.name).toBe('Jo Bloggs');
  });

  it('confirming twice, retries and a later password reset keep one profile and never overwrite what the person changed', async () => {
    const sub = randomUUID();
    const first = confirmation(sub, { email: 'ada@example.org', name: 'Ada' });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => trigger(structuredClone(first))));
    expect(outcomes.every((e) => e.request.userAttributes.sub === sub)).toBe(true);
    const token = await tokenFor(sub, []);
    const saved = await p.op('setMyAccessNeeds', { token, body: { needs: ['large-print'], shareWithHub: true } });
    expect(saved.status).toBe(200);
    // a later edit to the profile (its name), as a profile page would make
    await p.deps.db.doc.send(
      new UpdateCommand({
        TableName: p.deps.db.tableName,
        Key: profileKey(sub),
        UpdateExpression: 'SET #n = :n',
        ExpressionAttributeNames: { '#n': 'name' },
        ExpressionAttributeValues: { ':n': 'Ada Lovelace' },
      }),
    );

    expect(await trigger(confirmation(sub, { email: 'ada@example.org', name: 'A' }))).toBeDefined();
    expect(await trigger(confirmation(sub, { email: 'other@example.org', name: 'B' }, 'PostConfirmation_ConfirmForgotPassword'))).toBeDefined();

    const answer = await me(token);
    expect(answer.body).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.org' });
    expect((await p.op('getMyAccessNeeds', { token })).body).toMatchObject({ needs: ['large-print'], shareWithHub: true });
    expect(await findProfileByEmail(p.deps.db, 'other@example.org')).toBeUndefined();
  });
});

describe('roles follow the Cognito groups', () => {
  it('adds someone put in the admin group to the ADMINS list, and takes them off when they leave it; an older token cannot put them back', async () => {
    const sub = randomUUID();
    await trigger(confirmation(sub, { email: 'grace@example.org', name: 'Grace' }));
    expect(await listAdminUserIds(p.deps.db)).not.toContain(sub);

    const asResident = await tokenFor(sub, ['resident']);
    const unchanged = await stored(sub);
    await nextSecond();
    const asAdmin = await tokenFor(sub, ['resident', 'admin']);
    expect((await me(asAdmin)).body.roles).toEqual(['resident', 'admin']);
    expect(await listAdminUserIds(p.deps.db)).toContain(sub);
    expect((await stored(sub))?.roles).toEqual(['resident', 'admin']);
    expect(unchanged?.roles).toEqual(['resident']);

    await nextSecond();
    const removed = await tokenFor(sub, ['resident']);
    expect((await me(removed)).body.roles).toEqual(['resident']);
    expect(await listAdminUserIds(p.deps.db)).not.toContain(sub);

    // The admin token is still within its hour: using it answers with its roles but changes nothing stored.
    expect((await me(asAdmin)).body.roles).toEqual(['resident', 'admin']);
    expect(await listAdminUserIds(p.deps.db)).not.toContain(sub);
    expect((await stored(sub))?.roles).toEqual(['resident']);
    // nor can one older still take a role away that a newer token gave
    expect((await me(await tokenFor(sub, ['resident', 'admin']))).status).toBe(200);
    expect(await listAdminUserIds(p.deps.db)).toContain(sub);
    expect((await me(asResident)).status).toBe(200);
    expect(await listAdminUserIds(p.deps.db)).toContain(sub);
  });

  it('writes nothing when the token’s roles match the profile’s', async () => {
    const sub = randomUUID();
    await trigger(confirmation(sub, { email: 'lin@example.org', name: 'Lin' }));
    await me(await tokenFor(sub, ['volunteer']));
    const before = await stored(sub);
    await nextSecond();
    await me(await tokenFor(sub, ['volunteer']));
    expect(await stored(sub)).toEqual(before);
  });

  it('makes a profile from the token for someone confirmed before the trigger existed; a later password reset adds their email', async () => {
    const sub = randomUUID();
    const token = await tokenFor(sub, ['admin']);
    const first = await me(token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ userId: sub, roles: ['admin'], email: '', hubIds: [], organisationIds: [] });
    expect(await listAdminUserIds(p.deps.db)).toContain(sub);
    const [again] = await Promise.all([me(token), me(token), me(token)]);
    expect(again.status).toBe(200);

    await trigger(confirmation(sub, { email: 'Kofi@example.org', name: 'Kofi Mensah' }, 'PostConfirmation_ConfirmForgotPassword'));
    expect((await me(token)).body).toMatchObject({ name: 'Kofi Mensah', email: 'kofi@example.org', roles: ['admin'] });
    expect((await findProfileByEmail(p.deps.db, 'kofi@example.org'))?.userId).toBe(sub);
    expect(await listAdminUserIds(p.deps.db)).toContain(sub);
  });
});
