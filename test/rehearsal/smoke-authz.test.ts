import { throughTheRehearsal } from './smoke';

/** The authorisation matrix at its smoke size (every operation, every role, own and others'), through the rehearsal. */
throughTheRehearsal([{ file: 'test/hardening/authz-matrix.test.ts', load: () => import('../hardening/authz-matrix.test'), chosen: 'all' }]);
