export {
  checkIdNumber,
  idNumberCheckCharacter,
  isCalendarDate,
  type IdNumberCheck,
  type IdNumberProblem,
} from './id-number.js';
export {
  CREDIT_CODE_ALPHABET,
  checkCreditCode,
  creditCodeCheckCharacter,
  type CreditCodeCheck,
  type CreditCodeProblem,
  type CreditCodeStatus,
} from './credit-code.js';
export { checkMobileNumber, type MobileNumberCheck, type MobileNumberProblem } from './mobile.js';
export { maskBankAccount, maskIdNumber, maskMobile } from './mask.js';
export { personalDataIn, type PersonalDataKind } from './personal-data.js';
export { checkDisplayName, type DisplayNameCheck, type DisplayNameProblem } from './display-name.js';
