/**
 * Moments as the city reads them: in Beijing time (Asia/Shanghai, UTC+8 all year), written
 * YYYY-MM-DD HH:mm:ss whatever the browser's own zone or language.
 */
const shanghai = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "2025-05-01T04:05:06Z" → "2025-05-01 12:05:06"; an unreadable value is returned as given. */
export function formatShanghai(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(shanghai.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Like formatShanghai, but "—" for a missing moment. */
export function formatMoment(iso: string | null | undefined): string {
  return iso ? formatShanghai(iso) : '—';
}

/** Whether an ISO moment (e.g. lockedUntil) lies after `now`. */
export function isFuture(iso: string | null | undefined, now: number = Date.now()): boolean {
  if (!iso) return false;
  const time = new Date(iso).getTime();
  return !Number.isNaN(time) && time > now;
}

/** 20250108 → "2025-01-08". */
export function formatYyyymmdd(value: number): string {
  const text = String(value).padStart(8, '0');
  return `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`;
}
