import { qrPath } from '../../../../functions/lib/qr';
import { checkInLink } from '../../../../functions/reservations/passes';

/**
 * A booking's check-in code and its QR code (drawn as SVG on the device: no image to fetch, works offline).
 * The QR code holds a link to the check-in page with the booking and its code, so a helper's phone camera
 * opens it directly. The booking confirmation message attaches the same QR code (functions/reservations/messages.ts).
 */
export function CheckInPass({ reservationId, checkInCode, label }: { reservationId: string; checkInCode: string; label?: string }) {
  const { size, path } = qrPath(checkInLink(location.origin, reservationId, checkInCode));
  return (
    <div class="check-in-pass">
      <svg class="check-in-qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={`QR code for check-in${label ? ` at ${label}` : ''}`} shape-rendering="crispEdges">
        <rect width={size} height={size} fill="#fff" />
        <path d={path} fill="#0b0c0c" />
      </svg>
      <p>
        Check-in code: <strong class="check-in-code">{checkInCode.split('').join(' ')}</strong>
        <span class="visually-hidden"> ({checkInCode})</span>
      </p>
    </div>
  );
}
