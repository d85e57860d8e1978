import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import type { PlanOverview } from '../../../../../src/contract/plan';
import { usePlanI18n } from '../messages';
import { shortHash } from '../format';

export function HeroCard({ overview }: { overview: PlanOverview }) {
  const { t, pick, lang } = usePlanI18n();
  const { metadata, version } = overview;
  return (
    <Card variant="borderless" className="hero">
      <Flex vertical gap={12}>
        <Flex align="center" gap={10} wrap>
          <Typography.Title level={2} className="hero-title">
            {pick(metadata.title, metadata.titleEn)}
          </Typography.Title>
          <Tag color="gold">
            {metadata.status === 'draft'
              ? pick(metadata.statusLabel, t('status.draft'))
              : t(`status.${metadata.status}`)}
          </Tag>
        </Flex>
        {lang === 'en' && <Typography.Text type="secondary">{metadata.title}</Typography.Text>}
        <Typography.Paragraph
          type="secondary"
          ellipsis={{ rows: 2, expandable: true }}
          style={{ margin: 0, maxWidth: 1100 }}
        >
          {metadata.preamble}
        </Typography.Paragraph>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 4 }}
          items={[
            { key: 'issuer', label: t('overview.issuer'), children: pick(metadata.issuer, metadata.issuerEn) },
            {
              key: 'period',
              label: t('overview.period'),
              children: `${metadata.effectiveFrom} — ${metadata.effectiveTo}`,
            },
            { key: 'region', label: t('overview.region'), children: metadata.regionCode },
            {
              key: 'version',
              label: t('shell.version'),
              children: <Typography.Text code>{shortHash(version.contentHash)}</Typography.Text>,
            },
          ]}
        />
      </Flex>
    </Card>
  );
}
