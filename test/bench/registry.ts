/**
 * The bench's sections, run in this order. To add one: write test/bench/sections/<name>.ts exporting a
 * Section (see ops.ts for the helpers) and list it here. The sections that bulk-load hundreds of thousands
 * of items (directory, reports, funnel) run last and drop their tables: run before it, the web section (which
 * seeds a platform of its own) took 203 s instead of about 78 s (alone, on a busy machine), DynamoDB Local being
 * slowed by the ~400,000 items they left.
 */
import { bundlesSection } from './sections/bundles';
import { contentionSection } from './sections/contention';
import { costSection } from './sections/cost';
import { dbWorkSection } from './sections/db-work';
import { directorySection } from './sections/directory';
import { latencySection } from './sections/latency';
import { reportsFunnelSection } from './sections/reports-funnel';
import { reportsScaleSection } from './sections/reports-scale';
import { textsSection } from './sections/texts';
import { webSection } from './sections/web';
import type { Section } from './types';

export const sections: Section[] = [
  bundlesSection,
  dbWorkSection,
  latencySection,
  contentionSection,
  webSection,
  costSection,
  textsSection,
  directorySection,
  reportsScaleSection,
  reportsFunnelSection,
];
