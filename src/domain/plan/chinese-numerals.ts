const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1..99 as the plan writes them: 六, 十, 十六, 二十, 二十六. */
export function chineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 99)
    throw new RangeError(`chineseNumeral supports 1..99, got ${value}`);
  if (value < 10) return DIGITS[value] ?? '';
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[ones]}`;
}

/** A measure's label as the plan prints it: （六）. */
export function measureLabel(number: number): string {
  return `（${chineseNumeral(number)}）`;
}
