import type * as z from 'zod/mini';
import { type FieldProblem, InvalidInput } from './errors';

type Issue = z.core.$ZodIssue;

/**
 * Parse options that put our words on every issue a schema gives none of its own. zod keeps one global
 * configuration per process (on globalThis), and any copy of zod loaded beside ours can install its English
 * there (playwright-core's bundled copy does, in the tests): a per-parse error map comes before it.
 */
export const inOurWords = { error: (issue: Issue | z.core.$ZodRawIssue) => englishFor(issue as Issue) };

/** Parses `value` with `schema`, or throws InvalidInput naming each field (prefixed by `where`) and rule. */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, value: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(value, inOurWords);
  if (result.success) return result.data as z.infer<S>;
  throw new InvalidInput(result.error.issues.map((issue) => toFieldProblem(issue, where)));
}

export function toFieldProblem(issue: Issue, where: string): FieldProblem {
  const path = [where, ...issue.path.map(String)].filter(Boolean).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.join(', ');
    return { field: [path, issue.keys[0]].join('.'), rule: 'unknown_field', message: `is not a field that can be sent (${keys})` };
  }
  return { field: path || where, rule: ruleOf(issue), message: messageOf(issue) };
}

function ruleOf(issue: Issue): string {
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) return 'required';
  if (issue.code === 'invalid_format') return `invalid_${issue.format}`;
  // a refinement names its own rule (fields.ts saneYear: year_out_of_range)
  if (issue.code === 'custom' && typeof issue.params?.rule === 'string') return issue.params.rule;
  return issue.code;
}

/** zod/mini carries no English messages (that is what keeps it small), so we write our own. */
function messageOf(issue: Issue): string {
  if (issue.message && issue.message !== 'Invalid input') return issue.message;
  return englishFor(issue);
}

function englishFor(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return (issue as { input?: unknown }).input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `must be at least ${issue.minimum} characters`
        : issue.origin === 'array'
          ? `must have at least ${issue.minimum} items`
          : `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `must be at most ${issue.maximum} characters`
        : issue.origin === 'array'
          ? `must have at most ${issue.maximum} items`
          : `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return formatMessage(issue.format);
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return 'is not in an accepted form';
    default:
      return 'is not valid';
  }
}

function formatMessage(format: string): string {
  const known: Record<string, string> = {
    email: 'must be an email address',
    datetime: 'must be a date and time like 2026-03-29T10:00:00Z',
    date: 'must be a date like 2026-03-29',
    time: 'must be a time like 10:30',
    url: 'must be a web address',
    regex: 'is not in the expected format',
    ulid: 'must be an id',
  };
  return known[format] ?? `must be a valid ${format}`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
