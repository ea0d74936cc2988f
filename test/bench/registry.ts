/**
 * The bench's sections, run in this order. To add one: write test/bench/sections/<name>.ts exporting a
 * Section (see ops.ts for the helpers) and list it here.
 */
import { bundlesSection } from './sections/bundles';
import { contentionSection } from './sections/contention';
import { costSection } from './sections/cost';
import { dbWorkSection } from './sections/db-work';
import { directorySection } from './sections/directory';
import { latencySection } from './sections/latency';
import { reportsScaleSection } from './sections/reports-scale';
import { webSection } from './sections/web';
import type { Section } from './types';

export const sections: Section[] = [bundlesSection, dbWorkSection, latencySection, contentionSection, directorySection, reportsScaleSection, webSection, costSection];
