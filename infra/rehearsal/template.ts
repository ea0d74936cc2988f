import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The synthesised CloudFormation templates of a cdk.out directory, with a resolver for the intrinsic
 * functions CDK writes (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::GetStackOutput,
 * Fn::ImportValue) and the pseudo parameters. The rehearsal reads everything it runs from here: nothing about
 * the functions, routes, policies or schedules is repeated in its own code.
 */

export interface Resource {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
}

export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface Stack {
  name: string;
  template: Template;
}

/** The account's own values: what CloudFormation would have created, named here. */
export interface Physical {
  region: string;
  account: string;
  /** `<stack>/<logicalId>` or `<logicalId>` -> value of Ref */
  refs: Record<string, string>;
  /** `<logicalId>.<attribute>` -> value of Fn::GetAtt */
  attributes: Record<string, string>;
}

export class Templates {
  readonly stacks: Stack[];
  private physical: Physical;

  constructor(
    readonly dir: string,
    physical: Omit<Physical, 'refs' | 'attributes'> & Partial<Physical>,
    stacks?: Stack[],
  ) {
    this.physical = { refs: {}, attributes: {}, ...physical };
    this.stacks =
      stacks ??
      readdirSync(dir)
        .filter((f) => f.endsWith('.template.json'))
        .sort()
        .map((f) => ({ name: f.replace(/\.template\.json$/, ''), template: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Template }));
    if (this.stacks.length === 0) throw new Error(`No *.template.json in ${dir}: run cdk synth first`);
  }

  get region() {
    return this.physical.region;
  }
  get account() {
    return this.physical.account;
  }

  /** Names a resource's physical id (Ref) or one of its attributes (GetAtt), overriding the default. */
  setRef(logicalId: string, value: string) {
    this.physical.refs[logicalId] = value;
  }
  setAttribute(logicalId: string, attribute: string, value: string) {
    this.physical.attributes[`${logicalId}.${attribute}`] = value;
  }

  /** Every resource of a type, across stacks. */
  ofType(type: string): { stack: Stack; id: string; resource: Resource }[] {
    return this.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources)
        .filter(([, r]) => r.Type === type)
        .map(([id, resource]) => ({ stack, id, resource })),
    );
  }

  resource(logicalId: string): { stack: Stack; resource: Resource } {
    for (const stack of this.stacks) {
      const resource = stack.template.Resources[logicalId];
      if (resource) return { stack, resource };
    }
    throw new Error(`No resource ${logicalId} in the synthesised templates`);
  }

  /** The logical id a `{ Ref }` or `{ Fn::GetAtt: [id, ...] }` points at. */
  static target(value: unknown): string | undefined {
    if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (typeof v.Ref === 'string') return v.Ref;
      const getAtt = v['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
      if (typeof getAtt === 'string') return getAtt.split('.')[0];
    }
    return undefined;
  }

  /** Resolves every intrinsic function in a value, as CloudFormation would when it deploys. */
  resolve(value: unknown, stack?: Stack): any {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, stack));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      switch (fn) {
        case 'Ref':
          return this.ref(String(arg), stack);
        case 'Fn::GetAtt': {
          const [id, ...attr] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
          return this.getAtt(id!, attr.join('.'));
        }
        case 'Fn::Join': {
          const [sep, parts] = arg as [string, unknown[]];
          return (this.resolve(parts, stack) as unknown[]).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [unknown, unknown];
          return (this.resolve(list, stack) as unknown[])[Number(this.resolve(index, stack))];
        }
        case 'Fn::Split': {
          const [sep, text] = arg as [string, unknown];
          return String(this.resolve(text, stack)).split(sep);
        }
        case 'Fn::Sub':
          return this.sub(arg, stack);
        case 'Fn::GetStackOutput': {
          const { StackName, OutputName } = arg as { StackName: unknown; OutputName: unknown };
          return this.output(String(this.resolve(StackName, stack)), String(this.resolve(OutputName, stack)));
        }
        case 'Fn::ImportValue':
          return this.importValue(String(this.resolve(arg, stack)));
        case 'Fn::Base64':
          return Buffer.from(String(this.resolve(arg, stack))).toString('base64');
      }
      if (fn.startsWith('Fn::')) throw new Error(`The rehearsal does not resolve ${fn} yet`);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v, stack)]));
  }

  private ref(id: string, stack?: Stack): string {
    switch (id) {
      case 'AWS::Region':
        return this.physical.region;
      case 'AWS::AccountId':
        return this.physical.account;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack?.name ?? 'stack';
      case 'AWS::NoValue':
        return undefined as unknown as string;
    }
    const known = this.physical.refs[id];
    if (known !== undefined) return known;
    const { resource } = this.resource(id);
    return defaultRef(id, resource, this.physical);
  }

  private getAtt(id: string, attribute: string): string {
    const known = this.physical.attributes[`${id}.${attribute}`];
    if (known !== undefined) return known;
    const { resource } = this.resource(id);
    const { region, account } = this.physical;
    const ref = this.ref(id);
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::Lambda::Function.Arn':
        return `arn:aws:lambda:${region}:${account}:function:${ref}`;
      case 'AWS::IAM::Role.Arn':
        return `arn:aws:iam::${account}:role/${ref}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `arn:aws:logs:${region}:${account}:log-group:${ref}:*`;
      case 'AWS::SQS::Queue.Arn':
        return `arn:aws:sqs:${region}:${account}:${id}`;
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:aws:dynamodb:${region}:${account}:table/${ref}`;
      case 'AWS::SMSVOICE::PhoneNumber.Arn':
        return `arn:aws:sms-voice:${region}:${account}:phone-number/${ref}`;
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${ref}`;
      case 'AWS::S3::Bucket.RegionalDomainName':
        return `${ref}.s3.${region}.amazonaws.com`;
      case 'AWS::ApiGatewayV2::Api.ApiEndpoint':
        return `https://${ref}.execute-api.${region}.amazonaws.com`;
      case 'AWS::CloudFront::Distribution.DomainName':
        return `${ref.toLowerCase()}.cloudfront.net`;
      case 'AWS::CloudFront::Function.FunctionARN':
        return `arn:aws:cloudfront::${account}:function/${ref}`;
    }
    return `${ref}.${attribute}`;
  }

  private sub(arg: unknown, stack?: Stack): string {
    const [text, vars] = Array.isArray(arg) ? (arg as [string, Record<string, unknown>]) : [String(arg), {}];
    return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
      if (name in vars) return String(this.resolve(vars[name], stack));
      if (name.includes('.') && !name.startsWith('AWS::')) {
        const [id, ...attr] = name.split('.');
        return this.getAtt(id!, attr.join('.'));
      }
      return this.ref(name, stack);
    });
  }

  private output(stackName: string, outputName: string): string {
    const stack = this.stacks.find((s) => s.name === stackName);
    const output = stack?.template.Outputs?.[outputName];
    if (!stack || !output) throw new Error(`No output ${outputName} in stack ${stackName}`);
    return this.resolve(output.Value, stack);
  }

  private importValue(name: string): string {
    for (const stack of this.stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export && this.resolve(output.Export.Name, stack) === name) return this.resolve(output.Value, stack);
      }
    }
    throw new Error(`No stack exports ${name}`);
  }

  /** The directory cdk synth bundled a Lambda function's (or a deployment's) code into: asset.<hash>. */
  assetDir(s3Key: unknown): string {
    const key = String(s3Key).replace(/\.zip$/, '');
    const dir = join(this.dir, `asset.${key}`);
    if (!existsSync(dir)) throw new Error(`Asset ${key} is not in ${this.dir}`);
    return dir;
  }
}

/** What CloudFormation would name a resource: `<logical id>-rehearsal`, lower-cased where AWS insists. */
function defaultRef(id: string, resource: Resource, { region, account }: Physical): string {
  switch (resource.Type) {
    case 'AWS::Cognito::UserPool':
      return `${region}_${id.replace(/[^A-Za-z0-9]/g, '').slice(-9)}`;
    case 'AWS::Cognito::UserPoolClient':
      return `${id.toLowerCase().replace(/[^a-z0-9]/g, '')}rehearsal`.slice(0, 26);
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${region}:${account}:${id}`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${region}.amazonaws.com/${account}/${id}`;
    case 'AWS::S3::Bucket':
      return `${id.toLowerCase()}-rehearsal`;
    default:
      return `${id}-rehearsal`;
  }
}
