/** The roles of an account as a list of rows: a role, and the organisation it is scoped to where it takes one. */
import { Button, Col, Form, Row, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { RoleGrant } from '../../../../../src/contract/accounts';
import { type Role, ROLES } from '../../../../../src/domain/access/permissions';
import { ROLE_SCOPES } from '../access';
import { useAccountsI18n } from '../messages';
import { useOrganisationOptions, type OrganisationOption } from './organisations';

/** A row of the roles list while it is filled in: a grant, each field still optional. */
export type RoleRowValue = Partial<RoleGrant>;

function RoleRow({
  name,
  index,
  roleOptions,
  organisations,
  onRemove,
}: {
  name: number;
  index: number;
  roleOptions: { value: Role; label: string }[];
  organisations: Record<'department' | 'unit' | 'merchant', OrganisationOption[]>;
  onRemove: () => void;
}) {
  const { t } = useAccountsI18n();
  const form = Form.useFormInstance();
  const role = Form.useWatch<Role | undefined>(['roles', name, 'role'], form);
  const scope = role ? ROLE_SCOPES[role] : null;
  const kindLabel = scope ? t(`orgKind.${scope.kind}`) : '';
  return (
    <Row gutter={8} align="top" wrap={false}>
      <Col flex="180px">
        <Form.Item name={[name, 'role']} rules={[{ required: true, message: t('common.required') }]}>
          <Select<Role>
            placeholder={t('accounts.role')}
            options={roleOptions}
            onChange={() => form.setFieldValue(['roles', name, 'organisationId'], undefined)}
            data-testid={`role-select-${index}`}
          />
        </Form.Item>
      </Col>
      <Col flex="auto" style={{ minWidth: 0 }}>
        {scope ? (
          <Form.Item
            name={[name, 'organisationId']}
            rules={
              scope.required
                ? [{ required: true, message: t('accounts.organisationRequired', { kind: kindLabel }) }]
                : []
            }
          >
            <Select<string>
              showSearch={{ optionFilterProp: 'label' }}
              allowClear={!scope.required}
              placeholder={
                scope.required
                  ? t('accounts.organisationRequired', { kind: kindLabel })
                  : t('accounts.organisationOptional', { kind: kindLabel })
              }
              options={organisations[scope.kind]}
              data-testid={`org-select-${index}`}
            />
          </Form.Item>
        ) : (
          <Typography.Text type="secondary" style={{ display: 'inline-block', paddingTop: 5 }}>
            {role ? t('accounts.noOrganisation') : ''}
          </Typography.Text>
        )}
      </Col>
      <Col flex="32px">
        <Button type="text" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('common.cancel')} />
      </Col>
    </Row>
  );
}

/** Form.List "roles" of RoleRowValue; citizen is offered only when the account already holds it. */
export function RolesEditor({ allowCitizen = false }: { allowCitizen?: boolean }) {
  const { t } = useAccountsI18n();
  const { options } = useOrganisationOptions();
  const roleOptions = ROLES.filter((role) => allowCitizen || role !== 'citizen').map((role) => ({
    value: role,
    label: t(`role.${role}`),
  }));
  return (
    <Form.List
      name="roles"
      rules={[
        {
          validator: (_, rows: unknown) =>
            Array.isArray(rows) && rows.length > 0
              ? Promise.resolve()
              : Promise.reject(new Error(t('accounts.rolesRequired'))),
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((field, index) => (
            <RoleRow
              key={field.key}
              name={field.name}
              index={index}
              roleOptions={roleOptions}
              organisations={options}
              onRemove={() => remove(field.name)}
            />
          ))}
          <Form.Item>
            <Button type="dashed" onClick={() => add({})} block icon={<PlusOutlined />} data-testid="add-role">
              {t('accounts.addRole')}
            </Button>
            <Form.ErrorList errors={errors} />
          </Form.Item>
        </>
      )}
    </Form.List>
  );
}
