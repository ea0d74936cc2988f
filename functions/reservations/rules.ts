import { randomInt } from 'node:crypto';
import type { Reservation } from './schema';

/** Pure decisions about places: limits, ids, codes, who may book for whom. */

/** Upcoming places one person may hold at once, and waiting places (to stop hoarding). */
export const limits = { held: 12, waiting: 6 };

export const reservationIdOf = (sessionId: string, personId: string) => `${sessionId}_${personId}`;
export function splitReservationId(id: string): { sessionId: string; personId: string } {
  const [sessionId, personId] = id.split('_') as [string, string];
  return { sessionId, personId };
}

/** Letters and digits nobody confuses when read aloud or on paper (no 0/O, 1/I/L, 5/S, 2/Z, 8/B). */
const codeAlphabet = 'ACDEFGHJKMNPQRTUVWXY34679';
export function newCheckInCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += codeAlphabet[randomInt(codeAlphabet.length)];
  return code;
}

/** An entry in a person's holdings sets: sorts and prunes by when the session ends. */
export const holdingOf = (r: Pick<Reservation, 'endsAt' | 'sessionId'>) => `${r.endsAt}|${r.sessionId}`;
export const isPastHolding = (entry: string, now: Date) => entry.split('|')[0]! <= now.toISOString();

/** Booking modes a person may take a place in: referral-only activities are booked by link workers and coordinators. */
export const modesFor = (assisted: boolean): string[] => (assisted ? ['reserve', 'referral-only'] : ['reserve']);

/** Where someone is in the queue (1 = next): their ticket less the earlier tickets that have left or were never used, never below 1. */
export const positionOf = (ticket: number, goneBefore: number) => Math.max(1, ticket - goneBefore);

/** The waitlist order key (zero-padded so the index sorts numerically). */
export const seqKey = (seq: number) => String(seq).padStart(10, '0');

export const isActive = (status: string) => status === 'confirmed' || status === 'offered' || status === 'waitlisted';

/** One of the activity's booking questions, as the session carries it. */
export interface Question {
  id: string;
  label: string;
  required?: boolean | undefined;
}

/**
 * A booking's answers checked against the activity's questions: each answer must be to one of them, and when
 * people book for themselves the required ones must be answered (someone booking on their behalf may not
 * know; the organiser asks on the day). Answers keep the question's words as they were asked.
 */
export function checkAnswers(
  questions: Question[],
  answers: { questionId: string; answer: string }[],
  requireAll: boolean,
): { answers: { questionId: string; question: string; answer: string }[]; problems: { field: string; rule: string; message: string }[] } {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const problems: { field: string; rule: string; message: string }[] = [];
  const given = new Map<string, string>();
  for (const a of answers) {
    if (!byId.has(a.questionId)) problems.push({ field: `body.answers.${a.questionId}`, rule: 'unknown_question', message: 'is not one of this activity’s questions' });
    else if (a.answer) given.set(a.questionId, a.answer);
  }
  if (requireAll) {
    for (const q of questions) {
      if (q.required && !given.has(q.id)) problems.push({ field: `body.answers.${q.id}`, rule: 'required', message: `Answer “${q.label}”` });
    }
  }
  return { answers: questions.filter((q) => given.has(q.id)).map((q) => ({ questionId: q.id, question: q.label, answer: given.get(q.id)! })), problems };
}
