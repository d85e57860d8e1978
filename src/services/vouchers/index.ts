/** The vouchers module's services, composed once (app/compose.ts). */
import { VoucherListing } from './voucher-listing.js';
import type { VoucherReportRepository } from '../../db/voucher-report-repository.js';
import { VoucherLottery } from './voucher-lottery.js';
import { VoucherRedemptions } from './voucher-redemptions.js';
import { VoucherRefunds } from './voucher-refunds.js';
import { VoucherReports } from './voucher-report.js';
import { VoucherRounds } from './voucher-rounds.js';
import { VoucherService, type VoucherServiceOptions } from './voucher-service.js';

export interface VoucherServices {
  readonly vouchers: VoucherService;
  readonly redemptions: VoucherRedemptions;
  readonly rounds: VoucherRounds;
  readonly lottery: VoucherLottery;
  readonly refunds: VoucherRefunds;
  readonly listing: VoucherListing;
  readonly reports: VoucherReports;
}

export function composeVouchers(
  options: VoucherServiceOptions & { readonly reports: VoucherReportRepository },
): VoucherServices {
  const vouchers = new VoucherService(options);
  return {
    vouchers,
    redemptions: new VoucherRedemptions(vouchers),
    rounds: new VoucherRounds(vouchers),
    lottery: new VoucherLottery(vouchers, options.cipher),
    refunds: new VoucherRefunds(vouchers),
    listing: new VoucherListing(vouchers),
    reports: new VoucherReports(vouchers, options.reports),
  };
}
