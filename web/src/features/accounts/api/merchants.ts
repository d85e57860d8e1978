/** Merchants: the register (admins create; reviewers, finance and auditors read) and one's own. */
import { queryOptions } from '@tanstack/react-query';
import type { Merchant, NewMerchant } from '../../../api/accessTypes';
import { getJson, sendJson } from '../../../lib/api/client';

const base = '/api/v1/merchants';

export const merchantQueries = {
  all: ['merchants'] as const,
  list: () =>
    queryOptions({
      queryKey: ['merchants', 'list'],
      queryFn: ({ signal }) => getJson<{ items: Merchant[]; total: number }>(base, undefined, signal),
      staleTime: 30_000,
    }),
  mine: () =>
    queryOptions({
      queryKey: ['merchants', 'mine'],
      queryFn: ({ signal }) => getJson<{ items: Merchant[] }>(`${base}/mine`, undefined, signal),
      staleTime: 30_000,
    }),
};

export function createMerchant(merchant: NewMerchant): Promise<Merchant> {
  return sendJson<Merchant>('POST', base, merchant);
}
