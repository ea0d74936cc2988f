/**
 * Section 6: estimated AWS cost per 1,000 reservations, from the capacity and handler times measured in
 * section 2. A model, not a bill: see the notes for what it leaves out.
 */
import { figure, notBuilt, opKey } from '../ops';
import type { BenchContext, Figure, MeasuredOperation, Section } from '../types';

/**
 * eu-west-2 (London) list prices in USD, on-demand, no free tier. Transcribed from the AWS pricing pages
 * (https://aws.amazon.com/dynamodb/pricing/on-demand/ — after the November 2024 on-demand price cut;
 * https://aws.amazon.com/api-gateway/pricing/ — HTTP API, first 300 million a month;
 * https://aws.amazon.com/lambda/pricing/ — Arm) as known in June 2025; this machine cannot reach them, so
 * check them before quoting a figure to anyone.
 */
export const prices = {
  region: 'eu-west-2',
  asOf: '2025-06',
  dynamoWritePerMillionUnits: 0.7425,
  dynamoReadPerMillionUnits: 0.1485,
  httpApiPerMillionRequests: 1.04,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
} as const;

/** The API functions' memory (infra/constructs/api-function.ts default). */
export const lambdaMemoryGb = 512 / 1024;

export interface CostPerThousand {
  dynamoWrites: number;
  dynamoReads: number;
  httpApi: number;
  lambdaCompute: number;
  lambdaRequests: number;
  total: number;
}

export function costPerThousand(m: MeasuredOperation): CostPerThousand {
  const calls = 1000;
  const dynamoWrites = (m.work.writeUnits * calls * prices.dynamoWritePerMillionUnits) / 1e6;
  const dynamoReads = (m.work.readUnits * calls * prices.dynamoReadPerMillionUnits) / 1e6;
  const httpApi = (calls * prices.httpApiPerMillionRequests) / 1e6;
  // Lambda bills each invocation's duration rounded up to the millisecond
  const lambdaCompute = calls * (Math.ceil(m.handlerMs) / 1000) * lambdaMemoryGb * prices.lambdaArmPerGbSecond;
  const lambdaRequests = (calls * prices.lambdaPerMillionRequests) / 1e6;
  return { dynamoWrites, dynamoReads, httpApi, lambdaCompute, lambdaRequests, total: dynamoWrites + dynamoReads + httpApi + lambdaCompute + lambdaRequests };
}

function costFigures(key: string, what: string, m: MeasuredOperation): Figure[] {
  const c = costPerThousand(m);
  const split = `DynamoDB writes $${c.dynamoWrites.toFixed(5)}, reads $${c.dynamoReads.toFixed(5)}, HTTP API $${c.httpApi.toFixed(5)}, Lambda $${(c.lambdaCompute + c.lambdaRequests).toFixed(5)} (${Math.ceil(m.handlerMs)} ms × ${lambdaMemoryGb * 1024} MB)`;
  return [figure(`${key}.total`, `AWS cost per 1,000 ${what}`, c.total, 'usd', undefined, split)];
}

export const costSection: Section = {
  id: 'cost',
  title: '6. Cost model (eu-west-2, on-demand)',
  async run(ctx: BenchContext) {
    const figures: Figure[] = [];
    const reserve = ctx.measured.get('reserveSeat');
    if (reserve) figures.push(...costFigures('cost.reserveSeat', 'reservations', reserve));
    else figures.push(notBuilt('cost.reserveSeat', 'AWS cost per 1,000 reservations', 'not built yet (needs reserveSeat measured in section 2)'));
    for (const [name, m] of ctx.measured) if (name !== 'reserveSeat') figures.push(...costFigures(`cost.${opKey(name)}`, `${name} calls`, m));
    return {
      figures,
      notes: [
        `Prices (${prices.region}, as of ${prices.asOf}, see sections/cost.ts for sources): DynamoDB $${prices.dynamoWritePerMillionUnits}/M write units, $${prices.dynamoReadPerMillionUnits}/M read units; HTTP API $${prices.httpApiPerMillionRequests}/M; Lambda Arm $${prices.lambdaArmPerGbSecond}/GB-s + $${prices.lambdaPerMillionRequests}/M requests.`,
        'Lambda duration is the handler time measured in process against DynamoDB Local (a proxy: real DynamoDB round trips, cold starts and Lambda overhead differ). Left out: free tiers, storage, stream-triggered work (e-mails, SMS, promotions), CloudWatch logs, data transfer.',
      ],
    };
  },
};
