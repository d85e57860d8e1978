/**
 * 活动成效: the campaign report (GET …/campaigns/{id}/report) at a glance: totals (claimed, redeemed,
 * redemption rate, voucher money, sales, 毛撬动比 with the report's own note on what "gross" means), and the
 * voucher money against the sales it came with by round, category and merchant (ECharts bars, in yuan).
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Statistic } from 'antd';
import { Chart } from '../../lib/charts/Chart';
import { barOption } from '../../lib/charts/barOption';
import { formatFen, yuanPlain } from '../../lib/money';
import { Loaded } from '../../lib/ui/Loaded';
import { voucherQueries, type CampaignReport, type ReportFigures, type RoundView } from './api';
import { categoryLabel, useVouchersI18n, type VouchersI18n } from './messages';

const VOUCHER_COLOUR = '#1677ff';
const SALES_COLOUR = '#52c41a';

/** A redemption rate in basis points as a percentage: 2500 → "25.00%". */
function rateText(bp: number | null): string {
  if (bp === null) return '—';
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

function FiguresChart({
  title,
  rows,
  label,
  testId,
  t,
}: {
  title: string;
  rows: readonly ReportFigures[];
  label: (key: string) => string;
  testId: string;
  t: VouchersI18n['t'];
}) {
  const categories = rows.map((r) => `${label(r.key)}\n${t('vo.campaign.leverage')} ${r.grossLeverage ?? '—'}`);
  return (
    <Card size="small" title={title} data-testid={testId}>
      {rows.length === 0 ? (
        <Alert type="info" title={t('vo.campaign.noRedemptions')} />
      ) : (
        <Chart
          ariaLabel={title}
          height={Math.max(220, rows.length * 56)}
          option={barOption({
            horizontal: true,
            categories,
            series: [
              {
                name: t('vo.campaign.voucherMoney'),
                data: rows.map((r) => Number(yuanPlain(r.voucherFen))),
                color: VOUCHER_COLOUR,
              },
              {
                name: t('vo.campaign.sales'),
                data: rows.map((r) => Number(yuanPlain(r.salesFen))),
                color: SALES_COLOUR,
              },
            ],
          })}
        />
      )}
    </Card>
  );
}

/** The whole report (asked for without `part`): every group present. */
function complete(report: CampaignReport) {
  const empty: ReportFigures[] = [];
  return {
    ...report,
    total: report.total ?? EMPTY_TOTAL,
    byRound: report.byRound ?? empty,
    byCategory: report.byCategory ?? empty,
    byMerchant: report.byMerchant ?? empty,
  };
}

const EMPTY_TOTAL: ReportFigures = {
  key: 'total',
  issued: 0,
  issuedFen: 0,
  claimed: 0,
  claimedFen: 0,
  expired: 0,
  expiredFen: 0,
  rereleasedFen: 0,
  redemptionRateBp: null,
  redeemed: 0,
  voucherFen: 0,
  salesFen: 0,
  grossLeverageHundredths: null,
  grossLeverage: null,
  leverageKind: 'gross',
};

export function CampaignDashboard({ campaignId, rounds }: { campaignId: string; rounds: readonly RoundView[] }) {
  const { t, lang } = useVouchersI18n();
  const report = useQuery(voucherQueries.report(campaignId));
  const roundNumber = new Map(rounds.map((r, index) => [r.id, index + 1]));
  return (
    <Card title={t('vo.campaign.dashboard')} size="small" data-testid="voucher-dashboard">
      <Loaded query={report}>
        {(report) => {
          const r = complete(report);
          return (
            <>
              <Row gutter={[16, 16]}>
                <Col xs={12} md={8} xl={4}>
                  <Statistic title={t('vo.field.issued')} value={r.total.claimed ?? 0} />
                </Col>
                <Col xs={12} md={8} xl={4}>
                  <Statistic title={t('vo.field.redeemed')} value={r.total.redeemed} />
                </Col>
                <Col xs={12} md={8} xl={4}>
                  <Statistic title={t('vo.campaign.redemptionRate')} value={rateText(r.total.redemptionRateBp)} />
                </Col>
                <Col xs={12} md={8} xl={4}>
                  <div data-testid="dashboard-voucher-money">
                    <Statistic title={t('vo.campaign.voucherMoney')} value={formatFen(r.total.voucherFen, lang)} />
                  </div>
                </Col>
                <Col xs={12} md={8} xl={4}>
                  <div data-testid="dashboard-sales">
                    <Statistic title={t('vo.campaign.sales')} value={formatFen(r.total.salesFen, lang)} />
                  </div>
                </Col>
                <Col xs={12} md={8} xl={4}>
                  <div data-testid="dashboard-leverage">
                    <Statistic title={t('vo.campaign.leverage')} value={r.total.grossLeverage ?? '—'} />
                  </div>
                </Col>
              </Row>
              <Alert
                type="warning"
                showIcon
                style={{ margin: '12px 0' }}
                data-testid="dashboard-leverage-note"
                title={lang === 'en' ? r.note.en : r.note.zh}
                description={r.rounding}
              />
              <Row gutter={[16, 16]}>
                <Col xs={24} xl={8}>
                  <FiguresChart
                    t={t}
                    testId="chart-by-round"
                    title={t('vo.campaign.byRound')}
                    // in the order of the rounds (barOption draws the first category on top)
                    rows={[...r.byRound].sort((a, b) => (roundNumber.get(a.key) ?? 0) - (roundNumber.get(b.key) ?? 0))}
                    label={(key) => t('vo.campaign.roundN', { n: roundNumber.get(key) ?? '?' })}
                  />
                </Col>
                <Col xs={24} xl={8}>
                  <FiguresChart
                    t={t}
                    testId="chart-by-category"
                    title={t('vo.campaign.byCategory')}
                    rows={r.byCategory}
                    label={(key) => categoryLabel(t, key)}
                  />
                </Col>
                <Col xs={24} xl={8}>
                  <FiguresChart
                    t={t}
                    testId="chart-by-merchant"
                    title={t('vo.campaign.byMerchant')}
                    rows={r.byMerchant}
                    label={(key) => r.merchantNames?.[key] ?? key}
                  />
                </Col>
              </Row>
            </>
          );
        }}
      </Loaded>
    </Card>
  );
}
