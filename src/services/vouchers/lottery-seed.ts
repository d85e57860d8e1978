/** A lottery round's seed, drawn when the round is created (voucher-lottery.ts tells the whole procedure). */
import { randomBytes } from 'node:crypto';
import { commitmentOf } from '../../domain/vouchers/lottery.js';
import type { PersonalDataCipher } from '../security/personal-data-cipher.js';
import { sha256Hex } from '../security/sha256.js';

/** 256 random bits: its commitment sha256(seed) is published, the seed kept sealed with the data key until the draw. */
export function newLotterySeed(cipher: PersonalDataCipher): { commitment: string; sealed: string } {
  const seed = randomBytes(32).toString('hex');
  return { commitment: commitmentOf(seed, sha256Hex), sealed: cipher.encrypt(seed) };
}
