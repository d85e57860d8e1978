/** The vouchers module's services, composed once (app/compose.ts). */
import { VoucherRedemptions } from './voucher-redemptions.js';
import { VoucherService, type VoucherServiceOptions } from './voucher-service.js';

export interface VoucherServices {
  readonly vouchers: VoucherService;
  readonly redemptions: VoucherRedemptions;
}

export function composeVouchers(options: VoucherServiceOptions): VoucherServices {
  const vouchers = new VoucherService(options);
  return { vouchers, redemptions: new VoucherRedemptions(vouchers) };
}
