/**
 * A claim's evidence beside its facts: the files by kind, and the one chosen shown inline (images in
 * <img>, PDFs in an <iframe>), with a link to open it in a new tab. The evidence route allows framing by
 * huimin's own pages (frame-ancestors 'self'); the pages' CSP has object-src 'none', so a PDF goes in
 * an <iframe> (frame-src falls back to default-src 'self'), never an <object> or <embed>.
 */
import { Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { ExportOutlined, FileImageOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useState } from 'react';
import type { ClaimView, EvidenceFileView } from '../../../../src/contract/claims';
import { formatMoment } from '../../lib/datetime';
import { claimsApi } from './api';
import { evidenceLabel } from './labels';
import { useClaimsI18n } from './messages';

function Preview({ claimId, file }: { claimId: string; file: EvidenceFileView }) {
  const { t } = useClaimsI18n();
  const url = claimsApi.evidenceUrl(claimId, file.id);
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text strong ellipsis style={{ maxWidth: '70%' }}>
          {file.fileName}
        </Typography.Text>
        <a href={url} target="_blank" rel="noreferrer" data-testid="evidence-open">
          <ExportOutlined /> {t('cl.ev.newTab')}
        </a>
      </Flex>
      {file.mediaType.startsWith('image/') ? (
        <img
          src={url}
          alt={file.fileName}
          data-testid="evidence-image"
          style={{
            alignSelf: 'center',
            maxWidth: '100%',
            maxHeight: '75vh',
            objectFit: 'contain',
            border: '1px solid #f0f0f0',
          }}
        />
      ) : (
        <iframe
          src={url}
          title={file.fileName}
          data-testid="evidence-pdf"
          style={{ width: '100%', height: '75vh', border: '1px solid #f0f0f0' }}
        />
      )}
    </Flex>
  );
}

export function EvidenceViewer({ claim }: { claim: ClaimView }) {
  const { t } = useClaimsI18n();
  const [chosen, setChosen] = useState<string | null>(null);
  const current = claim.evidence.find((e) => e.id === chosen) ?? claim.evidence[0];
  return (
    <Card size="small" title={t('cl.ev.viewer')} data-testid="evidence-viewer">
      {claim.evidence.length === 0 ? (
        <Empty description={t('cl.ev.none')} />
      ) : (
        <Flex vertical gap={12}>
          <Flex gap={6} wrap data-testid="evidence-list">
            {claim.evidence.map((file) => (
              <Button
                key={file.id}
                size="small"
                type={current?.id === file.id ? 'primary' : 'default'}
                icon={file.mediaType === 'application/pdf' ? <FilePdfOutlined /> : <FileImageOutlined />}
                onClick={() => setChosen(file.id)}
                title={`${file.fileName} · ${formatMoment(file.uploadedAt)}`}
                data-testid={`evidence-item-${file.kind}`}
              >
                {evidenceLabel(t, file.kind)}
              </Button>
            ))}
          </Flex>
          {claim.requiredEvidence
            .filter((kind) => !claim.evidence.some((e) => e.kind === kind))
            .map((kind) => (
              <Tag key={kind} color="orange">
                {evidenceLabel(t, kind)} · {t('cl.ev.missing')}
              </Tag>
            ))}
          {current && <Preview key={current.id} claimId={claim.id} file={current} />}
        </Flex>
      )}
    </Card>
  );
}
