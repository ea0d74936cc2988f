/**
 * Taking a register on a phone or tablet, in a hall where the signal comes and goes. Every tap is kept on
 * the device first (offline.ts) and sent when there is a connection; the page says what is not yet sent,
 * and when another helper's later mark stands instead of yours.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { accessNeedLabels } from '../../../../functions/accounts/schema';
import type { MarkOutcome, MarkStatus, RegisterPerson, RegisterView } from '../../../../functions/attendance/schema';
import { paths } from '../../../../functions/lib/paths';
import { ApiError, callApi } from '../../api';
import { hasRole } from '../../auth';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { useLoad } from '../../components/load';
import { NeedsFlag } from '../../components/NeedsFlag';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';
import { cachedRegister, cacheRegister, enqueue, flush, newClientId, type Pending, type PendingMark, pending } from './offline';
import { useOnline, useServiceWorker } from './online';

const statusLabels: Record<MarkStatus, string> = { attended: 'Here', 'no-show': 'No-show', 'cancelled-late': 'Cancelled late', 'left-early': 'Left early' };
const statuses = Object.keys(statusLabels) as MarkStatus[];
const ageBands = ['under-18', '18-24', '25-49', '50-64', '65-79', '80-plus'];

const keyOf = (p: { role: string; personId: string }) => `${p.role}#${p.personId}`;

/** The mark that stands for a person on this device: the latest of the server's and the unsent ones. */
function standing(person: RegisterPerson, queue: PendingMark[]): { status?: MarkStatus; unsent: boolean } {
  const mine = queue
    .filter((m) => keyOf(m) === keyOf(person))
    .sort((a, b) => `${a.markedAt}#${a.markId}`.localeCompare(`${b.markedAt}#${b.markId}`))
    .pop();
  const server = person.mark;
  if (mine && (!server || `${mine.markedAt}#${mine.markId}` > `${server.markedAt}#${server.markId}`)) return { status: mine.status, unsent: true };
  return server ? { status: server.status, unsent: false } : { unsent: false };
}

/**
 * The register from the API, kept on the device for when the signal goes; offline, the copy last kept here.
 * A refusal (not allowed, no such session) is not hidden behind an old copy.
 */
async function openRegister(sessionId: string, signal: AbortSignal): Promise<{ view: RegisterView; fromDevice: boolean }> {
  try {
    const fresh = await callApi('getRegister', { params: { sessionId }, signal });
    await cacheRegister(fresh).catch(() => undefined);
    return { view: fresh, fromDevice: false };
  } catch (err) {
    if (err instanceof ApiError && err.status !== 0) throw err;
    const kept = await cachedRegister(sessionId).catch(() => undefined);
    if (!kept) throw new ApiError(0, 'Offline', 'You are offline and this register has not been opened on this device before. Open it once with a connection, then it works without one.');
    return { view: kept, fromDevice: true };
  }
}

export default function RegisterPage({ params }: PageProps) {
  const sessionId = params.sessionId ?? '';
  const online = useOnline();
  useServiceWorker();
  const [register, reload] = useLoad((signal) => openRegister(sessionId, signal), [sessionId]);
  const [queue, setQueue] = useState<Pending[]>([]);
  const [search, setSearch] = useState('');
  const [conflicts, setConflicts] = useState<(MarkOutcome & { mine: MarkStatus })[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  // a ref, not state: the 15-second retry and a tap made mid-send must see the send in flight as it is now,
  // not as it was when their closure was made (a stale "sending" left marks unsent until the next tap)
  const sending = useRef(false);

  async function send() {
    if (sending.current || !navigator.onLine) return;
    sending.current = true;
    let again = false;
    try {
      const out = await flush(sessionId);
      if (out.superseded.length) setConflicts((c) => [...c, ...out.superseded]);
      if (out.refused.length) setProblem(out.refused.map((r) => r.message).join(' '));
      if (out.sent || out.refused.length) await reload();
      // a tap made while this send was in flight is still queued: send it now rather than at the next retry
      again = out.sent + out.refused.length > 0;
    } catch {
      // still no connection: everything stays queued and is sent on the next try
    } finally {
      const left = await pending(sessionId);
      setQueue(left);
      sending.current = false;
      if (again && left.length) void send();
    }
  }

  useEffect(() => {
    pending(sessionId).then(setQueue, () => undefined);
    void send();
  }, [sessionId]);

  useEffect(() => {
    if (online) void send();
    if (!online || queue.length === 0) return;
    const timer = setInterval(() => void send(), 15_000);
    return () => clearInterval(timer);
  }, [online, queue.length]);

  async function mark(person: RegisterPerson, status: MarkStatus) {
    const item: PendingMark = { kind: 'mark', markId: newClientId(), personId: person.personId, role: person.role, status, markedAt: new Date().toISOString() };
    setQueue(await enqueue(sessionId, item));
    void send();
  }

  async function addWalkIn(count: number, ageBand: string) {
    const item: Pending = { kind: 'walk-in', walkInId: newClientId(), count, ...(ageBand ? { ageBand: ageBand as never } : {}), markedAt: new Date().toISOString() };
    setQueue(await enqueue(sessionId, item));
    void send();
  }

  /** A named walk-in: by the code on the pass they show, or someone from this register's waiting list or cancellations. */
  async function addNamedWalkIn(who: { code: string } | { personId: string }) {
    const item: Pending = { kind: 'walk-in', walkInId: newClientId(), count: 1, ...who, markedAt: new Date().toISOString() };
    setQueue(await enqueue(sessionId, item));
    void send();
  }

  /** Everyone booked who has no mark yet is marked here, in one go (each mark still sent once). */
  async function markEveryoneHere(unmarked: RegisterPerson[]) {
    let latest = queue;
    for (const person of unmarked) {
      latest = await enqueue(sessionId, { kind: 'mark', markId: newClientId(), personId: person.personId, role: person.role, status: 'attended', markedAt: new Date().toISOString() });
    }
    setQueue(latest);
    void send();
  }

  const marks = queue.filter((p): p is PendingMark => p.kind === 'mark');
  const people = register.state === 'ready' ? register.data.view.people : [];
  const shown = useMemo(() => people.filter((p) => p.name.toLowerCase().includes(search.trim().toLowerCase())), [people, search]);

  if (register.state === 'loading') return <Loading label="Loading the register…" />;
  if (register.state === 'failed') {
    return (
      <Page title="Register">
        <Notice tone="warning">{register.error.detail}</Notice>
      </Page>
    );
  }
  const { view, fromDevice } = register.data;

  const counts = { expected: people.length, here: 0, noShow: 0, notMarked: 0 };
  for (const p of people) {
    const s = standing(p, marks).status;
    if (s === 'attended' || s === 'left-early') counts.here++;
    else if (s === 'no-show') counts.noShow++;
    else if (!s) counts.notMarked++;
  }
  const walkIns = view.walkIns.reduce((n, w) => n + w.count, 0) + queue.reduce((n, p) => n + (p.kind === 'walk-in' ? p.count : 0), 0);
  const managesVolunteers = hasRole('coordinator', 'partner', 'admin');
  // a register saved on this device before the window was known is treated as open: the API still decides
  const markable = view.marking?.open !== false;

  return (
    <Page title={`Register: ${view.session.activityTitle}`} caption={`${view.session.localDate}, ${view.session.localStartTime} to ${view.session.localEndTime}`}>
      {!online && (
        <div class="register-offline" role="status">
          <strong>You are offline.</strong> Keep marking: marks stay on this device and are sent when the connection returns.
        </div>
      )}
      {fromDevice && online && <p class="hint">Showing the register as last saved on this device.</p>}
      <p class="register-pending" role="status" aria-live="polite">
        {queue.length === 0 ? 'Everything is sent.' : `${queue.length} ${queue.length === 1 ? 'mark' : 'marks'} not yet sent${online ? ': sending…' : '.'}`}
      </p>
      {problem && <Notice tone="warning">{problem}</Notice>}
      {!markable && (
        <Notice tone="info" title={view.session.status === 'cancelled' ? 'Cancelled by the hub' : 'The register is not open'}>
          {view.marking.reason}
        </Notice>
      )}
      {conflicts.length > 0 && (
        <Notice tone="info" title="Another helper marked someone later">
          <ul class="list">
            {conflicts.map((c) => (
              <li key={c.markId}>
                {people.find((p) => keyOf(p) === keyOf(c))?.name ?? 'Someone'}: {statusLabels[c.current.status]} stands (marked at {c.current.markedAt.slice(11, 16)}), not your “{statusLabels[c.mine]}
                ”.
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <dl class="register-counts">
        <div>
          <dt>Expected</dt>
          <dd>{counts.expected}</dd>
        </div>
        <div>
          <dt>Here</dt>
          <dd>{counts.here}</dd>
        </div>
        <div>
          <dt>No-show</dt>
          <dd>{counts.noShow}</dd>
        </div>
        <div>
          <dt>Not marked</dt>
          <dd>{counts.notMarked}</dd>
        </div>
        <div>
          <dt>Walk-ins</dt>
          <dd>{walkIns}</dd>
        </div>
      </dl>
      <div class="form-group">
        <label class="label" for="register-search">
          Search by name
        </label>
        <input class="input" id="register-search" type="search" autocomplete="off" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      </div>
      {markable && counts.notMarked > 0 && (
        <p>
          <Button variant="secondary" onClick={() => markEveryoneHere(people.filter((p) => !standing(p, marks).status))}>
            Mark everyone here
          </Button>
          <span class="hint">
            {' '}
            Marks the {counts.notMarked} {counts.notMarked === 1 ? 'person' : 'people'} not yet marked as here. You can change anyone after.
          </span>
        </p>
      )}
      <ul class="register-list" aria-label="People booked">
        {shown.map((p) => (
          <PersonRow key={keyOf(p)} person={p} state={standing(p, marks)} onMark={markable ? mark : undefined} noShowThreshold={view.noShowRule.threshold} weeks={view.noShowRule.weeks} />
        ))}
      </ul>
      {shown.length === 0 && <p>No one booked matches “{search}”.</p>}
      {view.volunteers.length > 0 && (
        <>
          <h2 class="heading-m">Volunteers on shift</h2>
          <ul class="register-list" aria-label="Volunteers on shift">
            {view.volunteers.map((v) => (
              <PersonRow key={keyOf(v)} person={v} state={standing(v, marks)} onMark={managesVolunteers && markable ? mark : undefined} />
            ))}
          </ul>
        </>
      )}
      {(view.waitlist ?? []).length > 0 && (
        <section class="register-waitlist" aria-labelledby="waitlist-heading">
          <h2 class="heading-m" id="waitlist-heading">
            Waiting list
          </h2>
          <ol class="list list-number">
            {view.waitlist.map((w) => (
              <li key={w.personId}>
                {w.name}
                {w.companion && ' and a companion'}: {w.status === 'offered' ? `offered a place${w.offerExpiresAt ? `, held until ${formatDateTime(w.offerExpiresAt)}` : ''}` : 'waiting'}
              </li>
            ))}
          </ol>
        </section>
      )}
      {view.walkIns.some((w) => w.name) && (
        <>
          <h2 class="heading-m">Named walk-ins</h2>
          <ul class="list">
            {view.walkIns
              .filter((w) => w.name)
              .map((w) => (
                <li key={w.walkInId}>{w.name}</li>
              ))}
          </ul>
        </>
      )}
      {(view.cancelled ?? []).some((c) => c.byHub) && (
        <>
          <h2 class="heading-m">Cancelled by the hub</h2>
          <ul class="list">
            {view.cancelled
              .filter((c) => c.byHub)
              .map((c) => (
                <li key={c.personId}>{c.name}</li>
              ))}
          </ul>
        </>
      )}
      <NamedWalkIn known={[...(view.waitlist ?? []), ...(view.cancelled ?? [])].filter((k) => !view.walkIns.some((w) => w.personId === k.personId))} onAdd={addNamedWalkIn} />
      <WalkInForm onAdd={addWalkIn} />
      <p>
        <a href={paths.registerCheckIn({ sessionId })}>Check people in at the door by their code</a>
      </p>
      <p>
        <a href={paths.registers({}, { date: view.session.localDate })}>All your sessions that day</a>
      </p>
    </Page>
  );
}

/** "Wheelchair user, Large print. Needs a seat near the door." */
function describeAccessNeeds(a: NonNullable<RegisterPerson['accessNeeds']>): string {
  const ticks = a.needs.map((n) => accessNeedLabels[n]).join(', ');
  return [ticks, a.notes].filter(Boolean).join('. ');
}

function PersonRow(props: {
  person: RegisterPerson;
  state: { status?: MarkStatus; unsent: boolean };
  onMark?: ((p: RegisterPerson, s: MarkStatus) => void) | undefined;
  noShowThreshold?: number;
  weeks?: number;
}) {
  const { person, state } = props;
  const id = `person-${person.role}-${person.personId}`;
  return (
    <li class="register-person">
      <h3 class="heading-s" id={id}>
        {person.name}
        {person.roleTitle && <span class="caption"> {person.roleTitle}</span>}
      </h3>
      {person.accessNeeds && <p class="register-needs">Access needs: {describeAccessNeeds(person.accessNeeds)}</p>}
      {person.communicationNeeds && (
        <p class="register-needs">
          <NeedsFlag needs={person.communicationNeeds} />
        </p>
      )}
      {person.answers?.map((a) => (
        <p class="register-needs" key={a.questionId}>
          {a.question} {a.answer}
        </p>
      ))}
      {props.noShowThreshold && (person.recentNoShows ?? 0) >= props.noShowThreshold && (
        <p class="tag">
          {person.recentNoShows} no-shows in {props.weeks} weeks
        </p>
      )}
      <p class="register-state">
        {state.status ? statusLabels[state.status] : 'Not marked'}
        {state.unsent && <strong class="register-unsent"> (not yet sent)</strong>}
        {person.checkedIn && !state.unsent && ' (checked in at the door)'}
      </p>
      {props.onMark && (
        <div class="register-buttons" role="group" aria-labelledby={id}>
          {statuses.map((s) => (
            <button key={s} type="button" class={`button ${state.status === s ? 'button-primary' : 'button-secondary'}`} aria-pressed={state.status === s} onClick={() => props.onMark!(person, s)}>
              {statusLabels[s]}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

function WalkInForm({ onAdd }: { onAdd: (count: number, ageBand: string) => void }) {
  const [count, setCount] = useState('1');
  const [band, setBand] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="register-walk-in"
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(count);
        if (!Number.isInteger(n) || n < 1 || n > 50) return setError('Enter a number of people from 1 to 50');
        setError(null);
        onAdd(n, band);
        setCount('1');
      }}
    >
      <h2 class="heading-m">Walk-ins</h2>
      <p class="hint">People who came without booking and gave no details.</p>
      <div class={`form-group${error ? ' form-group-error' : ''}`}>
        <label class="label" for="walk-in-count">
          How many people
        </label>
        {error && (
          <p class="field-error" id="walk-in-count-error">
            <span class="visually-hidden">Error: </span>
            {error}
          </p>
        )}
        <input
          class={`input input-width-3${error ? ' input-error' : ''}`}
          id="walk-in-count"
          inputMode="numeric"
          value={count}
          aria-describedby={error ? 'walk-in-count-error' : undefined}
          onInput={(e) => setCount(e.currentTarget.value)}
        />
      </div>
      <div class="form-group">
        <label class="label" for="walk-in-age">
          Age band (optional)
        </label>
        <select class="select" id="walk-in-age" value={band} onChange={(e) => setBand(e.currentTarget.value)}>
          <option value="">Not known</option>
          {ageBands.map((b) => (
            <option key={b} value={b}>
              {b.replace('-plus', ' or over').replace('under-', 'under ').replace('-', ' to ')}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary">
        Add walk-in
      </Button>
    </form>
  );
}

/** Someone who came without booking and can be named: by the code on a pass they show, or from this session's own lists. */
function NamedWalkIn({ known, onAdd }: { known: { personId: string; name: string }[]; onAdd: (who: { code: string } | { personId: string }) => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <section aria-labelledby="named-walk-in">
      <h2 class="heading-m" id="named-walk-in">
        Someone came without a place
      </h2>
      {known.length > 0 && (
        <>
          <p>On this session’s waiting list, or cancelled, but came anyway:</p>
          <ul class="button-group">
            {known.map((k) => (
              <li key={k.personId}>
                <Button variant="secondary" onClick={() => onAdd({ personId: k.personId })}>
                  {k.name} came
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const typed = code.trim().toUpperCase();
          if (!/^([0-9A-Z_]{53}\.)?[A-Z0-9]{6}$/.test(typed)) return setError('Enter the 6-letter code on their check-in pass, for example K7P2QX');
          setError(null);
          onAdd({ code: typed });
          setCode('');
        }}
      >
        <div class={`form-group${error ? ' form-group-error' : ''}`}>
          <label class="label" for="walk-in-code">
            The check-in code on a pass they show
          </label>
          <p class="hint" id="walk-in-code-hint">
            From any of their bookings. It records them by name; people without a pass are added as a number below.
          </p>
          {error && (
            <p class="field-error" id="walk-in-code-error">
              <span class="visually-hidden">Error: </span>
              {error}
            </p>
          )}
          <input
            class={`input input-width-10${error ? ' input-error' : ''}`}
            id="walk-in-code"
            autocomplete="off"
            spellcheck={false}
            value={code}
            aria-describedby={`walk-in-code-hint${error ? ' walk-in-code-error' : ''}`}
            onInput={(e) => setCode(e.currentTarget.value)}
          />
        </div>
        <Button type="submit" variant="secondary">
          Add by their code
        </Button>
      </form>
    </section>
  );
}
