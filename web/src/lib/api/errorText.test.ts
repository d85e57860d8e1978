import { describe, expect, it } from 'vitest';
import { sharedMessages, type SharedKey } from '../i18n/shared';
import { translate, type Lang, type Vars } from '../i18n/translate';
import { ApiError } from './client';
import { describeError, fieldText, messageIn } from './errorText';

const tr = (lang: Lang) => (key: SharedKey, vars?: Vars) => translate(sharedMessages, lang, key, vars);

describe('messageIn', () => {
  it('splits a "中文 (English)" message by language', () => {
    const message =
      '身份证号码校验码不正确，请核对后重新输入 (ID number check character does not match; please check the number)';
    expect(messageIn(message, 'zh-CN')).toEqual({ text: '身份证号码校验码不正确，请核对后重新输入', localised: true });
    expect(messageIn(message, 'en').text).toBe('ID number check character does not match; please check the number');
  });

  it('keeps a one-language message whole and says whether it suits the reader', () => {
    expect(messageIn('login or password is wrong', 'zh-CN')).toEqual({
      text: 'login or password is wrong',
      localised: false,
    });
    expect(messageIn('login or password is wrong (twice)', 'en').localised).toBe(true);
  });
});

describe('describeError', () => {
  it('gives known codes a sentence in the reader’s language, the server’s words as detail', () => {
    const error = new ApiError(401, 'INVALID_CREDENTIALS', 'login or password is wrong', 'req-1');
    expect(describeError(error, 'zh-CN', tr('zh-CN'))).toEqual({
      title: '账号或密码不正确',
      detail: 'login or password is wrong',
    });
  });

  it('says until when an account is locked, in Beijing time', () => {
    const error = new ApiError(
      423,
      'ACCOUNT_LOCKED',
      '5 wrong passwords in a row: the account is locked until 2025-05-01T04:15:00.000Z',
    );
    expect(describeError(error, 'zh-CN', tr('zh-CN')).title).toContain('2025-05-01 12:15:00');
  });

  it('passes unknown codes through and handles non-API errors', () => {
    expect(describeError(new ApiError(500, 'INTERNAL', 'internal error'), 'en', tr('en'))).toEqual({
      title: 'internal error',
    });
    expect(describeError(new Error('boom'), 'en', tr('en'))).toEqual({ title: 'boom' });
  });
});

describe('fieldText', () => {
  it('prefers the server’s words in the reader’s language', () => {
    const error = new ApiError(
      400,
      'WEAK_PASSWORD',
      '密码过于常见，请换一个 (this password is too common)',
      'r',
      'password',
    );
    expect(fieldText(error, 'zh-CN', tr('zh-CN'))).toBe('密码过于常见，请换一个');
    expect(fieldText(error, 'en', tr('en'))).toBe('this password is too common');
  });

  it('falls back to the code’s sentence when the server spoke another language', () => {
    const error = new ApiError(
      409,
      'ACCOUNT_EXISTS',
      'an account with this mobile number already exists',
      'r',
      'mobile',
    );
    expect(fieldText(error, 'zh-CN', tr('zh-CN'))).toBe('该账户已存在');
    expect(fieldText(error, 'en', tr('en'))).toBe('an account with this mobile number already exists');
  });
});
