import type { AccountView } from '../../../../../src/contract/accounts';
import type { AccountsI18n } from '../messages';
import { downloadCsv } from '../../../lib/csv';
import { formatMoment } from '../../../lib/datetime';

/** The accounts shown in the table, masked as shown, as CSV for Excel. */
export function exportAccounts(rows: readonly AccountView[], i18n: AccountsI18n): void {
  const { t, lang } = i18n;
  downloadCsv(
    lang === 'en' ? 'huimin-accounts.csv' : '惠民-用户与角色.csv',
    [
      t('account.name'),
      t('account.username'),
      t('account.kind'),
      t('account.mobile'),
      t('account.idNumber'),
      t('account.bankAccount'),
      t('account.roles'),
      t('accounts.status'),
      t('accounts.lockedUntil'),
      t('account.lastSignInAt'),
      t('account.createdAt'),
      'id',
    ],
    rows.map((row) => [
      row.name,
      row.username,
      t(`accountKind.${row.kind}`),
      row.mobile,
      row.idNumber,
      row.bankAccount,
      row.roles
        .map((r) => (r.organisation ? `${t(`role.${r.role}`)}（${r.organisation.name}）` : t(`role.${r.role}`)))
        .join('、'),
      t(`accountStatus.${row.status}`),
      row.lockedUntil ? formatMoment(row.lockedUntil) : '',
      row.lastSignInAt ? formatMoment(row.lastSignInAt) : '',
      formatMoment(row.createdAt),
      row.id,
    ]),
  );
}
