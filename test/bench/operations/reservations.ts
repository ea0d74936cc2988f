// Sessions and reservations (issue #4): the operations and the burst's session maker live in ../reservations.ts.
export { burst, cancelReservation, reserveSeat } from '../reservations';
