import type { Actor } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { DomainError, InvalidInput } from '../lib/errors';
import { everyItem } from '../lib/pagination';
import { resolvesToPublicOnly } from '../lib/public-address';
import { inOurWords, toFieldProblem } from '../lib/validation';
import * as data from './data';
import { isServicesPage, serviceToImportRow, uuidToUlid } from './openreferral';
import {
  activityColumn,
  activityFromRow,
  activityToRow,
  costCell,
  type ImportLookups,
  type ImportProblem,
  importedFacts,
  importHeading,
  organisationColumn,
  organisationFromRow,
  overlayRow,
  placeMessage,
} from './rules';
import type { Activity, DirectoryImport, DirectoryImportResult, ImportOutcome, ImportRow, ImportRowResult, Organisation } from './schema';
import { createActivityBody, organisationBody, updateActivityBody } from './schema';
import * as service from './service';

/**
 * Importing activities and organisations (admins, issue 21 point 4): rows of the CSV template, or services of
 * another Open Referral UK feed turned into such rows. Each row is checked with the forms' own schemas and
 * written through the forms' own service functions (createOrganisation, createActivity, updateActivity), so an
 * import can do nothing a person at the forms could not. A dry run plans and writes nothing.
 *
 * Matching: an organisation by its ORUK id (when it is one of ours) or its name, ignoring case; an activity by
 * its ORUK id or by its title within its organisation. A matched record's empty cells keep what it has, so
 * importing the same file again updates, or leaves alone, what the first import made.
 */

const placeholderId = '00000000000000000000000000';

interface Directory {
  organisations: Organisation[];
  byOrgId: Map<string, Organisation>;
  byOrgName: Map<string, Organisation>;
  hubName: Map<string, string>;
  look: ImportLookups;
  activitiesOf: (organisationId: string) => Promise<Activity[]>;
}

async function readDirectory(deps: AppDeps): Promise<Directory> {
  const [organisations, hubs, priorities] = await Promise.all([
    everyItem((c) => data.listOrganisations(deps.db, 100, c)),
    everyItem((c) => data.listHubs(deps.db, undefined, 100, c)),
    everyItem((c) => data.listPriorities(deps.db, 100, c)),
  ]);
  const current = organisations.filter((o) => !o.archived);
  const activities = new Map<string, Promise<Activity[]>>();
  return {
    organisations: current,
    byOrgId: new Map(current.map((o) => [o.id, o])),
    byOrgName: new Map(current.map((o) => [o.name.trim().toLowerCase(), o])),
    hubName: new Map(hubs.map((h) => [h.id, h.name])),
    look: {
      hubByName: new Map(hubs.filter((h) => !h.archived).map((h) => [h.name.trim().toLowerCase(), h.id])),
      priorityByName: new Map(
        priorities
          .filter((p) => !p.archived)
          .flatMap(
            (p) =>
              [
                [p.id, p.id],
                [p.label.trim().toLowerCase(), p.id],
              ] as const,
          ),
      ),
    },
    activitiesOf: (organisationId) => {
      if (!activities.has(organisationId))
        activities.set(
          organisationId,
          everyItem((c) => data.listActivitiesOf(deps.db, { organisationId }, 100, c)),
        );
      return activities.get(organisationId)!;
    },
  };
}

/** Our own id from an ORUK id (a UUID made from our id), or the id itself. */
const ourId = (orukId: string | undefined) => (orukId ? (uuidToUlid(orukId.trim()) ?? orukId.trim()) : undefined);

/** zod/mini's words for an empty required text, as a person reads them. */
const plain = (issue: Parameters<typeof toFieldProblem>[0], message = toFieldProblem(issue, '').message) =>
  message === 'must be at least 1 characters' ? 'is required' : message === 'give either hubId or venue (exactly one)' ? placeMessage : message;

interface Plan {
  result: ImportRowResult;
  organisation: { create?: ReturnType<typeof organisationBody.parse>; update?: { id: string; patch: ReturnType<typeof organisationBody.parse> }; id?: string; key: string };
  activity?: { create?: ReturnType<typeof createActivityBody.parse>; update?: { id: string; patch: ReturnType<typeof updateActivityBody.parse> } };
}

function planOrganisation(row: ImportRow, dir: Directory): { problems: ImportProblem[]; plan: Plan['organisation']; outcome: ImportOutcome; existing?: Organisation } {
  const byId = ourId(row.organisationOrukId);
  const existing = (byId ? dir.byOrgId.get(byId) : undefined) ?? dir.byOrgName.get((row.organisation ?? '').trim().toLowerCase());
  const fields = organisationFromRow(existing ? overlayRow(orgAsRow(existing), row) : row);
  const parsed = organisationBody.safeParse(fields, inOurWords);
  const key = fields.name.toLowerCase();
  if (!parsed.success) return { problems: parsed.error.issues.map((i) => ({ column: organisationColumn(i.path), message: plain(i) })), plan: { key }, outcome: 'refused' };
  if (!existing) return { problems: [], plan: { create: parsed.data, key }, outcome: 'create' };
  const same =
    JSON.stringify([existing.name, existing.description, existing.contact, existing.charityNumber]) ===
    JSON.stringify([parsed.data.name, parsed.data.description, parsed.data.contact, parsed.data.charityNumber]);
  return { problems: [], plan: same ? { id: existing.id, key } : { id: existing.id, update: { id: existing.id, patch: parsed.data }, key }, outcome: same ? 'unchanged' : 'update', existing };
}

const orgAsRow = (o: Organisation) => ({
  organisation: o.name,
  ...(o.description ? { organisationDescription: o.description } : {}),
  ...(o.contact.email ? { organisationEmail: o.contact.email } : {}),
  ...(o.contact.website ? { organisationWebsite: o.contact.website } : {}),
  ...(o.contact.phone ? { organisationPhone: o.contact.phone } : {}),
  ...(o.charityNumber ? { charityNumber: o.charityNumber } : {}),
});

async function planActivity(
  deps: AppDeps,
  row: ImportRow,
  organisationId: string | undefined,
  dir: Directory,
): Promise<{ problems: ImportProblem[]; plan?: Plan['activity']; outcome: ImportOutcome; existing?: Activity }> {
  const byId = ourId(row.activityOrukId);
  let existing = byId && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(byId) ? await data.getActivity(deps.db, byId) : undefined;
  if (!existing && organisationId) {
    const title = (row.title ?? '').trim().toLowerCase();
    existing = (await dir.activitiesOf(organisationId)).find((a) => a.title.trim().toLowerCase() === title && a.status !== 'ended');
  }
  const base = existing ? activityToRow(existing, row.organisation ?? '', existing.hubId ? dir.hubName.get(existing.hubId) : undefined) : undefined;
  const { body, problems } = activityFromRow(base ? overlayRow(base, row) : row, organisationId ?? placeholderId, dir.look);
  if (existing) keepWhatTheTemplateCannotSay(body, existing, base!.cost === costCell(existing.cost) && !row.cost?.trim() ? existing.cost : undefined);
  const parsed = createActivityBody.safeParse(body, inOurWords);
  if (!parsed.success) {
    const seen = new Set(problems.map((p) => p.column));
    for (const i of parsed.error.issues) {
      const column = activityColumn(i.path);
      if (!seen.has(column)) problems.push({ column, message: plain(i) });
      seen.add(column);
    }
  }
  if (problems.length || !parsed.success) return { problems, outcome: 'refused' };
  if (!existing) return { problems: [], plan: { create: parsed.data }, outcome: 'create' };
  if (importedFacts(parsed.data) === importedFacts(existing) && existing.organisationId === parsed.data.organisationId) return { problems: [], plan: {}, outcome: 'unchanged', existing };
  const { status: _status, hubId, ...fields } = parsed.data;
  // the same hub is left out of the change, so the activity keeps its room there
  const patch = updateActivityBody.parse({ ...fields, ...(hubId ? (hubId === existing.hubId ? {} : { hubId }) : { hubId: null, roomId: null }) });
  return { problems: [], plan: { update: { id: existing.id, patch } }, outcome: 'update', existing };
}

/** A matched activity keeps what the template has no column for: its venue's other facts, booking settings, web contact, way to pay. */
function keepWhatTheTemplateCannotSay(body: Record<string, unknown>, existing: Activity, cost: Activity['cost'] | undefined) {
  const venue = body.venue as { name: string; address: { line1: string; town: string; postcode: string } } | undefined;
  const v = existing.venue;
  if (venue && v && venue.name === v.name && venue.address.line1 === v.address.line1 && venue.address.town === v.address.town && venue.address.postcode === v.address.postcode) body.venue = v;
  body.booking = { ...existing.booking, ...(body.booking as object) };
  body.contact = { ...(existing.contact.website ? { website: existing.contact.website } : {}), ...(body.contact as object) };
  if (cost) body.cost = cost;
}

/** Plans every row (nothing written), then, when asked, applies the good ones: organisations first, in order, then activities. */
export async function importDirectory(deps: AppDeps, actor: Actor, body: DirectoryImport): Promise<DirectoryImportResult> {
  service.requireAdmin(actor);
  const dir = await readDirectory(deps);
  const plans: Plan[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of body.rows) {
    const org = planOrganisation(row, dir);
    const hasActivity = !!(row.title?.trim() || row.activityOrukId?.trim());
    const result: ImportRowResult = {
      line: row.line,
      name: (hasActivity ? row.title?.trim() : row.organisation?.trim()) || `Line ${row.line}`,
      outcome: org.outcome,
      ...(org.existing ? { existing: org.existing.name } : {}),
      problems: org.problems,
    };
    const plan: Plan = { result, organisation: org.plan };
    plans.push(plan);
    if (!hasActivity || org.outcome === 'refused') continue;
    result.organisation = { name: org.existing?.name ?? row.organisation!.trim(), outcome: org.outcome };
    delete result.existing;
    const a = await planActivity(deps, row, org.plan.id, dir);
    result.outcome = a.outcome;
    result.problems = a.problems;
    if (a.existing) {
      result.existing = a.existing.title;
      result.name = a.existing.title === (row.title?.trim() || a.existing.title) ? a.existing.title : row.title!.trim();
    }
    const key = `${org.plan.key}\u0000${(row.title?.trim() || a.existing?.title || '').toLowerCase()}`;
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined && a.outcome !== 'refused') {
      result.outcome = 'refused';
      result.problems = [{ column: importHeading('title'), message: `is the same activity as line ${earlier}` }];
      continue;
    }
    firstLineOf.set(key, row.line);
    if (a.plan) plan.activity = a.plan;
  }
  if (body.apply) await apply(deps, actor, plans);
  const count = (o: ImportOutcome) => plans.filter((p) => p.result.outcome === o).length;
  return { applied: body.apply, rows: plans.map((p) => p.result), created: count('create'), updated: count('update'), unchanged: count('unchanged'), refused: count('refused') };
}

async function apply(deps: AppDeps, actor: Actor, plans: Plan[]): Promise<void> {
  const made = new Map<string, string>();
  for (const p of plans) {
    const o = p.organisation;
    await refusing(p, async () => {
      if (o.create) {
        const already = made.get(o.key);
        o.id = already ?? (await service.createOrganisation(deps, actor, o.create)).id;
        made.set(o.key, o.id);
      } else if (o.update && !made.has(o.key)) {
        await service.updateOrganisation(deps, actor, o.update.id, o.update.patch);
        made.set(o.key, o.update.id);
      }
    });
  }
  const pending = plans.filter((p) => p.activity && p.result.outcome !== 'refused');
  // a few at once: each write goes through the activity service (its index and sessions), as the form's does
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let p = pending.shift(); p; p = pending.shift()) {
        const plan = p;
        const a = plan.activity!;
        await refusing(plan, async () => {
          if (a.create) await service.createActivity(deps, actor, { ...a.create, organisationId: plan.organisation.id! });
          else if (a.update) await service.updateActivity(deps, actor, a.update.id, a.update.patch);
        });
      }
    }),
  );
}

/** A row the service refuses as it is written (a 4xx) is reported as refused; anything else is a fault and stops the import. */
async function refusing(p: Plan, write: () => Promise<void>): Promise<void> {
  if (p.result.outcome === 'refused') return;
  try {
    await write();
  } catch (err) {
    if (!(err instanceof DomainError) || err.status >= 500) throw err;
    p.result.outcome = 'refused';
    p.result.problems = (err.extra.errors ?? [{ field: '', rule: '', message: err.message }]).map((e) => ({
      column: e.field ? activityColumn(e.field.replace(/^body\./, '').split('.')) : importHeading('title'),
      message: e.message === 'give either hubId or venue (exactly one)' ? placeMessage : e.message,
    }));
    delete p.activity;
  }
}

// ---------- reading another Open Referral UK feed ----------

/** Services read from one feed at most (ten pages of 100). */
export const maxFeedServices = 1000;
const feedTimeoutMs = 10_000;
const maxPageBytes = 5 * 1024 * 1024;

/** A page of an Open Referral UK feed, as import rows: uploaded (`feed`) or read from its address (`url`). */
export async function readOrukFeed(deps: AppDeps, actor: Actor, body: { url?: string | undefined; feed?: unknown }): Promise<{ rows: ImportRow[]; skipped: { line: number; message: string }[] }> {
  service.requireAdmin(actor);
  if (!!body.url === (body.feed !== undefined)) throw new InvalidInput([{ field: 'body.url', rule: 'custom', message: 'give either the feed’s address or an uploaded feed (exactly one)' }]);
  const services: unknown[] = [];
  if (body.feed !== undefined) {
    if (!isServicesPage(body.feed)) throw notAFeed('body.feed', 'is not a page of an Open Referral UK feed’s services (a JSON object whose contents list services with an id and a name)');
    services.push(...body.feed.contents);
  } else {
    const base = feedAddress(deps, body.url!);
    // Outside the local runtime, only a feed on the public internet: never one beside the server.
    if (!deps.config.local && !(await resolvesToPublicOnly(base.hostname))) throw notAFeed('body.url', 'must be the address of a feed on the public internet');
    for (let page = 1; page <= maxFeedServices / 100 && services.length < maxFeedServices; page++) {
      const doc = await fetchPage(base, page);
      services.push(...doc.contents);
      if (doc.last_page !== false || !doc.contents.length || (doc.total_pages !== undefined && page >= doc.total_pages)) break;
    }
  }
  const rows: ImportRow[] = [];
  const skipped: { line: number; message: string }[] = [];
  services.slice(0, maxFeedServices).forEach((s, i) => {
    const row = serviceToImportRow(s as Record<string, unknown>, i + 1);
    if (!row.organisation) skipped.push({ line: i + 1, message: `“${row.title ?? 'A service'}” names no organisation` });
    else rows.push(row);
  });
  return { rows, skipped };
}

const notAFeed = (field: string, message: string) => new InvalidInput([{ field, rule: 'not_an_oruk_feed', message }]);

/** The /services address of the feed: https, or http to this machine only in the local runtime. */
function feedAddress(deps: AppDeps, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw notAFeed('body.url', 'must be a web address starting https://');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local && deps.config.local)) || url.username || url.password) {
    throw notAFeed('body.url', 'must be a web address starting https://');
  }
  if (!/\/services\/?$/.test(url.pathname)) url.pathname = `${url.pathname.replace(/\/+$/, '')}/services`;
  url.search = '';
  return url;
}

async function fetchPage(base: URL, page: number): Promise<{ contents: unknown[]; last_page?: boolean; total_pages?: number }> {
  const url = new URL(base);
  url.searchParams.set('page', String(page));
  url.searchParams.set('per_page', '100');
  let text: string;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(feedTimeoutMs), redirect: 'error', headers: { accept: 'application/json' } });
    if (!res.ok) throw notAFeed('body.url', `answered ${res.status}: check the address is the feed’s (it ends /services or the feed’s root)`);
    if (Number(res.headers.get('content-length') ?? 0) > maxPageBytes) throw notAFeed('body.url', 'answered with a page over 5 MB');
    text = await readLimited(res);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw notAFeed('body.url', 'could not be read (no answer within 10 seconds, or the address is wrong)');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw notAFeed('body.url', 'did not answer with JSON: it is not an Open Referral UK feed');
  }
  if (!isServicesPage(doc)) throw notAFeed('body.url', 'did not answer with an Open Referral UK feed’s services');
  return doc;
}

async function readLimited(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxPageBytes) {
      await reader.cancel();
      throw notAFeed('body.url', 'answered with a page over 5 MB');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
