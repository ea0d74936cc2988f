/**
 * The page shell web/build.ts writes (web/dist/index.html: the head, and the static frame a slow phone shows
 * while the code loads) conforms to the HTML standard. The test run's global setup builds web/dist first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeHtmlProblems, htmlProblems } from '../helpers/html';

describe('the built index.html', () => {
  it('conforms to the HTML standard (html-validate)', async () => {
    const html = readFileSync(new URL('../../web/dist/index.html', import.meta.url), 'utf8');
    expect(describeHtmlProblems(await htmlProblems(html, 'web/dist/index.html'))).toBe('');
  });
});
