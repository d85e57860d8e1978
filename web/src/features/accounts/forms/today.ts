import { formatShanghai } from '../../../lib/datetime';

/** Today's date in Beijing, YYYY-MM-DD: the business date the ID-number check compares birth dates with. */
export function todayInShanghai(now: Date = new Date()): string {
  return formatShanghai(now.toISOString()).slice(0, 10);
}
