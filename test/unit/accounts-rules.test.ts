import { describe, expect, it } from 'vitest';
import { nameFromEmail, profileFromSignUp, sameRoles } from '../../functions/accounts/rules';

describe('profileFromSignUp', () => {
  it('takes the name, a lower-case email and the phone number Cognito holds', () => {
    expect(profileFromSignUp('u1', { email: ' Sam@Example.org ', name: ' Sam Okafor ', phone_number: '+447700900123' })).toEqual({
      userId: 'u1',
      name: 'Sam Okafor',
      email: 'sam@example.org',
      phone: '+447700900123',
      contactPreference: 'email',
      roles: ['resident'],
      hubIds: [],
      organisationIds: [],
    });
  });

  it('falls back to given and family names, then to a name made from the email; no phone when none given', () => {
    expect(profileFromSignUp('u1', { email: 'a@example.org', given_name: 'Ada', family_name: 'Lovelace' }).name).toBe('Ada Lovelace');
    const fromEmail = profileFromSignUp('u1', { email: 'mary-jane.o@example.org', name: '  ' });
    expect(fromEmail.name).toBe('Mary Jane O');
    expect(fromEmail).not.toHaveProperty('phone');
  });

  it('leaves name and email empty when made from a token alone, with the token’s roles', () => {
    expect(profileFromSignUp('u1', {}, ['admin'])).toMatchObject({ name: '', email: '', roles: ['admin'] });
  });
});

describe('sameRoles', () => {
  it('ignores order, not membership', () => {
    expect(sameRoles(['admin', 'resident'], ['resident', 'admin'])).toBe(true);
    expect(sameRoles([], [])).toBe(true);
    expect(sameRoles(['resident'], ['resident', 'admin'])).toBe(false);
    expect(sameRoles(['resident', 'resident'], ['resident', 'admin'])).toBe(false);
  });
});

it('nameFromEmail capitalises the parts of the address before the @', () => {
  expect(nameFromEmail('jo.bloggs@example.org')).toBe('Jo Bloggs');
});
