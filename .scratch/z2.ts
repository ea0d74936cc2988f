import * as z from 'zod/mini';
const u = z.url();
for (const v of ['javascript:alert(1)', 'data:text/html,hi', 'file:///etc/passwd', 'mailto:x@y.org']) console.log(v, u.safeParse(v).success);
