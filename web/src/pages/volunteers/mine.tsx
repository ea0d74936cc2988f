import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { Shift, SignUp } from '../../../../functions/volunteers/schema';
import { ApiError, callApi } from '../../api';
import { me } from '../../auth';
import { Button, ButtonLink } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { Loaded, SignInFirst, useLoad } from '../../components/load';
import { Notice, Warning } from '../../components/Notice';
import { Page } from '../../components/Page';
import { Tag } from '../../components/SummaryList';
import { formatDay } from '../../format';
import type { PageProps } from '../../routes';
import { formatShiftTime, hoursText } from './common';
import { StatusTag, statusText } from './status';

interface OpenShift {
  shift: Shift;
  roleId: string;
  roleTitle: string;
  open: number;
}

const checkNames: Record<string, string> = {
  'dbs-basic': 'Basic DBS check',
  'dbs-standard': 'Standard DBS check',
  'dbs-enhanced': 'Enhanced DBS check',
  references: 'References',
};

/** A volunteer's own page: shifts, open shifts to take, hours, applications, checks and a calendar link. */
export default function MyVolunteeringPage({ pageTitle }: PageProps) {
  const person = me.value;
  const [mine, reload] = useLoad(
    async (signal) => {
      if (!person) return undefined;
      const data = await callApi('getMyVolunteering', { signal });
      const approved = data.applications.filter((a) => a.status === 'approved');
      const pages = await Promise.all(approved.map((a) => callApi('listShifts', { query: { roleId: a.roleId, limit: 50 }, signal })));
      const taken = new Set(data.upcomingShifts.map((s) => s.shiftId));
      const open: OpenShift[] = pages
        .flatMap((p, i) =>
          p.items
            .filter((s) => !taken.has(s.shiftId))
            .map((shift) => {
              const place = shift.roles.find((r) => r.roleId === approved[i]!.roleId);
              return { shift, roleId: approved[i]!.roleId, roleTitle: approved[i]!.roleTitle, open: place?.open ?? 0 };
            }),
        )
        .filter((o) => o.open > 0)
        .sort((a, b) => (a.shift.startsAt < b.shift.startsAt ? -1 : 1));
      return { data, open };
    },
    [person?.userId],
  );

  const [done, setDone] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<{ key: string; message: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  if (person === undefined) {
    return (
      <Page title={pageTitle}>
        <Loading />
      </Page>
    );
  }
  if (!person) {
    return (
      <Page title={pageTitle}>
        <SignInFirst what="see your volunteering" />
      </Page>
    );
  }

  async function act(key: string, call: () => Promise<unknown>, success: string) {
    if (busy) return;
    setBusy(key);
    setDone(null);
    setRefusal(null);
    try {
      await call();
      setDone(success);
      reload();
    } catch (err) {
      setRefusal({ key, message: err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.' });
    } finally {
      setBusy(null);
    }
  }

  const signUp = (o: OpenShift) =>
    act(
      `sign-up-${o.shift.shiftId}-${o.roleId}`,
      () => callApi('signUpForShift', { params: { shiftId: o.shift.shiftId }, body: { roleId: o.roleId } }),
      `You are signed up for ${o.shift.title} as ${o.roleTitle.toLowerCase()}, ${formatShiftTime(o.shift.startsAt, o.shift.endsAt)}.`,
    );
  const withdraw = (s: SignUp) =>
    act(
      `withdraw-${s.shiftId}`,
      () => callApi('withdrawFromShift', { params: { shiftId: s.shiftId }, body: {} }),
      `You have withdrawn from ${s.title} on ${formatShiftTime(s.startsAt, s.endsAt)}. We have told the coordinator.`,
    );

  return (
    <Page title={pageTitle}>
      {done && (
        <Notice tone="success" title="Done">
          <p>{done}</p>
        </Notice>
      )}
      <Loaded load={mine} label="Loading your volunteering…" retry={reload}>
        {(loaded) => {
          if (!loaded) return null;
          const { data, open } = loaded;
          return (
            <>
              {data.applications.length === 0 && (
                <>
                  <p>You have not applied for any volunteer roles yet.</p>
                  <ButtonLink href={paths.volunteerRoles()}>Find a volunteer role</ButtonLink>
                </>
              )}
              {data.checksDue.length > 0 && (
                <Warning>
                  {data.checksDue.length === 1 ? 'One of your checks needs' : 'Some of your checks need'} attention. <a href="#checks">See your checks</a>.
                </Warning>
              )}

              <h2 class="heading-l" id="upcoming">
                Your shifts
              </h2>
              {data.upcomingShifts.length === 0 ? (
                <p>You have no shifts coming up.</p>
              ) : (
                <ul class="card-list" aria-labelledby="upcoming">
                  {data.upcomingShifts.map((s) => {
                    const key = `withdraw-${s.shiftId}`;
                    return (
                      <li class="card" key={s.shiftId}>
                        <h3 class="heading-s card-title" id={`mine-${s.shiftId}`}>
                          {s.title}
                        </h3>
                        <p class="card-meta">
                          {formatShiftTime(s.startsAt, s.endsAt)}
                          <br />
                          {s.location}. You are helping as {s.roleTitle.toLowerCase()}.
                        </p>
                        {refusal?.key === key && (
                          <div role="alert" class="inline-error">
                            {refusal.message}
                          </div>
                        )}
                        <Button variant="secondary" busy={busy === key} aria-describedby={`mine-${s.shiftId}`} onClick={() => withdraw(s)}>
                          <span>
                            Withdraw
                            <span class="visually-hidden">
                              {' '}
                              from {s.title}, {formatShiftTime(s.startsAt, s.endsAt)}
                            </span>
                          </span>
                        </Button>
                      </li>
                    );
                  })}
                </ul>
              )}

              {data.applications.some((a) => a.status === 'approved') && (
                <>
                  <h2 class="heading-l" id="open-shifts">
                    Shifts you can sign up for
                  </h2>
                  {open.length === 0 ? (
                    <p>There are no open places in your roles in the next 8 weeks. We will let you know when there are.</p>
                  ) : (
                    <ul class="card-list" aria-labelledby="open-shifts">
                      {open.map((o) => {
                        const key = `sign-up-${o.shift.shiftId}-${o.roleId}`;
                        const when = formatShiftTime(o.shift.startsAt, o.shift.endsAt);
                        return (
                          <li class="card" key={key}>
                            <h3 class="heading-s card-title">{o.shift.title}</h3>
                            <p class="card-meta">
                              {when}
                              <br />
                              {o.shift.location}. {o.open === 1 ? '1 place' : `${o.open} places`} for a {o.roleTitle.toLowerCase()}.
                            </p>
                            {refusal?.key === key && (
                              <div role="alert" class="notice notice-warning">
                                <p class="notice-title">You cannot sign up for this shift</p>
                                <p>{refusal.message}</p>
                              </div>
                            )}
                            {o.shift.cannotSignUp ? (
                              <p>{o.shift.cannotSignUp}</p>
                            ) : (
                              <Button variant="secondary" busy={busy === key} onClick={() => signUp(o)}>
                                <span>
                                  Sign up
                                  <span class="visually-hidden">
                                    {' '}
                                    for {o.shift.title}, {when}
                                  </span>{' '}
                                  as {o.roleTitle.toLowerCase()}
                                </span>
                              </Button>
                            )}
                          </li>
                        );
                      })}
                    </ul>
                  )}
                </>
              )}

              <h2 class="heading-l">Your hours</h2>
              <dl class="stats">
                <div class="stat">
                  <dt>This month</dt>
                  <dd>{hoursText(data.hours.thisMonth)}</dd>
                </div>
                <div class="stat">
                  <dt>This year</dt>
                  <dd>{hoursText(data.hours.thisYear)}</dd>
                </div>
                <div class="stat">
                  <dt>Waiting for approval</dt>
                  <dd>{hoursText(data.hours.pending)}</dd>
                </div>
              </dl>
              <p>Hours from shifts are counted when the coordinator takes the register. If you helped at other times, log those hours and the coordinator will approve them.</p>
              {data.applications.some((a) => a.status === 'approved') && (
                <ButtonLink href={paths.logHours()} variant="secondary">
                  Log hours
                </ButtonLink>
              )}

              {data.applications.length > 0 && (
                <>
                  <h2 class="heading-l">Your roles and applications</h2>
                  <ul class="card-list">
                    {data.applications.map((a) => (
                      <li class="card" key={a.roleId}>
                        <h3 class="heading-s card-title">
                          <a href={paths.volunteerRole({ roleId: a.roleId })}>{a.roleTitle}</a>
                        </h3>
                        <p>
                          <StatusTag status={a.status} />
                        </p>
                        <p class="card-meta">{statusText(a)}</p>
                      </li>
                    ))}
                  </ul>
                  <p>
                    <a href={paths.volunteerRoles()}>Find another role</a>
                  </p>
                </>
              )}

              {(data.checks.length > 0 || data.checksDue.length > 0) && (
                <>
                  <h2 class="heading-l" id="checks" tabIndex={-1}>
                    Your checks
                  </h2>
                  {data.checksDue.length > 0 && (
                    <Notice tone="warning" title="What is due">
                      <ul class="list list-bullet">
                        {data.checksDue.map((d) => (
                          <li key={`${d.roleId}-${d.requirement}`}>
                            {d.message} ({d.roleTitle})
                          </li>
                        ))}
                      </ul>
                      <p>Your coordinator arranges checks and renewals. Ask them at the hub or reply to any email from them; once they record it you can keep taking shifts.</p>
                    </Notice>
                  )}
                  {data.checks.length > 0 && (
                    <dl class="summary-list">
                      {data.checks.map((c) => (
                        <div class="summary-list-row" key={c.key}>
                          <dt class="summary-list-key">{c.type === 'training' ? `Training: ${c.module}` : checkNames[c.type]}</dt>
                          <dd class="summary-list-value">
                            {c.outcome === 'clear' ? <Tag tone="green">Clear</Tag> : c.outcome === 'pending' ? <Tag tone="yellow">Waiting</Tag> : <Tag tone="red">Not clear</Tag>} Checked{' '}
                            {formatDay(c.checkedOn)}
                            {c.expiresOn ? `. ${c.expiresOn < new Date().toISOString().slice(0, 10) ? 'Expired' : 'Expires'} ${formatDay(c.expiresOn)}` : ''}
                            {c.recordedByName ? `. Recorded by ${c.recordedByName}` : ''}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </>
              )}

              {data.applications.length > 0 && <CalendarLink url={data.calendarUrl} />}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

/** The private calendar link: make one, copy it, or open it in a calendar app. */
function CalendarLink({ url: existing }: { url?: string }) {
  const [url, setUrl] = useState(existing);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  async function make() {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      setUrl((await callApi('createCalendarLink')).calendarUrl);
      setCopied(false);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'We could not make a link just now. Please try again.');
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      (document.getElementById('calendar-url') as HTMLInputElement | null)?.select();
    }
  }

  return (
    <>
      <h2 class="heading-l">Add your shifts to your calendar</h2>
      <p>Your phone or computer's calendar can show your shifts and keep them up to date. The link is private: anyone with it can see your shifts, so do not share it.</p>
      {problem && (
        <div role="alert" class="inline-error">
          {problem}
        </div>
      )}
      {url ? (
        <>
          <div class="form-group">
            <label class="label" for="calendar-url">
              Your calendar link
            </label>
            <input class="input" id="calendar-url" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          </div>
          <div class="button-group">
            <Button variant="secondary" onClick={copy}>
              Copy link
            </Button>
            <a class="button button-secondary" href={url.replace(/^https?:/, 'webcal:')}>
              Add to calendar
            </a>
          </div>
          <p role="status">{copied ? 'Link copied. Paste it into your calendar app, where it says "subscribe" or "add calendar from URL".' : ''}</p>
          <p>If someone else has your link, make a new one. The old link will stop working.</p>
          <Button variant="secondary" busy={busy} onClick={make}>
            Make a new link
          </Button>
        </>
      ) : (
        <Button variant="secondary" busy={busy} onClick={make}>
          Get a calendar link
        </Button>
      )}
    </>
  );
}
