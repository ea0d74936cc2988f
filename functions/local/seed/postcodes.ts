/**
 * The demo's extract of postcode centroids for its fictional area (Westfield and Riverside), in the shape of
 * the ONS Postcode Directory columns an admin imports (pcds, lat, long). The places are made up; the
 * distances between them are realistic (Westfield and Riverside are about 5 km apart).
 */
export const demoPostcodes: { postcode: string; lat: number; lng: number }[] = [
  // Westfield
  { postcode: 'WF1 1AA', lat: 53.5452, lng: -2.1104 },
  { postcode: 'WF1 2AB', lat: 53.5461, lng: -2.1121 },
  { postcode: 'WF1 3QR', lat: 53.5489, lng: -2.1187 },
  { postcode: 'WF1 9GH', lat: 53.5512, lng: -2.1043 },
  { postcode: 'WF2 7CD', lat: 53.5398, lng: -2.1235 },
  { postcode: 'WF2 8NP', lat: 53.5371, lng: -2.1012 },
  { postcode: 'WF3 5LM', lat: 53.5556, lng: -2.1302 },
  // Riverside
  { postcode: 'RV3 1EF', lat: 53.5203, lng: -2.0497 },
  { postcode: 'RV3 2XY', lat: 53.5177, lng: -2.0541 },
  { postcode: 'RV3 4JK', lat: 53.5231, lng: -2.0433 },
  { postcode: 'RV3 6TU', lat: 53.5149, lng: -2.0389 },
];
