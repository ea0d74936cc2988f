// Sessions (issue #4): see ../reservations.ts.
export { getSession } from '../reservations';
