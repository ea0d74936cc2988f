import { startDynamoLocal } from '../functions/local/dynamo';
const d = await startDynamoLocal();
console.log('up', d.endpoint);
const { execSync } = await import('node:child_process');
console.log(execSync(`ss -ltnp 2>/dev/null | grep ${new URL(d.endpoint).port} || netstat -ltn | grep ${new URL(d.endpoint).port}`).toString());
await d.stop();
