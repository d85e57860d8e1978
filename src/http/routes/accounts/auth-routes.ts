/** Registration, sign-in (password or one-time code), the caller's own session and account. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AccountView,
  BankAccountInput,
  CodeSignInInput,
  OneTimeCodeRequest,
  OneTimeCodeSent,
  PasswordChangeInput,
  RegisterInput,
  SessionView,
  SignInInput,
} from '../../../contract/accounts.js';
import type { AccountService, ClientInfo } from '../../../services/accounts/account-service.js';
import { clearSessionCookies, contextOf, principalOf, setSessionCookies } from '../../plugins/access.js';
import type { RateLimiters } from '../../plugins/security.js';
import { NoContent } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';

const TAGS = ['accounts'];

function clientOf(request: FastifyRequest): ClientInfo {
  const agent = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof agent === 'string' ? agent : null, requestId: request.id };
}

export function registerAuthRoutes(app: FastifyInstance, accounts: AccountService, limits: RateLimiters): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.post(
    '/api/v1/auth/register',
    {
      config: { permission: 'public' },
      preHandler: [limits.signInByAddress, limits.signInByLogin],
      schema: {
        tags: TAGS,
        summary:
          '市民注册 Register as a citizen (name, ID number, mobile, password, and the registration code sent to the mobile); signs in',
        description:
          'Ask for the code first: POST /api/v1/auth/one-time-code with purpose "register". A wrong, expired or used code is ' +
          '401 INVALID_ONE_TIME_CODE. Details that cannot be registered (an ID number or mobile number that has an account) ' +
          'get 409 REGISTRATION_REFUSED, which does not say which; the existing account is told by SMS.',
        body: RegisterInput,
        response: { 201: SessionView, ...errorResponses(400, 401, 403, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const session = await accounts.register(request.body, clientOf(request));
      setSessionCookies(request, reply, session);
      return reply.code(201).send(session.view);
    },
  );

  routes.post(
    '/api/v1/auth/sign-in',
    {
      config: { permission: 'public' },
      preHandler: [limits.signInByAddress, limits.signInByLogin],
      schema: {
        tags: TAGS,
        summary: '密码登录 Sign in with a mobile number (citizens) or username (staff) and password',
        body: SignInInput,
        response: { 200: SessionView, ...errorResponses(400, 401, 403, 413, 415, 423, 429) },
      },
    },
    async (request, reply) => {
      const session = await accounts.signIn(request.body, clientOf(request));
      setSessionCookies(request, reply, session);
      return session.view;
    },
  );

  routes.post(
    '/api/v1/auth/one-time-code',
    {
      config: { permission: 'public' },
      preHandler: [limits.signInByAddress, limits.signInByLogin],
      schema: {
        tags: TAGS,
        summary: '获取验证码 Send a one-time code to a mobile number, to sign in (default) or to register',
        description:
          'Answers the same whether or not the number has an account. purpose "sign_in": a code is sent to a number ' +
          'with an active account. purpose "register": a code is sent to a number without an account; a number with ' +
          'one is sent a notice instead (sign in or reset the password).',
        body: OneTimeCodeRequest,
        response: { 202: OneTimeCodeSent, ...errorResponses(400, 403, 413, 415, 429) },
      },
    },
    async (request, reply) =>
      reply
        .code(202)
        .send(await accounts.requestCode(request.body.mobile, request.body.purpose ?? 'sign_in', clientOf(request))),
  );

  routes.post(
    '/api/v1/auth/sign-in-with-code',
    {
      config: { permission: 'public' },
      preHandler: [limits.signInByAddress, limits.signInByLogin],
      schema: {
        tags: TAGS,
        summary: '验证码登录 Sign in with the one-time code sent to the mobile number',
        body: CodeSignInInput,
        response: { 200: SessionView, ...errorResponses(400, 401, 403, 413, 415, 423, 429) },
      },
    },
    async (request, reply) => {
      const session = await accounts.signInWithCode(request.body, clientOf(request));
      setSessionCookies(request, reply, session);
      return session.view;
    },
  );

  routes.get(
    '/api/v1/auth/me',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '当前会话 The signed-in account, its permissions and the CSRF token',
        response: { 200: SessionView, ...errorResponses(401) },
      },
    },
    (request) => accounts.sessionView(principalOf(request)),
  );

  routes.post(
    '/api/v1/auth/sign-out',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '退出登录 End this session',
        response: { 204: NoContent, ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      await accounts.signOut(principalOf(request), clientOf(request));
      clearSessionCookies(reply);
      return reply.code(204).send(null);
    },
  );

  routes.post(
    '/api/v1/auth/password',
    {
      config: { permission: 'session' },
      preHandler: [limits.signInByAddress],
      schema: {
        tags: TAGS,
        summary: '修改密码 Change the password: every session of the account ends, this one gets a new token',
        description:
          'Answers the new session (new cookie and CSRF token); the token the request came with no longer works. ' +
          'A wrong current password counts toward the lockout like a wrong sign-in.',
        body: PasswordChangeInput,
        response: { 200: SessionView, ...errorResponses(400, 401, 403, 413, 415, 423, 429) },
      },
    },
    async (request, reply) => {
      const session = await accounts.changePassword(principalOf(request), request.body, clientOf(request));
      setSessionCookies(request, reply, session);
      return session.view;
    },
  );

  routes.put(
    '/api/v1/auth/me/bank-account',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '设置银行账户 Set the bank account subsidies are paid to (stored encrypted, shown masked)',
        body: BankAccountInput,
        response: { 200: AccountView, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    (request) => accounts.setBankAccount(contextOf(request), request.body.bankAccount),
  );
}
