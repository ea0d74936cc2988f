import { appendFileSync, mkdirSync } from 'node:fs';

/**
 * Each suite appends what it checked (operations x roles, generated requests, faults injected, load held) to
 * test/hardening/.results/counts.jsonl, so the closing note's figures come from the run itself.
 */
export function recordCount(suite: string, figures: Record<string, number | string>): void {
  const dir = new URL('./.results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  appendFileSync(new URL('counts.jsonl', dir), `${JSON.stringify({ at: new Date().toISOString(), suite, ...figures })}\n`);
  console.log(`[hardening] ${suite}: ${JSON.stringify(figures)}`);
}
