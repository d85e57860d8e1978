/**
 * Uploaded files kept by their content (shared by supervision's evidence and claims' evidence): PDF,
 * JPEG or PNG, judged by their first bytes (never the name or the declared type), at most 10 MiB,
 * stored once by their SHA-256 under a folder of the data directory
 * (`<folder>/<first two hex>/<sha256>`, mode 600), so the same file uploaded twice is kept once, a
 * name can never reach the file system, and a stored file can always be checked against its name.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

const SIGNATURES: readonly { readonly mediaType: string; readonly bytes: readonly number[] }[] = [
  { mediaType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The media type the content's first bytes show, or null when it is none of those allowed. */
export function sniffMediaType(content: Uint8Array): string | null {
  const match = SIGNATURES.find((signature) => signature.bytes.every((byte, index) => content[index] === byte));
  return match?.mediaType ?? null;
}

/** A file name as shown (never used as a path): controls and separators replaced, at most 200 characters. */
export function displayName(fileName: string): string {
  return (
    fileName
      .normalize('NFKC')
      .replace(/[\p{Cc}\p{Cf}/\\]/gu, '_')
      .replace(/^\.+/, '_')
      .slice(0, 200) || 'evidence'
  );
}

export interface StoredContent {
  readonly sha256: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
}

export class ContentStore {
  constructor(private readonly folder: string) {}

  private fileOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('EVIDENCE_NOT_FOUND', 'no such file', 'sha256');
    return path.join(this.folder, sha256.slice(0, 2), sha256);
  }

  /** Checks and keeps a file; EVIDENCE_TOO_LARGE or EVIDENCE_TYPE_NOT_ALLOWED (nothing kept) otherwise. */
  async put(content: Buffer): Promise<StoredContent> {
    if (content.length > MAX_EVIDENCE_BYTES) {
      throw new AppError(
        'EVIDENCE_TOO_LARGE',
        `the file has ${content.length} bytes; at most ${MAX_EVIDENCE_BYTES}`,
        'file',
      );
    }
    const mediaType = sniffMediaType(content);
    if (mediaType === null) {
      throw new AppError(
        'EVIDENCE_TYPE_NOT_ALLOWED',
        'the file is not a PDF, JPEG or PNG (by its first bytes)',
        'file',
      );
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    const target = this.fileOf(sha256);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${randomUUID()}.part`;
    await writeFile(temporary, content, { mode: 0o600 });
    await rename(temporary, target);
    return { sha256, mediaType, sizeBytes: content.length };
  }

  /** The stored bytes, checked against their hash. */
  async get(sha256: string): Promise<Buffer> {
    const content = await readFile(this.fileOf(sha256)).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'ENOENT') {
        throw new AppError('EVIDENCE_NOT_FOUND', `the stored file ${sha256} is missing`, 'sha256');
      }
      throw error;
    });
    if (createHash('sha256').update(content).digest('hex') !== sha256) {
      throw new Error(`stored file ${sha256} no longer matches its hash`);
    }
    return content;
  }
}
