/**
 * HTML conformance, checked offline with html-validate: the `html-validate:standard` preset (what the HTML
 * standard requires, no style rules), plus the few rules outside it that the W3C Nu checker also reports. Browser
 * tests pass it the rendered DOM (`await page.content()`); the unit test passes it web/dist/index.html.
 */
import { HtmlValidate, type Message } from 'html-validate';

const validator = new HtmlValidate({
  extends: ['html-validate:standard'],
  rules: {
    // reported by the W3C checker too, though `standard` leaves them out
    'empty-title': 'error', // "Element title must not be empty"
    'input-attributes': 'error', // "Attribute maxlength is only allowed when the input type is …"
    'missing-doctype': 'error', // "Start tag seen without seeing a doctype first"
    'no-missing-references': 'error', // "The aria-describedby attribute must point to an element in the same document"
    'no-redundant-role': 'error', // warning: "The button role is unnecessary for element button"
    'empty-heading': 'error', // warning: "Empty heading"
    'script-type': 'error', // warning: "The type attribute is unnecessary for JavaScript resources"
    'wcag/h37': 'error', // "An img element must have an alt attribute"
  },
});

export interface HtmlProblem {
  /** the page, as the caller names it */
  where: string;
  rule: string;
  message: string;
  /** the start tag the problem is in (cut at 200 characters) */
  markup: string;
  line: number;
}

/** The start tag (or other markup) around a message's offset. */
function markupAt(html: string, m: Message): string {
  const start = html.lastIndexOf('<', m.offset);
  const end = html.indexOf('>', m.offset + Math.max(0, m.size - 1));
  const tag = start >= 0 && end >= 0 && end - start < 2000 ? html.slice(start, end + 1) : html.slice(m.offset, m.offset + Math.max(m.size, 1));
  return tag.length > 200 ? `${tag.slice(0, 200)}…` : tag;
}

/** Every conformance problem in a whole HTML document. */
export async function htmlProblems(html: string, where: string): Promise<HtmlProblem[]> {
  const report = await validator.validateString(html, where);
  return report.results.flatMap((r) => r.messages.map((m) => ({ where, rule: m.ruleId, message: m.message, markup: markupAt(html, m), line: m.line })));
}

/**
 * The problems as one readable list: the same problem (rule and markup) found on several pages is listed once,
 * with the pages; empty when there are none, so `expect(describeHtmlProblems(p)).toBe('')` reads well on failure.
 */
export function describeHtmlProblems(problems: HtmlProblem[]): string {
  const byProblem = new Map<string, { p: HtmlProblem; where: Set<string> }>();
  for (const p of problems) {
    const key = `${p.rule}\n${p.message}\n${p.markup}`;
    const found = byProblem.get(key) ?? { p, where: new Set<string>() };
    found.where.add(p.where);
    byProblem.set(key, found);
  }
  return [...byProblem.values()].map(({ p, where }) => `${p.rule}: ${p.message}\n    ${p.markup}\n    on ${[...where].join(', ')}`).join('\n');
}
