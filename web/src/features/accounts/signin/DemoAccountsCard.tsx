import { Button, Card, Collapse, List, Tag, Typography } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demoAccounts';
import { roleColors } from '../RoleTags';
import { useAccountsI18n } from '../messages';

/** The demo logins, one per role, each with a button that fills the sign-in form. */
export function DemoAccountsCard({ onFill }: { onFill: (login: string, password: string) => void }) {
  const { t, lang } = useAccountsI18n();
  return (
    <Card variant="borderless" size="small" data-testid="demo-accounts">
      <Collapse
        ghost
        defaultActiveKey={['demo']}
        items={[
          {
            key: 'demo',
            label: (
              <>
                <ExperimentOutlined /> {t('auth.demoTitle')}{' '}
                <Tag color="orange" style={{ marginInlineStart: 8 }}>
                  {t('auth.demoEnv')}
                </Tag>
              </>
            ),
            children: (
              <>
                <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                  {t('auth.demoNote', { password: DEMO_PASSWORD })}
                </Typography.Paragraph>
                <List
                  size="small"
                  dataSource={[...DEMO_ACCOUNTS]}
                  renderItem={(demo) => (
                    <List.Item
                      extra={
                        <Button
                          size="small"
                          onClick={() => onFill(demo.login, DEMO_PASSWORD)}
                          data-testid={`demo-fill-${demo.role}`}
                        >
                          {t('auth.demoFill')}
                        </Button>
                      }
                    >
                      <List.Item.Meta
                        title={
                          <>
                            <Tag color={roleColors[demo.role]}>{t(`role.${demo.role}`)}</Tag>
                            {demo.organisation && (
                              <Typography.Text type="secondary">
                                {lang === 'en' ? demo.organisation.en : demo.organisation.zh}
                              </Typography.Text>
                            )}
                          </>
                        }
                        description={<span className="demo-login">{demo.login}</span>}
                      />
                    </List.Item>
                  )}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
