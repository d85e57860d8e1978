import type { ReactNode } from 'react';
import { Card, Col, Row, Typography } from 'antd';
import { headlineAmount, shareText } from '../../lib/money';
import type { PoolTotals } from './pools';
import { useBudgetText } from './useBudget';

function Figure({
  testId,
  title,
  fen,
  note,
  accent,
}: {
  testId: string;
  title: string;
  fen: number;
  note: ReactNode;
  accent: string;
}) {
  const { lang } = useBudgetText();
  const amount = headlineAmount(fen, lang);
  return (
    <Col xs={24} sm={12} xl={6}>
      <Card
        variant="borderless"
        size="small"
        style={{ height: '100%', borderTop: `3px solid ${accent}` }}
        data-testid={testId}
      >
        <Typography.Text type="secondary">{title}</Typography.Text>
        <div style={{ fontSize: 24, fontWeight: 600, lineHeight: 1.4, fontVariantNumeric: 'tabular-nums' }}>
          <span data-testid={`${testId}-main`}>{amount.main}</span>
        </div>
        {amount.exact && (
          <Typography.Text style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={`${testId}-exact`}>
            {amount.exact}
          </Typography.Text>
        )}
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {note}
          </Typography.Text>
        </div>
      </Card>
    </Col>
  );
}

/** 拨付总额, 可用余额, 已冻结, 已支出 across the pools shown, with their shares of the total. */
export function SummaryCards({ totals }: { totals: PoolTotals }) {
  const { bt, lang } = useBudgetText();
  const withdrawn = headlineAmount(totals.withdrawnFen, lang);
  return (
    <Row gutter={[16, 16]} data-testid="budget-summary">
      <Figure
        testId="summary-funded"
        title={bt('budget.summary.funded')}
        fen={totals.fundedFen}
        accent="#1d5fa6"
        note={
          totals.withdrawnFen > 0
            ? `${bt('budget.summary.pools', { n: totals.count })} · ${bt('budget.summary.withdrawn', {
                amount: withdrawn.exact ?? withdrawn.main,
              })}`
            : bt('budget.summary.pools', { n: totals.count })
        }
      />
      <Figure
        testId="summary-available"
        title={bt('budget.summary.available')}
        fen={totals.availableFen}
        accent="#2f7d4f"
        note={bt('budget.summary.shareAvailable', { share: shareText(totals.availableFen, totals.totalFen) })}
      />
      <Figure
        testId="summary-held"
        title={bt('budget.summary.held')}
        fen={totals.heldFen}
        accent="#e8b04b"
        note={bt('budget.summary.shareHeld', { share: shareText(totals.heldFen, totals.totalFen) })}
      />
      <Figure
        testId="summary-spent"
        title={bt('budget.summary.spent')}
        fen={totals.spentFen}
        accent="#a61d24"
        note={
          <span data-testid="summary-share-spent">
            {bt('budget.summary.shareSpent', { share: shareText(totals.spentFen, totals.totalFen) })}
          </span>
        }
      />
    </Row>
  );
}
