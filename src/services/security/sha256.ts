import { createHash } from 'node:crypto';
import type { Sha256 } from '../../domain/audit/index.js';

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text` (what the audit chain's domain code expects). */
export const sha256Hex: Sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
