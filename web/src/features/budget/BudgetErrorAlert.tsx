import { Alert, Typography } from 'antd';
import { budgetError } from './errors';
import { useBudgetText } from './useBudget';

/** A refused budget action: our sentence, the server's message, the field, the code and request id. */
export function BudgetErrorAlert({ error, testId = 'budget-error' }: { error: unknown; testId?: string }) {
  const { bt } = useBudgetText();
  const text = budgetError(error, bt);
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={<span data-testid={`${testId}-title`}>{text.title}</span>}
      description={
        <div data-testid={testId} data-code={text.code}>
          {text.message !== text.title && <div>{text.message}</div>}
          {(text.code || text.field || text.requestId) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {text.code && (
                <>
                  {bt('budget.error.code')}: <Typography.Text code>{text.code}</Typography.Text>
                </>
              )}
              {text.field && (
                <>
                  {' · '}
                  {bt('budget.error.field')}: <Typography.Text code>{text.field}</Typography.Text>
                </>
              )}
              {text.requestId && (
                <>
                  {' · '}
                  {bt('budget.error.requestId')}:{' '}
                  <Typography.Text copyable code>
                    {text.requestId}
                  </Typography.Text>
                </>
              )}
            </Typography.Text>
          )}
        </div>
      }
    />
  );
}
