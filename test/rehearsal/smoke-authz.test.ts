import { throughTheRehearsal } from './smoke';

/** The authorisation matrix at its rehearsal smoke size (every operation by someone allowed, anonymously and by a refused role; see wiringCases), through the rehearsal. */
throughTheRehearsal([{ file: 'test/hardening/authz-matrix.test.ts', load: () => import('../hardening/authz-matrix.test'), chosen: 'all' }]);
