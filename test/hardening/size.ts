/**
 * Smoke sizes in `npm test`; full sizes with HARDENING=full (and the 10-minute soak with HARDENING_SOAK=1).
 */
export const full = process.env.HARDENING === 'full';
export const soak = process.env.HARDENING_SOAK === '1';
export const sizes = {
  /** generated requests per operation with a body or query */
  generatedPerOperation: full ? 200 : 8,
  /** concurrent requests per fault-injection scenario */
  faultBurst: full ? 300 : 60,
  /** autocannon duration, seconds */
  loadSeconds: full ? 60 : 5,
  /** soak duration, seconds */
  soakSeconds: soak ? 600 : full ? 60 : 0,
};
