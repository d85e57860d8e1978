/** The vouchers module's services, composed once (app/compose.ts). */
import { VoucherListing } from './voucher-listing.js';
import { VoucherRedemptions } from './voucher-redemptions.js';
import { VoucherService, type VoucherServiceOptions } from './voucher-service.js';

export interface VoucherServices {
  readonly vouchers: VoucherService;
  readonly redemptions: VoucherRedemptions;
  readonly listing: VoucherListing;
}

export function composeVouchers(options: VoucherServiceOptions): VoucherServices {
  const vouchers = new VoucherService(options);
  return { vouchers, redemptions: new VoucherRedemptions(vouchers), listing: new VoucherListing(vouchers) };
}
