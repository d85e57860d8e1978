/**
 * Evidence uploads (supervision's and claims'): the multipart parser registered in the upload route's
 * own scope only, and the one file read from the body with the refusals in words: not multipart (415),
 * larger than the limit (413), cut off or without a boundary (400), no file (400).
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MAX_EVIDENCE_BYTES } from '../../services/files/content-store.js';
import { AppError } from '../../shared/errors.js';

/** Registers the parser in `scope`: one file part, no fields, at most MAX_EVIDENCE_BYTES. */
export async function registerUploads(scope: FastifyInstance): Promise<void> {
  await scope.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 0, parts: 1 } });
}

function unreadable(error: unknown): never {
  if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
    throw new AppError('EVIDENCE_TOO_LARGE', `an evidence file has at most ${MAX_EVIDENCE_BYTES} bytes`, 'file');
  }
  if (error instanceof AppError) throw error;
  throw new AppError('VALIDATION_FAILED', 'the upload is not a well-formed multipart body with one file', 'file');
}

/** The upload's one file: its name as sent (only ever shown) and its bytes. */
export async function readUpload(request: FastifyRequest): Promise<{ fileName: string; content: Buffer }> {
  if (!request.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data, field `file`', 'file');
  }
  const file = await request.file().catch(unreadable);
  if (file === undefined) throw new AppError('VALIDATION_FAILED', 'no file in the upload', 'file');
  return { fileName: file.filename, content: await file.toBuffer().catch(unreadable) };
}
