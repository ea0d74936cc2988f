/**
 * Distances and geohash cells, pure. A place with a known postcode centroid is indexed under the geohash cell
 * that holds it at a few sizes (GEO#<3, 4 and 5 characters>); a search near a point reads the few cells of the
 * size that covers its radius and keeps what is truly within it.
 */

export interface Point {
  lat: number;
  lng: number;
}

const base32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export function geohash({ lat, lng }: Point, precision: number): string {
  let latLo = -90, latHi = 90, lngLo = -180, lngHi = 180;
  let hash = '';
  let bits = 0, value = 0, even = true;
  while (hash.length < precision) {
    if (even) {
      const mid = (lngLo + lngHi) / 2;
      if (lng >= mid) { value = value * 2 + 1; lngLo = mid; } else { value *= 2; lngHi = mid; }
    } else {
      const mid = (latLo + latHi) / 2;
      if (lat >= mid) { value = value * 2 + 1; latLo = mid; } else { value *= 2; latHi = mid; }
    }
    even = !even;
    if (++bits === 5) {
      hash += base32[value];
      bits = 0;
      value = 0;
    }
  }
  return hash;
}

/** The cell sizes a place is indexed under (characters of geohash). */
export const cellPrecisions = [3, 4, 5] as const;

/** A cell's height and width in degrees at a precision. */
function cellDegrees(precision: number): { lat: number; lng: number } {
  const bits = precision * 5;
  const lngBits = Math.ceil(bits / 2);
  const latBits = Math.floor(bits / 2);
  return { lat: 180 / 2 ** latBits, lng: 360 / 2 ** lngBits };
}

const earthRadiusMetres = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * earthRadiusMetres * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The box around a circle, in degrees (what an index filter can compare). */
export function boundingBox(centre: Point, metres: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (metres / earthRadiusMetres) * (180 / Math.PI);
  const dLng = dLat / Math.max(0.01, Math.cos(rad(centre.lat)));
  return { minLat: centre.lat - dLat, maxLat: centre.lat + dLat, minLng: centre.lng - dLng, maxLng: centre.lng + dLng };
}

/** The largest distance a search may ask for: beyond it, the cover would need too many cells. */
export const maxSearchMetres = 50_000;

/**
 * The cells (of one indexed size) that together cover a circle: the smallest size whose cover is at most
 * 9 cells, so a search reads few partitions and few items outside the circle.
 */
export function cellsCovering(centre: Point, metres: number): string[] {
  const box = boundingBox(centre, metres);
  for (const precision of [...cellPrecisions].reverse()) {
    const cells = cover(box, precision);
    if (cells && cells.length <= 9) return cells;
  }
  return cover(box, cellPrecisions[0]) ?? [];
}

/** The cells of one size a box touches (undefined when that would be very many: a bigger size suits). */
function cover(box: ReturnType<typeof boundingBox>, precision: number): string[] | undefined {
  const size = cellDegrees(precision);
  const cells = new Set<string>();
  // step at half a cell so no cell the box touches is skipped; the box's far edges are added too
  const lats: number[] = [];
  for (let lat = box.minLat; lat < box.maxLat; lat += size.lat / 2) lats.push(lat);
  lats.push(box.maxLat);
  const lngs: number[] = [];
  for (let lng = box.minLng; lng < box.maxLng; lng += size.lng / 2) lngs.push(lng);
  lngs.push(box.maxLng);
  if (lats.length * lngs.length > 400) return undefined;
  for (const lat of lats) for (const lng of lngs) cells.add(geohash({ lat: Math.max(-90, Math.min(90, lat)), lng }, precision));
  return [...cells].sort();
}

/** A UK postcode written the one way the directory stores it: upper case, one space before the inward part. */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export const postcodePattern = /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/;
