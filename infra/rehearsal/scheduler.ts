import { randomUUID } from 'node:crypto';
import type { InvokeResult, LambdaFunction, LambdaService } from './lambda';
import type { Templates } from './template';

/**
 * EventBridge rules with a schedule, as the template declares them: each enabled rule's Lambda targets are
 * invoked with what EventBridge sends (the target's constant Input when it has one, otherwise the scheduled
 * event), asynchronously, with Lambda's two retries of an asynchronous invocation that fails.
 * `fire(rule)` runs a rule now (tests); `start()` runs them on their schedules (npm run rehearse).
 */

export interface ScheduledRule {
  id: string;
  name: string;
  arn: string;
  expression: string;
  targets: { fn: LambdaFunction; input?: string; inputPath?: string }[];
}

export interface FiredTarget {
  function: string;
  event: unknown;
  attempts: number;
  result: InvokeResult;
}

export class Scheduler {
  readonly rules: ScheduledRule[] = [];
  readonly fired: { rule: string; at: string; targets: FiredTarget[] }[] = [];
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private templates: Templates,
    private lambda: LambdaService,
    private log: (line: string) => void,
    private now: () => Date = () => new Date(),
  ) {
    for (const { id, stack, resource } of templates.ofType('AWS::Events::Rule')) {
      const p = resource.Properties ?? {};
      if (!p.ScheduleExpression || (p.State ?? 'ENABLED') !== 'ENABLED') continue;
      const name = templates.resolve({ Ref: id }, stack) as string;
      this.rules.push({
        id,
        name,
        arn: `arn:aws:events:${templates.region}:${templates.account}:rule/${name}`,
        expression: String(p.ScheduleExpression),
        targets: (p.Targets ?? []).map((t: any) => ({
          fn: lambda.byReference(t.Arn),
          ...(t.Input !== undefined ? { input: String(templates.resolve(t.Input, stack)) } : {}),
          ...(t.InputPath ? { inputPath: String(t.InputPath) } : {}),
        })),
      });
    }
  }

  /** The rule whose id, name, description or target input mentions `what` (e.g. a job's name). */
  rule(what: string): ScheduledRule {
    const found = this.rules.filter((r) => r.id === what || r.name === what || r.targets.some((t) => t.input?.includes(`"${what}"`)));
    if (found.length !== 1) throw new Error(`${found.length} scheduled rules match ${what}`);
    return found[0]!;
  }

  private scheduledEvent(rule: ScheduledRule) {
    const time = this.now();
    time.setUTCSeconds(0, 0);
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: this.templates.account,
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.templates.region,
      resources: [rule.arn],
      detail: {},
    };
  }

  /** Runs a rule now and waits for its targets (with retries) to finish. */
  async fire(what: string): Promise<FiredTarget[]> {
    const rule = this.rule(what);
    const event = this.scheduledEvent(rule);
    const targets = await Promise.all(
      rule.targets.map(async (t) => {
        const payload = t.input !== undefined ? JSON.parse(t.input) : t.inputPath ? pick(event, t.inputPath) : event;
        let attempts = 0;
        let result: InvokeResult;
        do {
          attempts++;
          result = await this.lambda.invoke(t.fn, payload);
          if (result.error) this.log(JSON.stringify({ level: 'warn', msg: 'rehearsal scheduled invocation failed', rule: rule.name, attempt: attempts, error: result.error.errorMessage }));
        } while (result.error && attempts < 3);
        return { function: t.fn.name, event: payload, attempts, result };
      }),
    );
    this.fired.push({ rule: rule.name, at: event.time, targets });
    return targets;
  }

  /** Every rule on its schedule (rate(...) and cron(...), UTC), until stop(). */
  start() {
    for (const rule of this.rules) {
      const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(rule.expression);
      if (rate) {
        const unit = rate[2]!.startsWith('minute') ? 60_000 : rate[2]!.startsWith('hour') ? 3_600_000 : 86_400_000;
        this.timers.push(setInterval(() => void this.fire(rule.id), Number(rate[1]) * unit).unref());
        continue;
      }
      const cron = /^cron\((.+)\)$/.exec(rule.expression);
      if (!cron) throw new Error(`Rule ${rule.name}: cannot read ${rule.expression}`);
      const schedule = () => {
        const next = nextCron(cron[1]!, new Date());
        this.timers.push(setTimeout(() => (void this.fire(rule.id), schedule()), next.getTime() - Date.now()).unref());
      };
      schedule();
    }
  }

  stop() {
    this.timers.forEach((t) => clearTimeout(t));
    this.timers = [];
  }
}

function pick(event: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce((v: any, k) => v?.[k], event);
}

/** The next minute an EventBridge cron expression (minutes hours day-of-month month day-of-week year, UTC) matches. */
export function nextCron(expression: string, after: Date): Date {
  const [min, hour, dom, month, dow, year] = expression.trim().split(/\s+/);
  const field = (spec: string, value: number, names: string[] = []) => {
    if (spec === '*' || spec === '?') return true;
    return spec.split(',').some((part) => {
      const [range, step] = part.split('/');
      const num = (s: string) => (names.includes(s.toUpperCase()) ? names.indexOf(s.toUpperCase()) + 1 : Number(s));
      const [lo, hi] = range === '*' ? [-Infinity, Infinity] : range!.includes('-') ? range!.split('-').map(num) : [num(range!), step ? Infinity : num(range!)];
      if (value < lo! || value > hi!) return false;
      return step ? (value - (lo === -Infinity ? 0 : lo!)) % Number(step) === 0 : true;
    });
  };
  const t = new Date(after);
  t.setUTCSeconds(0, 0);
  for (let i = 0; i < 366 * 24 * 60; i++) {
    t.setUTCMinutes(t.getUTCMinutes() + 1);
    if (
      field(min!, t.getUTCMinutes()) &&
      field(hour!, t.getUTCHours()) &&
      field(dom!, t.getUTCDate()) &&
      field(month!, t.getUTCMonth() + 1, ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']) &&
      field(dow!, t.getUTCDay() + 1, ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT']) &&
      field(year ?? '*', t.getUTCFullYear())
    )
      return new Date(t);
  }
  throw new Error(`cron(${expression}) never matches in the next year`);
}
