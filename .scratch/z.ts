import * as z from 'zod/mini';
const deceptive = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const n = z.string().check(z.overwrite((v) => v.replace(deceptive, '')), z.trim(), z.minLength(1), z.maxLength(10));
console.log(JSON.stringify(n.safeParse('\u202Eabc\u200Bdef ')), JSON.stringify(n.safeParse('\u200B')));
const u = z.url({ protocol: /^https?$/ }).check(z.maxLength(300));
for (const v of ['https://ok.org/x', 'http://ok.org', 'javascript:alert(1)', 'data:text/html,hi', 'ftp://x.org', 'HTTPS://A.ORG', 'https:/x']) console.log(v, u.safeParse(v).success);
