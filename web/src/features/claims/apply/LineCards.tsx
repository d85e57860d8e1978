/** The lines a caller may apply for, as cards: the label, what it needs, the evidence and the review stages. */
import { Card, Col, Flex, Row, Tag, Typography } from 'antd';
import type { ClaimLine, ClaimSettings } from '../../../../../src/contract/claims';
import { evidenceLabel } from '../labels';
import { useClaimsI18n } from '../messages';

export function LineCards({ lines, onChoose }: { lines: ClaimSettings['lines']; onChoose: (line: ClaimLine) => void }) {
  const { t, pick } = useClaimsI18n();
  return (
    <Row gutter={[12, 12]} data-testid="claim-lines">
      {lines.map((l) => (
        <Col key={l.line} xs={24} sm={12}>
          <Card
            hoverable
            role="button"
            tabIndex={0}
            onClick={() => onChoose(l.line)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') onChoose(l.line);
            }}
            data-testid={`claim-line-${l.line}`}
            title={pick(l.label, l.labelEn)}
            style={{ height: '100%' }}
          >
            <Flex vertical gap={8}>
              <Typography.Text>{t(`cl.line.${l.line}.needs`)}</Typography.Text>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('cl.apply.evidenceNeeded')}
                </Typography.Text>
                <Flex gap={4} wrap style={{ marginTop: 4 }}>
                  {l.requiredEvidence.map((kind) => (
                    <Tag key={kind}>{evidenceLabel(t, kind)}</Tag>
                  ))}
                </Flex>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {l.stages
                  .map((s) => t('cl.apply.stageDays', { stage: pick(s.label, s.labelEn), days: s.deadlineWorkingDays }))
                  .join(' → ')}
              </Typography.Text>
            </Flex>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
