/**
 * Text replies (issue 20): the DynamoDB requests and write units of the inbound reply handler, for a NO that
 * frees a place (the busiest reply), a repeat delivery of it, a STOP and a text for a person to read. Measured
 * in process on the metered client, through the same handler the SNS Lambda calls (the dev route feeds it the
 * provider's event shape).
 */
import { createProfile } from '../../../functions/accounts/data';
import { newId } from '../../../functions/lib/ids';
import { demoActivities } from '../../../functions/local/seed/directory';
import { sendReminders } from '../../../functions/reminders/service';
import type { DbWork } from '../db-meter';
import { figure, median } from '../ops';
import type { Figure, Section } from '../types';

const steadySteps = demoActivities.find((a) => a.title.startsWith('Steady Steps'))!;
const london = (d: Date) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${String(Math.floor(Number(parts.minute) / 5) * 5).padStart(2, '0')}` };
};

export const textsSection: Section = {
  id: 'texts',
  title: 'Text replies: the inbound handler’s database work',
  async run(ctx) {
    const coordinator = await ctx.tokenFor('coordinator@example.org');
    const settings = await ctx.http({
      method: 'PUT',
      path: `/api/reminder-settings/${steadySteps.id}`,
      token: coordinator,
      body: {
        reminders: [
          { daysBefore: 7, hoursBefore: 0 },
          { daysBefore: 1, hoursBefore: 0 },
        ],
        confirm: true,
        replyByHoursBefore: 48,
        noAnswer: 'flag',
      },
    });
    if (settings.status !== 200) throw new Error(`reminder settings: ${settings.status}`);
    // a session a week and an hour or so ahead (a free slot of the activity's room), on the coordinator's reason
    // when that falls outside the hub's hours (an evening run); the reminder job runs as if two hours later, when
    // the 7-day reminder is due for people who booked now
    let sessionId = '';
    for (let k = 1; k <= 5 && !sessionId; k++) {
      const at = london(new Date(Date.now() + 7 * 86_400_000 + k * 20 * 60_000));
      const made = await ctx.http({
        method: 'POST',
        path: `/api/activity-sessions/${steadySteps.id}`,
        token: coordinator,
        body: { startDate: at.date, startTime: at.time, durationMinutes: 30, capacity: 40, outsideHoursReason: 'Bench session at whatever hour the bench runs' },
      });
      if (made.status === 201) sessionId = made.body.sessions[0].id;
    }
    if (!sessionId) throw new Error('no free time for the bench session');
    const n = ctx.size(10, 2);
    const people: { phone: string }[] = [];
    for (let i = 0; i < n; i++) {
      const userId = newId();
      const phone = `+4477009${String(70_000 + i).slice(-5)}`;
      await createProfile(
        ctx.raw,
        { userId, name: `Bench Texter ${i}`, email: `${userId.toLowerCase()}@example.org`, phone, contactPreference: 'sms', roles: ['resident'], hubIds: [], organisationIds: [] },
        new Date(),
      );
      const token = await ctx.platform.signer.signAccessToken({ userId, roles: ['resident'] });
      const booked = await ctx.http({ method: 'POST', path: `/api/session-reservations/${sessionId}`, token, headers: { 'idempotency-key': `bench-${i}` }, body: {} });
      if (booked.status !== 201) throw new Error(`booking: ${booked.status}`);
      people.push({ phone });
    }
    const asked = await sendReminders({ ...ctx.platform.deps, clock: { now: () => new Date(Date.now() + 2 * 3_600_000) } });
    if (asked < n) throw new Error(`only ${asked} of ${n} reminders asked`);

    const reply = async (from: string, body: string, id = newId()) => {
      const { result, work } = await ctx.inProcessMeter.during(() =>
        ctx.inProcess({ method: 'POST', path: '/api/dev/texts', body: { originationNumber: from, destinationNumber: '+447700900000', messageBody: body, inboundMessageId: id } }),
      );
      if (result.status !== 200) throw new Error(`reply: ${result.status} ${JSON.stringify(result.body)}`);
      return { work, outcome: result.body.outcome as string };
    };
    const nos: DbWork[] = [];
    const ids: string[] = [];
    for (const p of people) {
      const id = newId();
      ids.push(id);
      const { work, outcome } = await reply(p.phone, 'No sorry', id);
      if (outcome !== 'freed') throw new Error(`NO was ${outcome}`);
      nos.push(work);
    }
    const repeat = await reply(people[0]!.phone, 'No sorry', ids[0]);
    const stop = await reply(people[0]!.phone, 'STOP');
    const other = await reply(people[1]!.phone, 'Is there parking?');
    const med = (pick: (w: DbWork) => number) => median(nos.map(pick));
    const describe = (w: DbWork) =>
      Object.entries(w.byCommand)
        .map(([c, k]) => `${k} ${c}`)
        .join(' + ');
    const figures: Figure[] = [
      figure(
        'texts.no.requests',
        'NO reply (frees a place) requests',
        med((w) => w.requests),
        'count',
        { equal: 9 },
        `${describe(nos[nos.length - 1]!)}; design: claim, find the question by number, the session, answer it, read it back, the reservations service’s cancel (booking, session again, one transaction), done`,
      ),
      figure(
        'texts.no.writeUnits',
        'NO reply write units',
        med((w) => w.writeUnits),
        'units',
        undefined,
        'the cancellation’s transaction (booking, session counters, holdings, outbox message) is most of it',
      ),
      figure(
        'texts.no.readUnits',
        'NO reply read units',
        med((w) => w.readUnits),
        'units',
      ),
      figure('texts.repeat.requests', 'A repeated delivery: requests', repeat.work.requests, 'count', { equal: 1 }, `${describe(repeat.work)}: the claim's condition fails; nothing else runs`),
      figure('texts.repeat.writeUnits', 'A repeated delivery: write units', repeat.work.writeUnits, 'units', { max: 1 }),
      figure('texts.stop.requests', 'STOP requests', stop.work.requests, 'count', { equal: 3 }, `${describe(stop.work)}: claim, opt-out, done`),
      figure('texts.stop.writeUnits', 'STOP write units', stop.work.writeUnits, 'units'),
      figure('texts.other.requests', 'A text for a person to read: requests', other.work.requests, 'count', { equal: 4 }, `${describe(other.work)}: claim, find by number, inbox item, done`),
      figure('texts.other.writeUnits', 'A text for a person to read: write units', other.work.writeUnits, 'units'),
    ];
    return { figures, notes: [`${n} NO replies, each freeing a place; medians. The freed place's promotion runs later on the stream (counted with reservations).`] };
  },
};
