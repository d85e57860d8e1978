/**
 * Masks for personal data in responses. Each keeps the length of its input and replaces the hidden
 * characters with `*`; pass normalised values (see the check functions). A value too short to keep
 * anything hidden is masked entirely.
 */

function mask(value: string, keepStart: number, keepEnd: number): string {
  const characters = [...value];
  if (characters.length <= keepStart + keepEnd) return '*'.repeat(characters.length);
  return (
    characters.slice(0, keepStart).join('') +
    '*'.repeat(characters.length - keepStart - keepEnd) +
    characters.slice(characters.length - keepEnd).join('')
  );
}

/** `41120219900101123X` → `4112**********123X` (first 4 and last 4 visible). */
export function maskIdNumber(idNumber: string): string {
  return mask(idNumber, 4, 4);
}

/** `13812345678` → `138****5678` (first 3 and last 4 visible). */
export function maskMobile(mobileNumber: string): string {
  return mask(mobileNumber, 3, 4);
}

/** `6222021234567890123` → `***************0123` (last 4 visible). */
export function maskBankAccount(account: string): string {
  return mask(account, 0, 4);
}
