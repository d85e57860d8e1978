/**
 * Evidence files of progress reports: PDF, JPEG or PNG, judged by their first bytes (never the name or
 * the declared type), at most 10 MiB, stored once by their SHA-256 under the data folder
 * (`<dataDir>/supervision-evidence/<first two hex>/<sha256>`), so the same file uploaded twice is kept
 * once and a stored file can always be checked against its name.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EvidenceView } from '../../contract/supervision.js';
import type { SupervisionRepository } from '../../db/supervision-repository.js';
import { AppError } from '../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';

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

export interface EvidenceFilesOptions {
  readonly store: WriteStore;
  readonly repository: SupervisionRepository;
  readonly audit: AuditLog;
  readonly folder: string;
  readonly now: () => Date;
}

export class EvidenceFiles {
  constructor(private readonly options: EvidenceFilesOptions) {}

  private fileOf(sha256: string): string {
    return path.join(this.options.folder, sha256.slice(0, 2), sha256);
  }

  async upload(context: RequestContext, fileName: string, content: Buffer): Promise<EvidenceView> {
    principalOf(context);
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
    const name =
      fileName
        .normalize('NFKC')
        .replace(/[\p{Cc}\p{Cf}/\\]/gu, '_')
        .slice(0, 200) || 'evidence';
    return writeOnce(this.options.store, context.idempotency, async (trx) => {
      const created = await this.options.repository.insertEvidence(trx, {
        sha256,
        media_type: mediaType,
        size_bytes: content.length,
        file_name: name,
        uploaded_by: context.actor.id,
        uploaded_at: this.options.now().toISOString(),
      });
      await this.options.audit.append(trx, auditContextOf(context), {
        action: 'supervision.evidence_upload',
        subject: `evidence:${sha256}`,
        after: { mediaType, sizeBytes: content.length, fileName: name, stored: created ? 'new' : 'already kept' },
      });
      const [row] = await this.options.repository.findEvidence([sha256], trx);
      return {
        sha256,
        mediaType: row?.media_type ?? mediaType,
        sizeBytes: Number(row?.size_bytes ?? content.length),
        fileName: row?.file_name ?? name,
      };
    });
  }

  /** A stored file and its description; EVIDENCE_NOT_FOUND when unknown. */
  async read(sha256: string): Promise<{ view: EvidenceView; content: Buffer }> {
    const [row] = await this.options.repository.findEvidence([sha256]);
    if (row === undefined) throw new AppError('EVIDENCE_NOT_FOUND', `no evidence file ${sha256}`, 'sha256');
    const content = await readFile(this.fileOf(sha256));
    if (createHash('sha256').update(content).digest('hex') !== sha256) {
      throw new Error(`evidence file ${sha256} no longer matches its hash`);
    }
    return {
      view: { sha256, mediaType: row.media_type, sizeBytes: Number(row.size_bytes), fileName: row.file_name },
      content,
    };
  }
}
