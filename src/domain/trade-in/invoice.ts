/**
 * Invoice checks at checkout: the invoice is made out to the individual by name (reference.md, Henan),
 * so an invoice to a company, or to anyone but the citizen, is refused (2025 audit findings: invoices
 * made out to companies).
 */

/** Words that only an organisation's name carries. */
const ORGANISATION_WORDS = [
  '公司',
  '有限',
  '集团',
  '企业',
  '商行',
  '工厂',
  '中心',
  '事务所',
  '合作社',
  '研究院',
  '银行',
  '医院',
  '学校',
  '协会',
  '委员会',
  '经营部',
  '门市部',
  '厂',
];

/** A unified social credit code (18 characters, digits and capital letters without I, O, S, V, Z). */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function normaliseName(name: string): string {
  return name.normalize('NFKC').replace(/[\s·•.]/g, '');
}

/** Why the buyer is a company, or null when it reads as a person. */
export function companyBuyer(buyerName: string, buyerTaxId: string | undefined): string | null {
  if (buyerTaxId !== undefined && buyerTaxId.trim() !== '') {
    const taxId = buyerTaxId.trim().toUpperCase();
    return CREDIT_CODE.test(taxId)
      ? `购买方税号 ${taxId} 是单位的统一社会信用代码`
      : '发票开具了购买方税号（单位发票）';
  }
  const name = normaliseName(buyerName);
  const word = ORGANISATION_WORDS.find((candidate) => name.includes(candidate));
  return word === undefined ? null : `购买方名称含“${word}”，是单位`;
}

/** Whether the invoice's buyer is the citizen, by name. */
export function buyerIsCitizen(buyerName: string, citizenName: string): boolean {
  return normaliseName(buyerName) === normaliseName(citizenName);
}
