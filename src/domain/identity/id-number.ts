/**
 * 公民身份号码 (`idNumber`), GB 11643-1999: 6-digit region code (GB/T 2260) + birth date YYYYMMDD +
 * 3-digit sequence + ISO 7064 MOD 11-2 check character. Pure: `today` is an argument.
 */

export type IdNumberProblem = 'format' | 'region' | 'birth_date' | 'future_birth_date' | 'checksum';

export type IdNumberCheck =
  | { ok: true; idNumber: string; regionCode: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; problem: IdNumberProblem; message: string; messageEn: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_DATE = '1900-01-01';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Province-level prefixes of GB/T 2260 (11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82). Only the
 * prefix is checked: region codes are never re-issued and old ones (e.g. 411222, the former Shan county)
 * stay valid for life, so the full code is not required to be current.
 */
const PROVINCE_PREFIXES: ReadonlySet<string> = new Set(
  [
    [11, 15],
    [21, 23],
    [31, 37],
    [41, 46],
    [50, 54],
    [61, 65],
    [71, 71],
    [81, 82],
  ].flatMap(([from = 0, to = 0]) => Array.from({ length: to - from + 1 }, (_, index) => String(from + index))),
);

const MESSAGES: Record<IdNumberProblem, { message: string; messageEn: string }> = {
  format: {
    message: '身份证号码格式不正确：应为18位，前17位为数字，最后一位为数字或X',
    messageEn: 'ID number must be 18 characters: 17 digits followed by a digit or X',
  },
  region: {
    message: '身份证号码的地区码不正确',
    messageEn: 'ID number has an invalid region code',
  },
  birth_date: {
    message: '身份证号码中的出生日期不正确',
    messageEn: 'ID number contains an invalid birth date',
  },
  future_birth_date: {
    message: '身份证号码中的出生日期晚于今天',
    messageEn: 'ID number contains a birth date in the future',
  },
  checksum: {
    message: '身份证号码校验码不正确，请核对后重新输入',
    messageEn: 'ID number check character does not match; please check the number',
  },
};

/** The check character ('0'–'9' or 'X') for the first 17 digits of an ID number. */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckCharacter needs exactly 17 digits');
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += Number(first17[index]) * (WEIGHTS[index] ?? 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/** Whether `year-month-day` exists in the Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

function failure(problem: IdNumberProblem): IdNumberCheck {
  return { ok: false, problem, ...MESSAGES[problem] };
}

/**
 * Checks an ID number as typed. Problems are reported in order: format, region, birth date, future birth
 * date, checksum. `today` (YYYY-MM-DD, the caller's business date) bounds the birth date.
 */
export function checkIdNumber(raw: string, today: string): IdNumberCheck {
  const todayMatch = ISO_DATE.exec(today);
  if (todayMatch === null || !isCalendarDate(Number(todayMatch[1]), Number(todayMatch[2]), Number(todayMatch[3]))) {
    throw new RangeError(`today must be a YYYY-MM-DD date: "${today}"`);
  }
  const idNumber = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) return failure('format');

  const regionCode = idNumber.slice(0, 6);
  if (!PROVINCE_PREFIXES.has(regionCode.slice(0, 2))) return failure('region');

  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (!isCalendarDate(year, month, day) || birthDate < EARLIEST_BIRTH_DATE) return failure('birth_date');
  if (birthDate > today) return failure('future_birth_date');

  if (idNumberCheckCharacter(idNumber.slice(0, 17)) !== idNumber.charAt(17)) return failure('checksum');

  const sex = Number(idNumber.charAt(16)) % 2 === 1 ? 'male' : 'female';
  return { ok: true, idNumber, regionCode, birthDate, sex };
}
