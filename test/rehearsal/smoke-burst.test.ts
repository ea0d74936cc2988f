import { throughTheRehearsal } from './smoke';

/** 500 residents reserving one session at once, through API Gateway and the reservations function's environments. */
throughTheRehearsal([{ file: 'test/concurrency/reservations-burst.test.ts', load: () => import('../concurrency/reservations-burst.test'), chosen: 'all' }]);
