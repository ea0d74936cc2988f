import { attendanceConsumers } from '../attendance/consumers';
import { directoryConsumers } from '../directory/consumers';
import type { MessageSender } from '../lib/outbox';
import { deliverOutbox } from '../messages/deliver';
import { reportConsumers } from '../reports/consumers';
import { reservationConsumers } from '../reservations/consumers';
import { sessionConsumers } from '../sessions/consumers';
import { volunteerConsumers } from '../volunteers/consumers';
import type { StreamConsumer } from './handler';

/** Every consumer of table changes, in the order they run for each record. Domains add theirs here. */
export function streamConsumers({ sender }: { sender: MessageSender }): StreamConsumer[] {
  return [deliverOutbox(sender), ...directoryConsumers(), ...sessionConsumers(), ...reservationConsumers(), ...attendanceConsumers(), ...reportConsumers(), ...volunteerConsumers()];
}
