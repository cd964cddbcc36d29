/**
 * Text formatting for the report. Locale-free on purpose (`toLocaleString` depends on the
 * machine's ICU data and locale): the same run must give the same bytes everywhere.
 */
import { baseUnitsToDecimal } from '../report-input.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** "1234567.891" → "1,234,567.891" (integer part grouped by thousands). */
export function groupThousands(decimalText: string): string {
  const negative = decimalText.startsWith('-');
  const body = negative ? decimalText.slice(1) : decimalText;
  const [whole = '', fraction] = body.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** A number with fixed decimals and thousands separators; "n/a" for null or non-finite. */
export function formatFixed(value: number | null, decimals: number): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  const text = value.toFixed(decimals);
  return groupThousands(/^-0(\.0*)?$/.test(text) ? text.slice(1) : text);
}

/** 0.0523 → "5.23 %". */
export function formatPercent(value: number | null, decimals = 2): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  return `${formatFixed(value * 100, decimals)} %`;
}

/** A number with about `significant` significant digits, never in exponent form below 1e21. */
export function formatSignificant(value: number | null, significant = 4): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.min(12, Math.max(0, significant - 1 - magnitude));
  return formatFixed(value, decimals);
}

/**
 * An exact base-unit amount in whole units, grouped, with at most `maxDecimals` shown
 * (rounded half away from zero in integers, so no float ever touches it).
 */
export function formatAmount(amount: bigint, decimals: number, maxDecimals = decimals): string {
  const shown = Math.min(decimals, maxDecimals);
  const drop = decimals - shown;
  let scaled = amount;
  if (drop > 0) {
    const unit = 10n ** BigInt(drop);
    const half = unit / 2n;
    scaled = amount >= 0n ? (amount + half) / unit : -((-amount + half) / unit);
  }
  const text = baseUnitsToDecimal(scaled, shown);
  const [whole, fraction = ''] = text.split('.');
  const padded = shown > 0 ? `${whole}.${fraction.padEnd(shown, '0')}` : (whole ?? '0');
  return groupThousands(padded);
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** "2024-03-05 14:00 UTC", with ":SS" only when the time is not on a whole minute. */
export function formatDateTimeUtc(seconds: number): string {
  const date = new Date(seconds * 1000);
  const secondsPart = date.getUTCSeconds() === 0 ? '' : `:${pad2(date.getUTCSeconds())}`;
  return (
    `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ` +
    `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}${secondsPart} UTC`
  );
}

/** "2024-03-05". */
export function formatDateUtc(seconds: number): string {
  const date = new Date(seconds * 1000);
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())}`;
}

/** Axis labels for time ticks, coarser as the tick step grows. */
export function formatTimeTick(seconds: number, stepSeconds: number): string {
  const date = new Date(seconds * 1000);
  const month = MONTHS[date.getUTCMonth()]!;
  if (stepSeconds >= 365 * 86_400) return String(date.getUTCFullYear());
  if (stepSeconds >= 28 * 86_400) {
    return date.getUTCMonth() === 0 ? String(date.getUTCFullYear()) : `${month} ${date.getUTCFullYear()}`;
  }
  if (stepSeconds >= 86_400) return `${date.getUTCDate()} ${month}`;
  if (stepSeconds >= 60) return `${date.getUTCDate()} ${month} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
  return `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
}

/** "1 y 2 d", "3 d 4 h", "45 min", "12 s": the length of a run or of a sampling step. */
export function formatDuration(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const years = Math.floor(days / 365);
  const restDays = days - years * 365;
  const hours = Math.floor((seconds - days * 86_400) / 3600);
  const minutes = Math.floor((seconds - days * 86_400 - hours * 3600) / 60);
  if (years > 0) return restDays > 0 ? `${years} y ${restDays} d` : `${years} y`;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  if (minutes > 0) return `${minutes} min`;
  return `${Math.max(0, Math.round(seconds))} s`;
}
