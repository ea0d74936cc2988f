import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Button, ButtonLink } from '../components/Button';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { formatDateTime } from '../format';
import { me } from '../auth';
import AdminHome from './home/admin';
import CoordinatorHome from './home/coordinator';
import PartnerHome from './home/partner';

/**
 * One activity as the directory lists it. The directory API is young, so every field but id and title
 * is optional and checked before use.
 */
interface ActivitySummary {
  id: string;
  title: string;
  summary?: string;
  organisationName?: string;
  hubName?: string;
  nextSessionStart?: string;
  priorities?: string[];
  cost?: unknown;
}

type Upcoming = { state: 'loading' } | { state: 'ready'; items: ActivitySummary[] } | { state: 'failed'; message: string };

/** Home: staff get their own dashboard; everyone else (residents, volunteers, link workers) the residents' page. */
export default function Home() {
  const person = me.value;
  if (person?.roles.includes('admin')) return <AdminHome person={person} />;
  if (person?.roles.includes('coordinator')) return <CoordinatorHome person={person} />;
  if (person?.roles.includes('partner')) return <PartnerHome />;
  return <ResidentHome />;
}

function ResidentHome() {
  const [upcoming, setUpcoming] = useState<Upcoming>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setUpcoming({ state: 'loading' });
    api<unknown>('/activities', { query: { limit: 6 }, signal: abort.signal })
      .then((body) => setUpcoming({ state: 'ready', items: readActivities(body) }))
      .catch((err: unknown) => {
        if (abort.signal.aborted) return;
        const message = err instanceof ApiError && err.status === 0 ? err.detail : 'We could not load activities just now.';
        setUpcoming({ state: 'failed', message });
      });
    return () => abort.abort();
  }, [attempt]);

  return (
    <Page title="Find things to do near you">
      <p class="lead">
        Common Ground lists groups, classes and clubs run by local people, charities, faith groups, the council and
        the NHS. They can help you meet people, get more active, look after your mental health, or get support.
      </p>

      <h2 class="heading-l">What you can do here</h2>
      <ul class="list list-bullet">
        <li>find an activity by what matters to you, where it is, which day, what it costs and how accessible it is</li>
        <li>reserve a place, or join the waiting list when it is full, and cancel if you can no longer go</li>
        <li>ask for support yourself, or be referred by your GP practice or a link worker</li>
        <li>volunteer: find a role and sign up for shifts that suit you</li>
      </ul>
      <ButtonLink href="/activities">Find activities</ButtonLink>

      <h2 class="heading-l" id="upcoming">
        Upcoming activities
      </h2>
      <section aria-labelledby="upcoming">
        {upcoming.state === 'loading' && <Loading label="Loading upcoming activities…" />}
        {upcoming.state === 'failed' && (
          <>
            <p>{upcoming.message} Please try again, or ask at your local community hub.</p>
            <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </Button>
          </>
        )}
        {upcoming.state === 'ready' && upcoming.items.length === 0 && (
          <p>There are no upcoming activities listed yet. Check back soon, or ask at your local community hub.</p>
        )}
        {upcoming.state === 'ready' && upcoming.items.length > 0 && (
          <>
            <ul class="activity-list">
              {upcoming.items.map((a) => (
                <ActivityCard key={a.id} activity={a} />
              ))}
            </ul>
            <p>
              <a href="/activities">See all activities</a>
            </p>
          </>
        )}
      </section>
    </Page>
  );
}

function ActivityCard({ activity: a }: { activity: ActivitySummary }) {
  const when = formatDateTime(a.nextSessionStart);
  const where = [a.hubName, a.organisationName && a.organisationName !== a.hubName ? `run by ${a.organisationName}` : '']
    .filter(Boolean)
    .join(', ');
  const cost = describeCost(a.cost);
  return (
    <li class="activity">
      <h3 class="heading-s activity-title">
        <a href={`/activities/${encodeURIComponent(a.id)}`}>{a.title}</a>
      </h3>
      {a.summary && <p class="activity-summary">{a.summary}</p>}
      <dl class="facts">
        {where && <Fact term="Where">{where.charAt(0).toUpperCase() + where.slice(1)}</Fact>}
        <Fact term="Next session">
          {when ? <time dateTime={a.nextSessionStart}>{when}</time> : 'No dates yet'}
        </Fact>
        {cost && <Fact term="Cost">{cost}</Fact>}
      </dl>
      {a.priorities && a.priorities.length > 0 && (
        <p class="tags">
          <span class="visually-hidden">Helps with: </span>
          {a.priorities.map((p) => (
            <span class="tag" key={p}>
              {priorityLabel(p)}
            </span>
          ))}
        </p>
      )}
    </li>
  );
}

function Fact({ term, children }: { term: string; children?: ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

/** Keep the activities that have an id and a title; drop anything else rather than break the page. */
function readActivities(body: unknown): ActivitySummary[] {
  const items = body && typeof body === 'object' && Array.isArray((body as { items?: unknown }).items) ? (body as { items: unknown[] }).items : [];
  const out: ActivitySummary[] = [];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const r = item as Record<string, unknown>;
    const id = str(r.id);
    const title = str(r.title) ?? str(r.name);
    if (!id || !title) continue;
    out.push({
      id,
      title,
      summary: str(r.summary),
      organisationName: str(r.organisationName),
      hubName: str(r.hubName),
      nextSessionStart: str(r.nextSessionStart),
      priorities: Array.isArray(r.priorities) ? r.priorities.filter((p): p is string => typeof p === 'string') : undefined,
      cost: r.cost,
    });
  }
  return out;
}

/** "Free", "£3.50", "£2 per session" or the directory's own words; undefined when we cannot tell. */
function describeCost(cost: unknown): string | undefined {
  if (typeof cost === 'string') return cost || undefined;
  if (!cost || typeof cost !== 'object') return undefined;
  const c = cost as Record<string, unknown>;
  if (c.free === true || c.amountPence === 0 || c.amount === 0) return 'Free';
  const words = str(c.description) ?? str(c.label) ?? str(c.amountDescription);
  const pence = typeof c.amountPence === 'number' ? c.amountPence : typeof c.amount === 'number' ? Math.round(c.amount * 100) : undefined;
  if (pence === undefined) return words;
  const pounds = pence % 100 === 0 ? `£${pence / 100}` : `£${(pence / 100).toFixed(2)}`;
  const per = str(c.per) ?? str(c.unit);
  return [pounds, per ? `per ${per}` : '', words && words !== pounds ? `(${words})` : ''].filter(Boolean).join(' ');
}

/** `social-isolation` -> "Social isolation" */
function priorityLabel(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
