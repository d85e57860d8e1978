/** Staff accounts and roles (admins), account look-up (admins, reviewers, auditors), merchants. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  AccountIdParams,
  AccountList,
  AccountListQuery,
  AccountView,
  MerchantInput,
  MerchantList,
  MerchantItems,
  MerchantView,
  PasswordResetInput,
  RevealedValue,
  RevealInput,
  RoleCatalogue,
  RolesInput,
  StaffAccountInput,
} from '../../../contract/accounts.js';
import type { AdminService } from '../../../services/accounts/admin-service.js';
import { contextOf } from '../../plugins/access.js';
import { NoContent } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';

const TAGS = ['accounts'];

export function registerAccountRoutes(app: FastifyInstance, admin: AdminService): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.get(
    '/api/v1/roles',
    {
      config: { permission: 'session' },
      schema: {
        tags: TAGS,
        summary: '角色与权限 The roles, what each may do, and the permission table',
        response: { 200: RoleCatalogue, ...errorResponses(401) },
      },
    },
    () => admin.roleCatalogue(),
  );

  routes.get(
    '/api/v1/accounts',
    {
      config: { permission: 'accounts.read', securityEvent: 'accounts.list_read' },
      schema: {
        tags: TAGS,
        summary: '账户列表 Accounts, personal data masked; filter by name/username, role, status',
        querystring: AccountListQuery,
        response: { 200: AccountList, ...errorResponses(400, 401, 403) },
      },
    },
    (request) => admin.list(request.query),
  );

  routes.post(
    '/api/v1/accounts',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags: TAGS,
        summary: '新建工作人员账户 Create a staff account with its roles',
        body: StaffAccountInput,
        response: { 201: AccountView, ...errorResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => reply.code(201).send(await admin.createStaff(contextOf(request), request.body)),
  );

  routes.get(
    '/api/v1/accounts/:id',
    {
      config: { permission: 'accounts.read' },
      schema: {
        tags: TAGS,
        summary: '账户详情 One account, personal data masked',
        params: AccountIdParams,
        response: { 200: AccountView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => admin.get(request.params.id),
  );

  routes.put(
    '/api/v1/accounts/:id/roles',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags: TAGS,
        summary: '设置角色 Replace the roles of an account',
        params: AccountIdParams,
        body: RolesInput,
        response: { 200: AccountView, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    (request) => admin.setRoles(contextOf(request), request.params.id, request.body.roles),
  );

  for (const [action, summary] of [
    ['disable', '停用账户 Disable an account (its sessions end)'],
    ['enable', '启用账户 Enable a disabled account'],
    ['unlock', '解除锁定 Unlock an account locked after wrong passwords'],
  ] as const) {
    routes.post(
      `/api/v1/accounts/:id/${action}`,
      {
        config: { permission: 'accounts.manage' },
        schema: {
          tags: TAGS,
          summary,
          params: AccountIdParams,
          response: { 200: AccountView, ...errorResponses(400, 401, 403, 404) },
        },
      },
      (request) => {
        const context = contextOf(request);
        switch (action) {
          case 'disable':
            return admin.setStatus(context, request.params.id, 'disabled');
          case 'enable':
            return admin.setStatus(context, request.params.id, 'active');
          case 'unlock':
            return admin.unlock(context, request.params.id);
        }
      },
    );
  }

  routes.post(
    '/api/v1/accounts/:id/password',
    {
      config: { permission: 'accounts.manage' },
      schema: {
        tags: TAGS,
        summary: '重置密码 Set a new password for an account (its sessions end)',
        params: AccountIdParams,
        body: PasswordResetInput,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      await admin.resetPassword(contextOf(request), request.params.id, request.body.newPassword);
      return reply.code(204).send(null);
    },
  );

  routes.post(
    '/api/v1/accounts/:id/reveal',
    {
      config: { permission: 'personal_data.read' },
      schema: {
        tags: TAGS,
        summary: '查看完整个人信息 Reveal one full value of personal data, with a reason (audited)',
        params: AccountIdParams,
        body: RevealInput,
        response: { 200: RevealedValue, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    (request) => admin.reveal(contextOf(request), request.params.id, request.body),
  );

  routes.get(
    '/api/v1/merchants',
    {
      config: { permission: 'merchants.read' },
      schema: {
        tags: TAGS,
        summary: '商户列表 Registered merchants',
        response: { 200: MerchantList, ...errorResponses(401, 403) },
      },
    },
    () => admin.listMerchants(),
  );

  routes.post(
    '/api/v1/merchants',
    {
      config: { permission: 'merchants.manage' },
      schema: {
        tags: TAGS,
        summary: '登记商户 Register a merchant by its unified social credit code',
        body: MerchantInput,
        response: { 201: MerchantView, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => reply.code(201).send(await admin.createMerchant(contextOf(request), request.body)),
  );

  routes.get(
    '/api/v1/merchants/mine',
    {
      config: { permission: 'merchants.own' },
      schema: {
        tags: TAGS,
        summary: '我的商户 The merchants the caller works for',
        response: { 200: MerchantItems, ...errorResponses(401, 403) },
      },
    },
    (request) => admin.merchantsOf(contextOf(request)),
  );
}
