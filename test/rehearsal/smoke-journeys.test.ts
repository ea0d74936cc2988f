import { throughTheRehearsal } from './smoke';

/**
 * The rehearsal's smoke set in `npm test`: at least one end-to-end test of each domain, run through the
 * synthesised bundles, API Gateway, the authorizer, IAM and the stream's event source mapping. (All the API tests
 * can run through the rehearsal: CG_PLATFORM=rehearsal npx vitest run --config test/vitest.config.ts test/api.)
 */
throughTheRehearsal([
  {
    // meta, accounts, the stream and message delivery
    file: 'test/api/foundation.test.ts',
    load: () => import('../api/foundation.test'),
    chosen: [
      'answers getHealth',
      'describes itself as OpenAPI 3.1 with an operationId on every operation',
      'sign-in',
      'feeds table changes to the stream handler: an outbox message reaches the dev mailbox once',
    ],
  },
  { file: 'test/api/directory.test.ts', load: () => import('../api/directory.test'), chosen: ['lets a partner add an activity for its own organisation, which is then findable'] },
  // sessions, reservations and their messages
  { file: 'test/api/sessions.test.ts', load: () => import('../api/sessions.test'), chosen: ['moving a session tells everyone booked, with a new calendar entry'] },
  { file: 'test/api/reservations.test.ts', load: () => import('../api/reservations.test'), chosen: ['cancelling frees the place and the first waiting person is promoted, exactly once'] },
  { file: 'test/api/attendance.test.ts', load: () => import('../api/attendance.test'), chosen: ['checks someone in by their code on the day, once'] },
  {
    file: 'test/api/rooms.test.ts',
    load: () => import('../api/rooms.test'),
    chosen: ['takes a partner request as pending, shows it in the approvals queue, and confirms it on approval with a message'],
  },
  // people who signed up have Cognito ids here, as on AWS
  { file: 'test/api/volunteers.test.ts', load: () => import('../api/volunteers.test'), chosen: ['takes an application, queues it for the coordinator, and tells the volunteer the outcome'] },
  {
    file: 'test/api/reports.test.ts',
    load: () => import('../api/reports.test'),
    // the second: hono's Lambda adapter dropped the CSV's byte-order mark until the reports function sent it as bytes
    chosen: [
      'gives the figures worked out independently from what was done, month by month',
      'is a CSV with a header row, UTF-8 with a byte-order mark, small numbers hidden for publication, formulas defused',
    ],
  },
  { file: 'test/api/referrals.test.ts', load: () => import('../api/referrals.test'), chosen: ['the journey from self-referral to outcome'] },
]);
