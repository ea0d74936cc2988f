import * as z from 'zod/mini';
import { invisibleControls, withoutDisguise } from './text';

/**
 * Field schemas shared by every domain's schema.ts (and the web client). Imports only zod/mini.
 */

/** A ULID, as every id the platform makes is. */
export const id = () => z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be an id (26 letters and digits)'));

/**
 * A person's id, as a pattern to build others from. People the platform makes (the demo people, a referred
 * person without an account) have ULIDs; everyone with an account on AWS is their Cognito `sub`, a UUID. The
 * deploy rehearsal found that person ids checked as ULIDs refused everyone who had signed up.
 */
export const personIdPattern = '(?:[0-9A-HJKMNP-TV-Z]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
export const personId = () => z.string().check(z.regex(new RegExp(`^${personIdPattern}$`), "must be a person's id"));

/** Plain text a person typed: trimmed length limits keep items small and logs clean. */
export const text = (max: number, min = 1) =>
  z.string().check(
    z.overwrite((v) => v.replace(invisibleControls, '')),
    z.trim(),
    z.minLength(min),
    z.maxLength(max),
  );

/** A name or title: plain text with nothing that could disguise what it says (issue 17: names are what they seem). */
export const name = (max: number, min = 1) => z.string().check(z.overwrite(withoutDisguise), z.trim(), z.minLength(min), z.maxLength(max));

/** A link to a web page: https: or http: only (never javascript:, data: or file:). */
export const webLink = (max = 300) => z.url({ protocol: /^https?$/, error: 'must be a web address starting https://' }).check(z.maxLength(max));

/**
 * The years any date here may fall in. The oldest date of birth a living person gives is after 1900, and
 * nothing is scheduled, booked, checked or reported beyond 2100; a year outside is a typo (0000, 0202) or a
 * probe, and would otherwise reach date arithmetic, sort keys and reports as if it meant something.
 */
export const earliestYear = 1900;
export const latestYear = 2100;

/** A check for any ISO date-like string (2026-03-29, 2026-03-29T10:00:00Z, 2026-03): its year is in range. */
export const saneYear = () =>
  z.refine<string>(
    (v) => {
      if (!/^\d{4}-/.test(v)) return true; // not date-shaped: the format check names that
      const year = Number(v.slice(0, 4));
      return year >= earliestYear && year <= latestYear;
    },
    { message: `must be in the years ${earliestYear} to ${latestYear}`, params: { rule: 'year_out_of_range' } },
  );

/** An instant, ISO-8601 with offset or Z: 2026-03-29T10:00:00Z */
export const instant = () => z.iso.datetime({ offset: true }).check(saneYear());

/** A calendar date in Europe/London: 2026-03-29 */
export const localDate = () => z.iso.date().check(saneYear());

/** A wall-clock time in Europe/London: 10:30 */
export const localTime = () => z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 10:30'));

/** Page size: capped so no request reads without bound. */
export const pageLimit = (max = 100, fallback = 20) => z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(max)), fallback);

/** An opaque continuation token returned as `nextCursor`. */
export const cursor = () => z.string().check(z.maxLength(2048), z.regex(/^[A-Za-z0-9_-]+$/, 'must be a cursor returned by the previous page'));

/** The query fields of a list read whole and paged in memory (lib/pagination.ts `paged`): by default the whole of a usual list. */
export const pageParams = (max = 200, fallback = max) => ({ limit: pageLimit(max, fallback), cursor: z.optional(cursor()) });

/** A query parameter that may be given once, repeated, or comma-separated; always an array after parsing. */
export const listParam = <T extends z.ZodMiniType<string, string>>(item: T, max = 20) =>
  z.pipe(
    z.transform((v: unknown): string[] | undefined => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter(Boolean))),
    z.optional(z.array(item).check(z.maxLength(max))),
  );

/** "true"/"false" in a query string. */
export const flag = () =>
  z.optional(
    z.pipe(
      z.enum(['true', 'false', '1', '0']),
      z.transform((v) => v === 'true' || v === '1'),
    ),
  );

/** The standard shape of a page of results. */
export const page = <T extends z.ZodMiniType>(item: T) => z.object({ items: z.array(item), nextCursor: z.optional(z.string()) });
