import { buildOpenApiDocument } from '../functions/openapi-document';
const doc = buildOpenApiDocument() as any;
console.log(Object.keys(doc.paths).length, JSON.stringify(doc.paths['/api/person-data/{id}'] ?? doc.paths['/api/person-data/:id'] ?? 'missing').slice(0, 200));
