/** Labels of trade-in codes: a category or line the messages do not name shows its code. */
import type { MembershipState } from '../../../../src/contract/trade-in';
import { tradeInMessages } from './messages';

type Key = keyof typeof tradeInMessages;

export function labelOf(t: (key: Key) => string, kind: 'cat' | 'line' | 'state', code: string): string {
  const key = `ti.${kind}.${code}`;
  return key in tradeInMessages ? t(key as Key) : code;
}

/** The Asia/Shanghai day (YYYY-MM-DD) of a moment: a sale's purchase date. */
export function shanghaiDay(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));
}

/** A membership's state as a tag colour. */
export const MEMBERSHIP_COLOURS: Record<MembershipState, string> = {
  applied: 'gold',
  approved: 'green',
  refused: 'red',
  suspended: 'volcano',
};
