/**
 * Who is signed in. `token` is the bearer token the API gave us; `me` is the person it belongs to:
 * undefined while we are still checking, null when nobody is signed in.
 */
import { computed, signal } from '@preact/signals';
import type { Profile } from '../../functions/accounts/schema';
import type { Role } from '../../functions/lib/actor';
import { callApi, storedToken, storeToken, whenTokenRejected } from './api';
import { clearDevice, flushAll, unsentCount } from './pages/attendance/offline';

export type { Role };

/** The signed-in person, as `GET /api/me` describes them. */
export type Me = Pick<Profile, 'userId' | 'name' | 'email' | 'roles' | 'hubIds' | 'organisationIds'>;

export const token = signal<string | null>(storedToken());
export const me = signal<Me | null | undefined>(token.value ? undefined : null);
export const signedIn = computed(() => !!me.value);

export const hasRole = (...wanted: Role[]): boolean => !!me.value?.roles.some((r) => wanted.includes(r));

function setToken(value: string | null): void {
  storeToken(value);
  token.value = value;
}

whenTokenRejected(() => {
  setToken(null);
  me.value = null;
});

/** Ask the API who the token belongs to. Leaves the person signed out if the token is not accepted. */
export async function loadMe(): Promise<Me | null> {
  if (!token.value) {
    me.value = null;
    return null;
  }
  try {
    const body = await callApi('getMe');
    const person: Me = {
      userId: body.userId,
      name: body.name.trim() ? body.name : body.email || 'Signed in',
      email: body.email,
      roles: body.roles,
      hubIds: body.hubIds,
      organisationIds: body.organisationIds,
    };
    me.value = person;
    return person;
  } catch (err) {
    // a 401 has already dropped the token; anything else (offline) keeps it so a reload can try again
    me.value = null;
    throw err;
  }
}

/** Local runtime only: sign in as anyone by email address. On AWS sign-in goes through Cognito. */
export async function signIn(email: string): Promise<Me | null> {
  const { token: issued } = await callApi('devSignIn', { body: { email } });
  setToken(issued);
  return loadMe();
}

/** Accept a token from elsewhere (such as the Cognito hosted sign-in page) and load the person. */
export async function acceptToken(issued: string): Promise<Me | null> {
  setToken(issued);
  return loadMe();
}

/**
 * Sends the register's marks still waiting on this device (they need the token); answers how many could not
 * be sent, so the person can be warned before signing out loses them.
 */
export async function sendWaiting(): Promise<number> {
  try {
    return await flushAll();
  } catch {
    return unsentCount().catch(() => 0);
  }
}

/**
 * Signs out and leaves nothing of the person on the device: the token, the offline register's copies and
 * queue, and the service worker's caches (it keeps the app shell again on the next visit). The offline store
 * is imported here, not on demand, so signing out works with no connection.
 */
export async function signOut(): Promise<void> {
  setToken(null);
  me.value = null;
  await Promise.all([
    clearDevice().catch(() => undefined),
    typeof caches === 'undefined'
      ? undefined
      : caches
          .keys()
          .then((names) => Promise.all(names.filter((n) => n.startsWith('commonground-')).map((n) => caches.delete(n))))
          .catch(() => undefined),
  ]);
}
