/** The vouchers module's services, composed once (app/compose.ts). */
import type { VoucherReportRepository } from '../../db/voucher-report-repository.js';
import { VoucherRedemptions } from './voucher-redemptions.js';
import { VoucherReports } from './voucher-report.js';
import { VoucherService, type VoucherServiceOptions } from './voucher-service.js';

export interface VoucherServices {
  readonly vouchers: VoucherService;
  readonly redemptions: VoucherRedemptions;
  readonly reports: VoucherReports;
}

export function composeVouchers(
  options: VoucherServiceOptions & { readonly reports: VoucherReportRepository },
): VoucherServices {
  const vouchers = new VoucherService(options);
  return {
    vouchers,
    redemptions: new VoucherRedemptions(vouchers),
    reports: new VoucherReports(vouchers, options.reports),
  };
}
