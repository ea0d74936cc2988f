import type { Clock } from '../lib/clock';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/log';
import { createProfile, fillContactDetails } from './data';
import { profileFromSignUp, type SignUpAttributes } from './rules';

/** The parts of Cognito's PostConfirmation event we read (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-post-confirmation.html). */
export interface PostConfirmationEvent {
  triggerSource: string;
  userPoolId?: string;
  userName: string;
  request: { userAttributes: SignUpAttributes & Record<string, string | undefined> };
  response: Record<string, unknown>;
}

export interface TriggerDeps {
  db: Db;
  clock: Clock;
  log: Logger;
}

/**
 * Cognito's post-confirmation trigger: gives the newly confirmed person their profile. Idempotent: a retried
 * invocation, a second confirmation or a password reset (ConfirmForgotPassword also runs it) finds the profile
 * and leaves it as it is, except that a profile made earlier from a token alone gets its missing email.
 * Returns the event, as Cognito requires; a profile that already exists is never an error (sign-up goes on).
 */
export function postConfirmationHandler(deps: TriggerDeps) {
  return async <E extends PostConfirmationEvent>(event: E): Promise<E> => {
    const attributes = event.request.userAttributes;
    const userId = attributes.sub ?? event.userName;
    const profile = profileFromSignUp(userId, attributes);
    const created = await createProfile(deps.db, profile, deps.clock.now());
    const filled = !created && !!profile.email && (await fillContactDetails(deps.db, userId, { email: profile.email, name: profile.name }));
    deps.log.info('sign-up profile', { userId, triggerSource: event.triggerSource, outcome: created ? 'created' : filled ? 'email added' : 'already there' });
    return event;
  };
}
