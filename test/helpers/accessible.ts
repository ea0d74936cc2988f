/**
 * Every page a journey visits is checked as a person on a desktop and on a 320px phone would meet it: axe-core
 * finds nothing at either width, and the phone never scrolls sideways. The page is left at desktop width.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoAxeViolations, horizontalOverflow } from './browser';
import { desktop, phone, settled } from './journey';

export async function expectAccessible(page: Page, what = new URL(page.url()).pathname): Promise<void> {
  await settled(page);
  await expectNoAxeViolations(page);
  await page.setViewportSize(phone);
  try {
    await expectNoAxeViolations(page);
    expect(await horizontalOverflow(page), `sideways scrolling at 320px on ${what}`).toBe(0);
  } finally {
    await page.setViewportSize(desktop);
  }
}

/**
 * A radio button or checkbox as a person clicks it: by its label (the input itself sits under the label's
 * drawn box, as in the GOV.UK pattern). A string is the label's whole text; a RegExp matches part of it.
 */
export const choice = (scope: Page | Locator, name: string | RegExp): Locator =>
  scope.locator('label.choice-label').filter({ hasText: typeof name === 'string' ? new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : name });
