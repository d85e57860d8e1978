/**
 * One upload slot per evidence kind the claim's line requires (PDF, JPEG or PNG, at most 10 MiB), with
 * the files already uploaded; each upload has its own Idempotency-Key (a retry of the same file reuses it).
 */
import { App, Button, Card, Divider, Flex, Tag, Typography, Upload } from 'antd';
import { CheckCircleTwoTone, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ClaimView, EvidenceKind } from '../../../../src/contract/claims';
import { claimsApi, refreshClaims } from './api';
import { uploadSignature, useAttemptKeys } from './keys';
import { evidenceLabel } from './labels';
import { useClaimsI18n } from './messages';
import { ClaimError } from './ui';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const EXTENSIONS = /\.(pdf|jpe?g|png)$/i;

/** Whether a chosen file may be sent: its size and its type (the server checks its first bytes). */
export function fileProblem(file: Pick<File, 'size' | 'type' | 'name'>): 'tooBig' | 'badType' | null {
  if (file.size > MAX_EVIDENCE_BYTES) return 'tooBig';
  if (!TYPES.includes(file.type) && !EXTENSIONS.test(file.name)) return 'badType';
  return null;
}

/** The kinds still missing before the claim can be submitted. */
export function missingKinds(claim: Pick<ClaimView, 'requiredEvidence' | 'evidence'>): EvidenceKind[] {
  const present = new Set(claim.evidence.map((e) => e.kind));
  return claim.requiredEvidence.filter((kind) => !present.has(kind));
}

export function EvidenceUploads({ claim }: { claim: ClaimView }) {
  const { t } = useClaimsI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const keys = useAttemptKeys();
  const [busy, setBusy] = useState<Partial<Record<EvidenceKind, number>>>({});
  const [error, setError] = useState<unknown>(null);

  const upload = async (kind: EvidenceKind, file: File) => {
    const signature = uploadSignature(kind, file);
    setBusy((b) => ({ ...b, [kind]: (b[kind] ?? 0) + 1 }));
    setError(null);
    try {
      const view = await claimsApi.uploadEvidence(claim.id, kind, file, keys.keyFor(signature));
      keys.done(signature);
      void message.success(t('cl.ev.uploaded', { name: view.fileName }));
      refreshClaims(client);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy((b) => ({ ...b, [kind]: Math.max(0, (b[kind] ?? 1) - 1) }));
    }
  };

  return (
    <Card size="small" title={t('cl.ev.title')} data-testid="claim-evidence-uploads">
      <Typography.Paragraph type="secondary">{t('cl.ev.hint')}</Typography.Paragraph>
      {error ? <ClaimError error={error} testId="evidence-error" /> : null}
      {claim.requiredEvidence.map((kind, index) => {
        const files = claim.evidence.filter((e) => e.kind === kind);
        return (
          <div key={kind}>
            {index > 0 && <Divider style={{ margin: '10px 0' }} />}
            <div data-testid={`evidence-upload-${kind}`} data-count={files.length}>
              <Flex vertical gap={6} style={{ width: '100%' }}>
                <Flex justify="space-between" align="center" gap={8} wrap>
                  <span>
                    {files.length > 0 ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : null}{' '}
                    <Typography.Text strong>{evidenceLabel(t, kind)}</Typography.Text>{' '}
                    {files.length > 0 ? (
                      <Tag color="green">{t('cl.ev.count', { n: files.length })}</Tag>
                    ) : (
                      <Tag color="orange">{t('cl.ev.missing')}</Tag>
                    )}
                  </span>
                  <Upload
                    accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                    multiple
                    showUploadList={false}
                    beforeUpload={(file) => {
                      const problem = fileProblem(file);
                      if (problem === null) return true;
                      void message.error(
                        t(problem === 'tooBig' ? 'cl.ev.tooBig' : 'cl.ev.badType', { name: file.name }),
                      );
                      return Upload.LIST_IGNORE;
                    }}
                    customRequest={({ file, onSuccess }) => {
                      void upload(kind, file as File).then(() => onSuccess?.({}));
                    }}
                  >
                    <Button
                      icon={<UploadOutlined />}
                      loading={(busy[kind] ?? 0) > 0}
                      data-testid={`evidence-button-${kind}`}
                    >
                      {t('cl.ev.upload')}
                    </Button>
                  </Upload>
                </Flex>
                {files.map((f) => (
                  <a
                    key={f.id}
                    href={claimsApi.evidenceUrl(claim.id, f.id)}
                    target="_blank"
                    rel="noreferrer"
                    data-testid={`evidence-file-${kind}`}
                  >
                    <PaperClipOutlined /> {f.fileName}
                  </a>
                ))}
              </Flex>
            </div>
          </div>
        );
      })}
    </Card>
  );
}
