/**
 * Names that people type and other people read: a citizen's name, a staff member's name, a merchant's
 * name. They are shown in lists, in the audit log and on review screens, so a name must be visible and
 * must read the way it is stored:
 *
 * - normalised to NFKC first (full-width Ｌｉ becomes Li, the ideographic space a space), then trimmed;
 *   the checks and the stored value are of the normalised form, so two spellings of one name are one;
 * - refused when nothing visible is left: only spaces, format characters (zero-width space, joiners),
 *   combining marks, or "blank" letters such as the Hangul filler;
 * - refused when it holds a bidirectional control (embeddings and overrides U+202A–U+202E, isolates
 *   U+2066–U+2069, the marks U+200E, U+200F and U+061C): they make a name display as something other
 *   than its characters ("Trojan Source"), in the admin's list as much as in a log;
 * - refused when it holds a control character or a line or paragraph separator;
 * - refused when normalisation made it longer than the field allows (NFKC can expand one character to
 *   many), so the stored value always fits.
 */

export type DisplayNameProblem = 'blank' | 'invisible' | 'bidirectional_control' | 'control' | 'too_long';

export type DisplayNameCheck =
  { ok: true; name: string } | { ok: false; problem: DisplayNameProblem; message: string; messageEn: string };

const BIDIRECTIONAL_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** Characters that show nothing by themselves; U+2800 is the blank Braille pattern, drawn as a space. */
const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Cf}\p{Z}\p{M}\u2800]*$/u;

/** Checks and normalises a name of at most `maxLength` characters (code points). */
export function checkDisplayName(raw: string, maxLength: number): DisplayNameCheck {
  const name = raw.normalize('NFKC').trim();
  if (name === '') {
    return { ok: false, problem: 'blank', message: '名称不能为空', messageEn: 'must not be blank' };
  }
  if (CONTROL.test(name)) {
    return {
      ok: false,
      problem: 'control',
      message: '名称不能包含控制字符或换行',
      messageEn: 'must not contain control characters or line breaks',
    };
  }
  if (BIDIRECTIONAL_CONTROL.test(name)) {
    return {
      ok: false,
      problem: 'bidirectional_control',
      message: '名称不能包含改变文字方向的控制字符',
      messageEn: 'must not contain bidirectional control characters: U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C',
    };
  }
  if (INVISIBLE.test(name)) {
    return {
      ok: false,
      problem: 'invisible',
      message: '名称须包含可见的文字',
      messageEn: 'must contain visible characters, not only spaces, format characters or combining marks',
    };
  }
  if ([...name].length > maxLength) {
    return {
      ok: false,
      problem: 'too_long',
      message: `名称不能超过 ${maxLength} 个字符`,
      messageEn: `must be at most ${maxLength} characters once normalised`,
    };
  }
  return { ok: true, name };
}
