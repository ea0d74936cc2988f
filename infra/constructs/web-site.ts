import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { paths } from '../../functions/lib/paths';

export interface WebSiteProps {
  /** Directory of the built SPA (index.html at its root). */
  assetsPath: string;
  /** Host name of the HTTP API (no scheme, no path); CloudFront sends `/api/*` there. */
  apiDomainName: string;
  /** Extra origins the SPA calls with fetch, e.g. the Cognito hosted-UI domain for the token exchange. */
  connectSources: string[];
  retain: boolean;
}

/**
 * The SPA in a private bucket behind CloudFront (origin access control), with `/api/*` passed through to the
 * HTTP API uncached, so the browser sees one origin and needs no CORS.
 */
export class WebSite extends Construct {
  readonly distribution: Distribution;
  readonly bucket: Bucket;
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    const removal = props.retain ? { removalPolicy: RemovalPolicy.RETAIN } : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };

    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      ...removal,
    });

    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      ...removal,
    });

    const baseHeaders: ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
    };
    const csp = [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      ['connect-src', "'self'", ...props.connectSources].join(' '),
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; ');
    const siteHeaders = new ResponseHeadersPolicy(this, 'SiteHeaders', {
      securityHeadersBehavior: { ...baseHeaders, contentSecurityPolicy: { contentSecurityPolicy: csp, override: true } },
      // index.html and the other fixed names: revalidated each time, so a new build reaches people at once
      customHeadersBehavior: { customHeaders: [{ header: 'Cache-Control', value: 'no-cache', override: true }] },
    });
    // content-hashed files (web/build.ts names them name-HASH.js): a new build has new names, so keep them a year
    const hashedAssetHeaders = new ResponseHeadersPolicy(this, 'HashedAssetHeaders', {
      securityHeadersBehavior: { ...baseHeaders, contentSecurityPolicy: { contentSecurityPolicy: csp, override: true } },
      customHeadersBehavior: { customHeaders: [{ header: 'Cache-Control', value: 'public, max-age=31536000, immutable', override: true }] },
    });
    // The API keeps its own Content-Security-Policy (e.g. /api/docs); the other security headers still apply.
    const apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', { securityHeadersBehavior: baseHeaders });

    // The app's pages (functions/lib/paths.ts) get index.html; any other address without a file extension is a
    // 404 carrying index.html, so the app shows "Page not found" (as the local server does: functions/local/
    // static-site.ts). A viewer-request function, not distribution-wide custom error responses: those would
    // also replace the API's own 403/404 problem+json answers.
    const pagePatterns = Object.values(paths).map((p) => `^${p.pattern.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`);
    const indexFile = join(props.assetsPath, 'index.html');
    const notFoundBody = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : '<!doctype html><title>Page not found</title><h1>Page not found</h1>';
    const spaRouting = new CloudFrontFunction(this, 'SpaRouting', {
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(`var pages = ${JSON.stringify(pagePatterns)}.map(function (p) { return new RegExp(p); });
var notFound = ${JSON.stringify(notFoundBody)};
function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') !== -1) return request;
  if (pages.some(function (p) { return p.test(request.uri); })) {
    request.uri = '/index.html';
    return request;
  }
  return { statusCode: 404, statusDescription: 'Not Found', headers: { 'content-type': { value: 'text/html; charset=utf-8' }, 'cache-control': { value: 'no-cache' } }, body: notFound };
}`),
    });
    const siteOrigin = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const hashedAssets = {
      origin: siteOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: hashedAssetHeaders,
      compress: true,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: siteHeaders,
        functionAssociations: [{ function: spaRouting, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(props.apiDomainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Authorization, Idempotency-Key and the rest reach the API; Host must be the API's own.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: apiHeaders,
          compress: true,
        },
        '/chunks/*': hashedAssets,
        '/main-*': hashedAssets,
        '/early-*': hashedAssets,
        '/styles-*': hashedAssets,
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'No geo restriction: residents travel and use VPNs; the partnership has no legal need to block countries.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'No AWS WAF web ACL: it is a fixed monthly cost. API Gateway stage throttling and Cognito protect the API; ' + 'attach a web ACL here when a partnership can fund it.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'Uses the default *.cloudfront.net certificate, whose TLS policy AWS fixes. With a custom domain, attach an ' + 'ACM certificate and set minimumProtocolVersion TLS_V1_2_2021.',
      },
    );

    const deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(props.assetsPath)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // published by publishConfig; excluded here so this deployment's pruning leaves it in place
      exclude: ['config.json'],
      memoryLimit: 256,
    });
    acknowledgeCdkProvidedHandlers(deployment, this.bucket);
  }

  /**
   * Publishes /config.json beside the app: the settings the web app reads at start (web/src/config.ts), such as
   * how to sign in. Values known only at deploy time (the user pool client's id) are filled in as it deploys.
   */
  publishConfig(config: Record<string, unknown>) {
    new BucketDeployment(this, 'DeployConfig', {
      sources: [Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/config.json'],
      prune: false,
      memoryLimit: 256,
    });
  }
}

/**
 * BucketDeployment runs a CDK-managed singleton Lambda: its runtime, role and policy are CDK's, not ours.
 * Each finding is acknowledged by its exact id on that handler only.
 */
function acknowledgeCdkProvidedHandlers(deployment: BucketDeployment, siteBucket: Bucket) {
  const stack = Stack.of(deployment);
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('BucketDeployment handler not found: CDK changed its construct id');
  const s3Sync =
    'CDK BucketDeployment syncs a whole folder, so it needs object-level wildcards on the CDK asset bucket and ' +
    'the site bucket only (and CloudFront invalidation, which has no resource-level permissions).';
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK BucketDeployment handler role; the managed policy only lets it write its own logs.',
    },
    ...[
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      `Resource::<${stack.getLogicalId(siteBucket.node.defaultChild as CfnResource)}.Arn>/*`,
      'Resource::*',
    ].map((finding) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason: s3Sync })),
    {
      id: 'AwsSolutions-L1',
      reason: 'CDK BucketDeployment pins its own (Python) runtime for the handler; CDK upgrades move it forward.',
    },
  );
}
