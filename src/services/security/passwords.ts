/**
 * Passwords: argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane), and a strength check
 * in NIST SP 800-63B's spirit: length, not a known-common password, not the login itself.
 */
import { hash, verify } from '@node-rs/argon2';

/** `algorithm: 2` is Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/**
 * Verifies against a throw-away hash: unknown logins cost the same time as wrong passwords, so the
 * answer's timing does not tell which accounts exist.
 */
export async function spendVerificationTime(password: string): Promise<void> {
  dummy ??= hashPassword('huimin timing equaliser');
  await verifyPassword(await dummy, password);
}

/** Passwords seen most often in breaches (and the obvious local ones); refused whatever their length. */
const COMMON = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  '1111111111',
  '0000000000',
  '1234512345',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'qwerty123456',
  'password123',
  'password1234',
  'passw0rd123',
  'iloveyou123',
  'abc1234567',
  'abcd123456',
  'a123456789',
  'woaini1314',
  'woaini520',
  '5201314520',
  'huimin123456',
  'sanmenxia123',
  'admin123456',
]);

/** Why `password` is refused for `login`, or null when it is acceptable. */
export function passwordProblem(password: string, login: string | null): { message: string } | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return { message: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符 (at least ${PASSWORD_MIN_LENGTH} characters)` };
  if (length > PASSWORD_MAX_LENGTH)
    return { message: `密码最多 ${PASSWORD_MAX_LENGTH} 个字符 (at most ${PASSWORD_MAX_LENGTH} characters)` };
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1+$/.test(password)) {
    return { message: '密码过于常见，请换一个 (this password is too common)' };
  }
  if (login !== null && login.length >= 3 && lower.includes(login.toLowerCase())) {
    return { message: '密码不能包含登录名 (the password must not contain the login)' };
  }
  return null;
}
