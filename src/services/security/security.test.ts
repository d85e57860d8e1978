import { describe, expect, it } from 'vitest';
import { PersonalDataCipher } from './personal-data-cipher.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';

const keys = (active: string) => ({
  encryptionKeys: new Map([
    ['k1', Buffer.alloc(32, 1)],
    ['k2', Buffer.alloc(32, 2)],
  ]),
  activeKeyId: active,
  lookupKey: Buffer.alloc(32, 9),
});

describe('PersonalDataCipher', () => {
  it('round-trips values under the active key, with a fresh nonce each time', () => {
    const cipher = new PersonalDataCipher(keys('k1'));
    const a = cipher.encrypt('11010519491231002X');
    const b = cipher.encrypt('11010519491231002X');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.k1.')).toBe(true);
    expect(cipher.decrypt(a)).toBe('11010519491231002X');
    expect(cipher.keyIdOf(a)).toBe('k1');
  });

  it('decrypts values under an older key after the active key changes', () => {
    const old = new PersonalDataCipher(keys('k1')).encrypt('13800000001');
    const current = new PersonalDataCipher(keys('k2'));
    expect(current.decrypt(old)).toBe('13800000001');
    expect(current.encrypt('x').startsWith('v1.k2.')).toBe(true);
  });

  it('refuses a changed ciphertext, a value relabelled to another key, and an unknown key', () => {
    const cipher = new PersonalDataCipher(keys('k1'));
    const stored = cipher.encrypt('6222020000000000001');
    const [version, , nonce, body] = stored.split('.');
    // Change the first character (its 6 bits are all data, unlike the last one's padding bits) to another.
    const flipped = `${body?.startsWith('A') ? 'B' : 'A'}${body?.slice(1) ?? ''}`;
    expect(() => cipher.decrypt([version, 'k1', nonce, flipped].join('.'))).toThrow();
    expect(() => cipher.decrypt([version, 'k2', nonce, body].join('.'))).toThrow();
    expect(() => cipher.decrypt([version, 'k7', nonce, body].join('.'))).toThrow(/k7/);
    expect(() => cipher.decrypt('not a ciphertext')).toThrow(/v1/);
  });

  it('looks values up by a keyed hash that separates kinds and keys', () => {
    const cipher = new PersonalDataCipher(keys('k1'));
    expect(cipher.lookup('mobile', '13800000001')).toBe(cipher.lookup('mobile', '13800000001'));
    expect(cipher.lookup('mobile', '13800000001')).not.toBe(cipher.lookup('id_number', '13800000001'));
    const otherKey = new PersonalDataCipher({ ...keys('k1'), lookupKey: Buffer.alloc(32, 8) });
    expect(otherKey.lookup('mobile', '13800000001')).not.toBe(cipher.lookup('mobile', '13800000001'));
    expect(cipher.lookup('mobile', '13800000001')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('refuses short, long, common and login-containing passwords', () => {
    expect(passwordProblem('short', null)?.message).toMatch(/10/);
    expect(passwordProblem('x'.repeat(129), null)?.message).toMatch(/128/);
    expect(passwordProblem('1234567890', null)?.message).toMatch(/common/);
    expect(passwordProblem('aaaaaaaaaaaa', null)?.message).toMatch(/common/);
    expect(passwordProblem('my-wang.officer-pass', 'wang.officer')?.message).toMatch(/login/);
    expect(passwordProblem('a fine password', 'wang.officer')).toBeNull();
    expect(passwordProblem('长密码也可以用中文写成', null)).toBeNull();
  });
});
