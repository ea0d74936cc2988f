/** The statute mile, in metres: people choose and read distances in miles. */
export const metresPerMile = 1609.344;
