import { defineRoute } from '../lib/route';
import { exportQuery, gapsQuery, gapsView, reportQuery, reportView } from './schema';
import { exportReport, getGaps, getReport } from './service';

const tags = ['reports'];
const suppression = 'Figures about 1 to 4 people are null (suppressed) so no one can be identified; admins may ask for raw=true.';

export const reportRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/reports',
    operationId: 'getReport',
    summary: 'Figures by month for a period: sessions, places, bookings, attendance, waiting lists, referrals, volunteer hours',
    description: `Read from aggregates the stream keeps, never from the bookings themselves. Admins see the partnership; coordinators their hubs; partners their organisations' activities. ${suppression}`,
    tags,
    auth: 'signedIn',
    query: reportQuery,
    response: { status: 200, description: 'The report', schema: reportView },
    errors: [403],
    handler: ({ deps, actor, query }) => getReport(deps, actor, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/reports/export',
    operationId: 'exportReport',
    summary: 'The report as a CSV file for a spreadsheet (UTF-8 with a byte-order mark; small numbers shown as <5)',
    tags,
    auth: 'signedIn',
    query: exportQuery,
    response: { status: 200, description: 'CSV with a header row', contentType: 'text/csv' },
    errors: [403],
    handler: async ({ deps, actor, query }) => {
      const { filename, csv } = await exportReport(deps, actor, query);
      return new Response(csv, {
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
      });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/gaps',
    operationId: 'getGaps',
    summary: 'Where demand goes unmet: priorities and hubs where waiting lists and unplaced referrals outrun the free places, largest first',
    description: suppression,
    tags,
    auth: 'signedIn',
    query: gapsQuery,
    response: { status: 200, description: 'The gaps, ranked', schema: gapsView },
    errors: [403],
    handler: ({ deps, actor, query }) => getGaps(deps, actor, query),
  }),
];
