/** Merchants: the register (admins create; reviewers, finance and auditors read) and one's own. */
import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  MerchantInput,
  MerchantItems,
  MerchantList as MerchantListSchema,
  MerchantView,
} from '../../../../../src/contract/accounts';
import { getJson, sendJson } from '../../../lib/api/client';

export type CreditCodeStatus = MerchantView['creditCodeStatus'];
/** The contract's MerchantList schema has no type of its own: derived here, not retyped. */
export type MerchantList = Static<typeof MerchantListSchema>;

const base = '/api/v1/merchants';

export const merchantQueries = {
  all: ['merchants'] as const,
  list: () =>
    queryOptions({
      queryKey: ['merchants', 'list'],
      queryFn: ({ signal }) => getJson<MerchantList>(base, undefined, signal),
      staleTime: 30_000,
    }),
  mine: () =>
    queryOptions({
      queryKey: ['merchants', 'mine'],
      queryFn: ({ signal }) => getJson<MerchantItems>(`${base}/mine`, undefined, signal),
      staleTime: 30_000,
    }),
};

export function createMerchant(merchant: MerchantInput): Promise<MerchantView> {
  return sendJson<MerchantView>('POST', base, merchant);
}
