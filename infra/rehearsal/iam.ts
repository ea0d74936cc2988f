import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Templates } from './template';

/**
 * IAM as AWS evaluates a Lambda function's calls: the identity policies the template attaches to the function's
 * execution role (AWS::IAM::Policy resources naming the role, and the role's inline policies), evaluated by
 * @cloud-copilot/iam-simulate (explicit deny wins, then an allow whose action, resource and conditions match).
 * Decisions are cached per role, action, resource and context: the policies never change during a run.
 */

export interface Principal {
  /** the function's logical id in the template, e.g. DomainreportsFunctionCD7F90C3 */
  functionId: string;
  functionName: string;
  roleId: string;
  roleName: string;
}

export interface IamRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

export interface Denial extends IamRequest {
  functionId: string;
  functionName: string;
  explicit: boolean;
  /** AWS's own wording, as the SDK's AccessDeniedException carries it */
  message: string;
}

type Policy = { Version?: string; Statement: unknown };

export class Iam {
  private policies = new Map<string, Policy[]>();
  private decisions = new Map<string, Promise<'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'>>();
  /** every refusal, for the rehearsal to report: a refused call is a fault in the template or the code */
  readonly denials: Denial[] = [];
  /** every decision made, by action, for the report of what ran */
  readonly checked = new Map<string, number>();

  constructor(private templates: Templates) {}

  /** The resolved identity policies attached to a role. */
  policiesOf(roleId: string): Policy[] {
    const known = this.policies.get(roleId);
    if (known) return known;
    const attached = this.templates
      .ofType('AWS::IAM::Policy')
      .filter(({ resource }) => (resource.Properties?.Roles ?? []).some((r: unknown) => Templates.target(r) === roleId))
      .map(({ stack, resource }) => this.templates.resolve(resource.Properties!.PolicyDocument, stack) as Policy);
    const { stack, resource: role } = this.templates.resource(roleId);
    const inline = ((role.Properties?.Policies ?? []) as { PolicyDocument: unknown }[]).map((p) => this.templates.resolve(p.PolicyDocument, stack) as Policy);
    const policies = [...attached, ...inline];
    this.policies.set(roleId, policies);
    return policies;
  }

  async check(principal: Principal, request: IamRequest): Promise<Denial | undefined> {
    this.checked.set(request.action, (this.checked.get(request.action) ?? 0) + 1);
    const key = JSON.stringify([principal.roleId, request.action, request.resource, request.context ?? {}]);
    let decision = this.decisions.get(key);
    if (!decision) {
      decision = this.evaluate(principal, request);
      this.decisions.set(key, decision);
    }
    const result = await decision;
    if (result === 'Allowed') return undefined;
    const explicit = result === 'ExplicitlyDenied';
    const user = `arn:aws:sts::${this.templates.account}:assumed-role/${principal.roleName}/${principal.functionName}`;
    const denial: Denial = {
      ...request,
      functionId: principal.functionId,
      functionName: principal.functionName,
      explicit,
      message:
        `User: ${user} is not authorized to perform: ${request.action} on resource: ${request.resource} ` +
        (explicit ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${request.action} action`),
    };
    this.denials.push(denial);
    return denial;
  }

  private async evaluate(principal: Principal, request: IamRequest) {
    const policies = this.policiesOf(principal.roleId);
    const response = await runSimulation(
      {
        identityPolicies: policies.map((policy, i) => ({ name: `${principal.roleId}-${i}`, policy: policy as never })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: undefined,
        request: {
          action: request.action,
          principal: `arn:aws:sts::${this.templates.account}:assumed-role/${principal.roleName}/${principal.functionName}`,
          resource: { resource: request.resource, accountId: this.templates.account },
          contextVariables: request.context ?? {},
        },
      },
      {},
    );
    if (response.resultType === 'error') {
      throw new Error(`IAM simulation of ${request.action} on ${request.resource} failed: ${JSON.stringify(response.errors).slice(0, 500)}`);
    }
    return response.overallResult as 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  }
}
