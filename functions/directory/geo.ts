/**
 * Distances and geohash cells, pure. A place with a known postcode centroid is indexed under the geohash cell
 * that holds it at a few sizes (GEO#<3, 4, 5 and 6 characters>); a search near a point reads the cells of the
 * size that suits its radius, nearest first, and keeps what is truly within it.
 */

export interface Point {
  lat: number;
  lng: number;
}

export { metresPerMile } from '../lib/units';

const base32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export function geohash({ lat, lng }: Point, precision: number): string {
  let latLo = -90,
    latHi = 90,
    lngLo = -180,
    lngHi = 180;
  let hash = '';
  let bits = 0,
    value = 0,
    even = true;
  while (hash.length < precision) {
    if (even) {
      const mid = (lngLo + lngHi) / 2;
      if (lng >= mid) {
        value = value * 2 + 1;
        lngLo = mid;
      } else {
        value *= 2;
        lngHi = mid;
      }
    } else {
      const mid = (latLo + latHi) / 2;
      if (lat >= mid) {
        value = value * 2 + 1;
        latLo = mid;
      } else {
        value *= 2;
        latHi = mid;
      }
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
export const cellPrecisions = [3, 4, 5, 6] as const;

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

/** The box around a circle, in degrees. */
export function boundingBox(centre: Point, metres: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (metres / earthRadiusMetres) * (180 / Math.PI);
  const dLng = dLat / Math.max(0.01, Math.cos(rad(centre.lat)));
  return { minLat: centre.lat - dLat, maxLat: centre.lat + dLat, minLng: centre.lng - dLng, maxLng: centre.lng + dLng };
}

/** The largest distance a search may ask for: beyond it, the cover would need too many cells. */
export const maxSearchMetres = 50_000;

/** A cell of a circle's cover, with the nearest and farthest any place in it can be from the centre. */
export interface NearCell {
  cell: string;
  nearest: number;
  farthest: number;
}

/** Most cells a cover may have: a search reads them nearest first and stops when its page is full. */
const maxCoverCells = 320;

/**
 * The cells (of one indexed size) that meet a circle, nearest first: the smallest indexed size whose cover
 * has at most 320 cells (about a 5-mile circle of the smallest), so few places outside the circle share a cell with the ones inside it.
 */
export function cellsNear(centre: Point, metres: number): NearCell[] {
  const box = boundingBox(centre, metres);
  for (const precision of [...cellPrecisions].reverse()) {
    const size = cellDegrees(precision);
    const rows = Math.ceil((box.maxLat - box.minLat) / size.lat) + 1;
    const cols = Math.ceil((box.maxLng - box.minLng) / size.lng) + 1;
    if (rows * cols > maxCoverCells * 2 && precision !== cellPrecisions[0]) continue;
    // the grid of cells from the one holding the box's south-west corner
    const lat0 = Math.floor((box.minLat + 90) / size.lat) * size.lat - 90;
    const lng0 = Math.floor((box.minLng + 180) / size.lng) * size.lng - 180;
    const cells: NearCell[] = [];
    for (let lat = lat0; lat < box.maxLat; lat += size.lat) {
      for (let lng = lng0; lng < box.maxLng; lng += size.lng) {
        const cellBox = { minLat: lat, maxLat: lat + size.lat, minLng: lng, maxLng: lng + size.lng };
        const nearestPoint = { lat: clamp(centre.lat, cellBox.minLat, cellBox.maxLat), lng: clamp(centre.lng, cellBox.minLng, cellBox.maxLng) };
        const nearest = distanceMetres(centre, nearestPoint);
        if (nearest > metres) continue;
        const farthest = Math.max(...[cellBox.minLat, cellBox.maxLat].flatMap((la) => [cellBox.minLng, cellBox.maxLng].map((ln) => distanceMetres(centre, { lat: la, lng: ln }))));
        cells.push({ cell: geohash({ lat: lat + size.lat / 2, lng: lng + size.lng / 2 }, precision), nearest, farthest });
      }
    }
    if (cells.length <= maxCoverCells || precision === cellPrecisions[0]) return cells.sort((a, b) => a.nearest - b.nearest || a.cell.localeCompare(b.cell));
  }
  return [];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A UK postcode written the one way the directory stores it: upper case, one space before the inward part. */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export const postcodePattern = /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/;
