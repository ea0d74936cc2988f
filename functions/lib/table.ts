/**
 * The single DynamoDB table, declared once. The CDK stack (infra/) and the local/test bootstrap
 * (functions/local/bootstrap.ts) both read this, so the key schema cannot drift between them.
 * Attribute names only: no AWS SDK import here.
 */
export const table = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Overloaded global secondary indexes; each domain's data.ts documents which access pattern uses which. */
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
  /** Epoch seconds; DynamoDB deletes the item some time after (idempotency records, purged personal data). */
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
} as const;

export type IndexName = (typeof table.indexes)[number]['name'];
