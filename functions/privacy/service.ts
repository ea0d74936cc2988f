import { findProfileByEmail, getProfile, listAdminUserIds } from '../accounts/data';
import { type Actor, isAdmin } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Forbidden, InvalidInput, NotFound } from '../lib/errors';
import { putMessageOnce } from '../lib/outbox';
import { pageOfList } from '../lib/pagination';
import { pageLink, paths } from '../lib/paths';
import { getPerson, putAudit } from '../referrals/data';
import type { AuditEntry } from '../referrals/schema';
import { getErasureRequest, listWaitingRequests, putErasureRequest, recordErasure } from './data';
import { personalItemTypes } from './registry';
import type { ErasureRequest, ErasureResult, Held, PersonDataExport, PersonFound } from './schema';

/**
 * Subject access and erasure over everything the platform holds on a person, read from the personal-data
 * registry (registry.ts), so a new item type is covered once it is declared there.
 * - A person exports their own data; an admin exports anyone's, giving a reason.
 * - A person asks for erasure; a partnership admin erases (never their own data: another admin does that).
 * - Every export, search and erasure is written to the person's audit trail.
 */

const audit = (actor: Actor, action: string, personId: string, at: Date, reason?: string): AuditEntry => ({
  at: at.toISOString(),
  actorId: actor.userId,
  actorRoles: actor.roles,
  action,
  personId,
  ...(reason ? { reason } : {}),
});

async function collectAll(deps: AppDeps, personId: string): Promise<{ items: Record<string, Record<string, unknown>[]>; summary: Held[] }> {
  const found = await Promise.all(personalItemTypes.map(async (t) => [t, await t.collect(deps, personId)] as const));
  const items: Record<string, Record<string, unknown>[]> = {};
  const summary: Held[] = [];
  for (const [t, list] of found) {
    items[t.name] = list;
    if (list.length) summary.push({ type: t.name, label: t.label, count: list.length });
  }
  return { items, summary };
}

const about =
  'Everything Common Ground holds about you, by kind of record. Bookings, attendance and hours stay in the ' + 'partnership’s counts after erasure, with nothing that says they were yours.';

/** Subject access: everything held on the person, as one document. */
export async function exportPersonData(deps: AppDeps, actor: Actor, personId: string, reason?: string): Promise<PersonDataExport> {
  const self = actor.userId === personId;
  if (!self && !isAdmin(actor)) throw new Forbidden('Only the person themself or a partnership admin can export a person’s data.');
  if (!self && !reason) throw new Forbidden('Give a reason (the reason query parameter or X-Access-Reason header) to export a person’s data.');
  const { items, summary } = await collectAll(deps, personId);
  if (!summary.length && !self) throw new NotFound('That person');
  const now = deps.clock.now();
  await putAudit(deps.db, [audit(actor, 'export', personId, now, reason ?? 'subject access by the person')]);
  return { personId, exportedAt: now.toISOString(), about, summary, items };
}

/**
 * Erasure: every personal item type's rule, in the registry's order. Idempotent: a repeat finds nothing
 * left to change and says so (zero counts). Counts the reports need stay (anonymised items keep them).
 */
export async function erasePersonData(deps: AppDeps, actor: Actor, personId: string, reason?: string): Promise<ErasureResult> {
  if (!isAdmin(actor)) throw new Forbidden('Only a partnership admin can erase a person’s data.');
  if (!reason) throw new InvalidInput([{ field: 'query.reason', rule: 'required', message: 'say why the data is being erased (for example, an erasure request)' }]);
  if (personId === actor.userId) throw new Forbidden('You cannot erase your own data: ask another partnership admin to do it.');
  const { summary } = await collectAll(deps, personId);
  if (!summary.length) throw new NotFound('That person');
  const now = deps.clock.now();
  // the audit entry first: if erasure stops half way, the record says it was started, and a repeat finishes it
  await putAudit(deps.db, [audit(actor, 'erase', personId, now, reason)]);
  const erased: Record<string, number> = {};
  for (const t of personalItemTypes) erased[t.name] = await t.erase({ deps, actor, personId, now });
  await recordErasure(deps.db, personId, actor.userId, now);
  const referralsKept = summary.find((h) => h.type === 'referral')?.count ?? 0;
  return { personId, erasedAt: now.toISOString(), referralsKept, erased };
}

/** A person asks for their data to be erased: the admins are told, and it waits in their queue. */
export async function requestErasure(deps: AppDeps, actor: Actor, body: { note?: string | undefined }): Promise<ErasureRequest> {
  const now = deps.clock.now();
  const created = await putErasureRequest(deps.db, actor.userId, body.note, now);
  const request = await getErasureRequest(deps.db, actor.userId);
  if (!request) throw new NotFound('Your request');
  if (created) {
    for (const admin of await listAdminUserIds(deps.db)) {
      await putMessageOnce(
        deps.db,
        {
          toUserId: admin,
          about: actor.userId,
          kind: 'privacy.erasure-requested',
          subject: 'Someone has asked for their data to be erased',
          text: `A person has asked for their data to be erased. See the request and do it within a month: ${pageLink(deps.config.siteOrigin, paths.people())}`,
        },
        now,
        `erasure-${actor.userId}-${request.requestedAt}-${admin}`,
      );
    }
  }
  return request;
}

export async function getMyErasureRequest(deps: AppDeps, actor: Actor): Promise<{ items: ErasureRequest[] }> {
  const request = await getErasureRequest(deps.db, actor.userId);
  return { items: request ? [request] : [] };
}

/** The admins' queue: requests waiting, oldest first, with who asked. */
export async function listErasureRequests(deps: AppDeps, actor: Actor, page: { limit: number; cursor?: string | undefined }): Promise<{ items: ErasureRequest[]; nextCursor?: string }> {
  if (!isAdmin(actor)) throw new Forbidden('Only partnership admins see erasure requests.');
  // paged before the audit: what is recorded as read is what was shown
  const { items: waiting, nextCursor } = pageOfList(await listWaitingRequests(deps.db), page.limit, page.cursor);
  const profiles = await Promise.all(waiting.map((r) => getProfile(deps.db, r.personId)));
  const items = waiting.map((r, i) => ({ ...r, ...(profiles[i]?.name ? { name: profiles[i]!.name } : {}), ...(profiles[i]?.email ? { email: profiles[i]!.email } : {}) }));
  await putAudit(
    deps.db,
    waiting.map((r) => audit(actor, 'list-erasure-requests', r.personId, deps.clock.now())),
  );
  return nextCursor ? { items, nextCursor } : { items };
}

/** Finds a person by an account's email address or a person's id, with what is held on them (admins, audited). */
export async function findPerson(deps: AppDeps, actor: Actor, q: { q: string; reason: string }): Promise<{ items: PersonFound[] }> {
  if (!isAdmin(actor)) throw new Forbidden('Only partnership admins can look people up.');
  const wanted = q.q.trim();
  const byEmail = wanted.includes('@') ? await findProfileByEmail(deps.db, wanted) : undefined;
  const personId = byEmail?.userId ?? (wanted.includes('@') ? undefined : wanted);
  if (!personId) return { items: [] };
  const [profile, person, { summary }, request] = await Promise.all([
    byEmail ?? getProfile(deps.db, personId),
    getPerson(deps.db, personId),
    collectAll(deps, personId),
    getErasureRequest(deps.db, personId),
  ]);
  if (!summary.length) return { items: [] };
  await putAudit(deps.db, [audit(actor, 'find', personId, deps.clock.now(), q.reason)]);
  const name = profile?.name || person?.name;
  const email = profile?.email || person?.email;
  return {
    items: [
      {
        personId,
        ...(name ? { name } : {}),
        ...(email ? { email } : {}),
        hasAccount: !!profile,
        erased: !profile && (!person || !!person.erasedAt) && request?.status === 'done',
        held: summary,
        ...(request?.status === 'requested' ? { erasureRequested: request.requestedAt } : {}),
      },
    ],
  };
}
