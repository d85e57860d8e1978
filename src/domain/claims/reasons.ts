/**
 * The reasons a reviewer gives when rejecting or returning a claim: a stable code and the words the
 * applicant reads (zh-CN first). Pure.
 */
import { CLAIM_REASON_CODES, type ClaimReasonCode } from './vocabulary.js';

export const CLAIM_REASONS: Readonly<Record<ClaimReasonCode, { readonly zh: string; readonly en: string }>> = {
  EVIDENCE_UNCLEAR: { zh: '材料不清晰，请重新上传清晰的材料', en: 'A document is not legible: upload a clearer one' },
  EVIDENCE_MISSING: { zh: '缺少必要材料，请补充', en: 'A required document is missing' },
  FACTS_MISMATCH: { zh: '申请信息与材料不一致', en: 'The application does not match the documents' },
  NAME_MISMATCH: { zh: '车主或收款人姓名与申请人不一致', en: "The owner's or payee's name is not the applicant's" },
  NOT_ELIGIBLE: { zh: '不符合补贴条件', en: 'The application does not meet the conditions' },
  ALREADY_SUBSIDISED: { zh: '该车辆或住房已享受过补贴', en: 'The car or dwelling has already been subsidised' },
  LABOUR_INCLUDED: { zh: '费用中含人工费，人工费不予补贴', en: 'The costs include labour, which is never subsidised' },
  OTHER: { zh: '其他原因（见审核意见）', en: 'Other (see the comment)' },
};

export function reasonsOf(codes: readonly string[]): { code: ClaimReasonCode; label: string; labelEn: string }[] {
  return codes
    .filter((code): code is ClaimReasonCode => (CLAIM_REASON_CODES as readonly string[]).includes(code))
    .map((code) => ({ code, label: CLAIM_REASONS[code].zh, labelEn: CLAIM_REASONS[code].en }));
}
