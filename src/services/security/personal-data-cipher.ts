/**
 * Personal data at rest (docs/access.md): AES-256-GCM with a fresh 96-bit nonce per value and the key
 * id stored with the ciphertext, so keys can rotate (`huimin keys rotate`); and an HMAC-SHA-256 of the
 * normalised value for uniqueness and look-up without decrypting. The HMAC input names the kind of
 * value, so an ID number's lookup can never equal a mobile number's.
 *
 * Stored form: `v1.<keyId>.<nonce>.<ciphertext ‖ 16-byte tag>`, the last two in base64url. The key id
 * and version are bound to the ciphertext as additional authenticated data: moving a value to another
 * key id, or editing either, makes decryption fail instead of returning garbage.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { PersonalDataKeys } from '../../config.js';

export type PersonalDataKind =
  'id_number' | 'mobile' | 'bank_account' | 'one_time_code' | 'rate_limit' | 'qualification_code' | 'vin' | 'dwelling';

const VERSION = 'v1';

export class PersonalDataCipher {
  constructor(private readonly keys: PersonalDataKeys) {}

  get activeKeyId(): string {
    return this.keys.activeKeyId;
  }

  encrypt(plaintext: string): string {
    const key = this.#key(this.keys.activeKeyId);
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(`${VERSION}.${this.keys.activeKeyId}`, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, this.keys.activeKeyId, nonce.toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(stored: string): string {
    const [version, keyId, nonceText, bodyText] = stored.split('.');
    if (version !== VERSION || keyId === undefined || nonceText === undefined || bodyText === undefined) {
      throw new Error('personal data: not a v1 ciphertext');
    }
    const body = Buffer.from(bodyText, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.#key(keyId), Buffer.from(nonceText, 'base64url'));
    decipher.setAAD(Buffer.from(`${version}.${keyId}`, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  }

  /** The key id a stored value was encrypted with. */
  keyIdOf(stored: string): string {
    return stored.split('.')[1] ?? '';
  }

  /** Hex HMAC-SHA-256 of `<kind>:<normalised value>`. */
  lookup(kind: PersonalDataKind, normalised: string): string {
    return createHmac('sha256', this.keys.lookupKey).update(`${kind}:${normalised}`, 'utf8').digest('hex');
  }

  #key(keyId: string): Buffer {
    const key = this.keys.encryptionKeys.get(keyId);
    if (key === undefined) throw new Error(`personal data: key "${keyId}" is not configured`);
    return key;
  }
}
