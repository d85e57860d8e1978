/**
 * Evidence files of progress reports, kept by the shared content store (services/files/content-store.ts:
 * PDF, JPEG or PNG by their first bytes, at most 10 MiB, once by SHA-256) under
 * `<dataDir>/supervision-evidence`, each described once in the supervision tables and audited.
 */
import type { EvidenceView } from '../../contract/supervision.js';
import type { SupervisionRepository } from '../../db/supervision-repository.js';
import { AppError } from '../../shared/errors.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditContextOf, principalOf, type RequestContext } from '../context.js';
import { ContentStore, displayName } from '../files/content-store.js';
import { writeOnce, type WriteStore } from '../idempotent-write.js';

export interface EvidenceFilesOptions {
  readonly store: WriteStore;
  readonly repository: SupervisionRepository;
  readonly audit: AuditLog;
  readonly folder: string;
  readonly now: () => Date;
}

export class EvidenceFiles {
  private readonly files: ContentStore;

  constructor(private readonly options: EvidenceFilesOptions) {
    this.files = new ContentStore(options.folder);
  }

  async upload(context: RequestContext, fileName: string, content: Buffer): Promise<EvidenceView> {
    principalOf(context);
    const { sha256, mediaType } = await this.files.put(content);
    const name = displayName(fileName);
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
    const content = await this.files.get(sha256);
    return {
      view: { sha256, mediaType: row.media_type, sizeBytes: Number(row.size_bytes), fileName: row.file_name },
      content,
    };
  }
}
