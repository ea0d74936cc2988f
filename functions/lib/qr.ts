import { encode } from 'uqr';

/**
 * A QR code as one SVG path (a 1×1 square per dark module). Shared by the web app (drawn on the device)
 * and the messages (attached as an SVG image), so both show the same code.
 */
export function qrPath(text: string): { size: number; path: string } {
  const { data, size } = encode(text, { ecc: 'M', border: 2 });
  let path = '';
  data.forEach((row, y) => row.forEach((dark, x) => dark && (path += `M${x} ${y}h1v1h-1z`)));
  return { size, path };
}

/** A standalone SVG image of a QR code, 8 pixels a module. */
export function qrSvg(text: string, title: string): string {
  const { size, path } = qrPath(text);
  const esc = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size * 8}" height="${size * 8}" shape-rendering="crispEdges" role="img"><title>${esc}</title><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#0b0c0c"/></svg>`;
}
