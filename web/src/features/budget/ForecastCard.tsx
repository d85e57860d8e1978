import { Alert, Card, Flex, Segmented, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { describeForecast } from './forecastText';
import { useBudgetQueries, useBudgetText } from './useBudget';
import { ErrorAlert } from '../../lib/ui/ErrorAlert';

/** Windows the officer may average over, in complete days before today. */
export const FORECAST_WINDOWS = [7, 14, 30] as const;

/** 耗尽预测: when the pool runs dry at the pace of the last N complete days, in words. */
export function ForecastCard({
  poolId,
  windowDays,
  onWindowChange,
}: {
  poolId: string;
  windowDays: number;
  onWindowChange: (days: number) => void;
}) {
  const { bt } = useBudgetText();
  const queries = useBudgetQueries();
  const forecast = useQuery(queries.forecast(poolId, windowDays));
  const words = forecast.data ? describeForecast(forecast.data, bt) : undefined;

  return (
    <Card
      variant="borderless"
      title={bt('budget.detail.forecast')}
      style={{ height: '100%' }}
      extra={
        <Segmented<number>
          size="small"
          value={windowDays}
          onChange={onWindowChange}
          options={FORECAST_WINDOWS.map((n) => ({ value: n, label: bt('budget.detail.windowDays', { n }) }))}
          data-testid="forecast-window"
        />
      }
    >
      {forecast.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : forecast.isError ? (
        <ErrorAlert error={forecast.error} onRetry={() => void forecast.refetch()} />
      ) : words ? (
        <Flex vertical gap={8}>
          <Alert
            type={words.tone}
            showIcon
            title={<span data-testid="forecast-text">{words.headline}</span>}
            data-testid="forecast"
            data-status={forecast.data.status}
          />
          {words.window && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="forecast-window-text">
              {words.window}
            </Typography.Text>
          )}
        </Flex>
      ) : null}
    </Card>
  );
}
