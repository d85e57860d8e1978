/**
 * A voucher campaign's figures (issue 13 §6, §8): the report (every group, or one with `?part=`), the same as
 * .xlsx, and the cash-out flags, for finance officers, department officers and auditors (vouchers.read).
 * Fixed paths: GET /api/v1/vouchers/campaigns/{id}/report, GET …/campaigns/{id}/report.xlsx,
 * GET …/campaigns/{id}/flags.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { BinaryFile, IdParams } from '../../../contract/common.js';
import { errorResponses } from '../../../contract/errors.js';
import { CampaignReport, FlagsQuery, ReportQuery, VoucherFlagsView } from '../../../contract/voucher-report.js';
import type { VoucherReports } from '../../../services/vouchers/voucher-report.js';
import { contextOf } from '../../plugins/access.js';

const TAGS = ['vouchers'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function registerVoucherReportRoutes(app: FastifyInstance, reports: VoucherReports): void {
  const routes = app.withTypeProvider<TypeBoxTypeProvider>();

  routes.get(
    '/api/v1/vouchers/campaigns/:id/report',
    {
      config: { permission: 'vouchers.read' },
      schema: {
        tags: TAGS,
        summary:
          '活动成效 What the campaign drove by round, category, unit and merchant (gross leverage); ?part= one group',
        params: IdParams,
        querystring: ReportQuery,
        response: { 200: CampaignReport, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => reports.report(contextOf(request), request.params.id, request.query.part),
  );

  routes.get(
    '/api/v1/vouchers/campaigns/:id/report.xlsx',
    {
      config: { permission: 'vouchers.read' },
      schema: {
        tags: TAGS,
        summary: '成效报表 The report as .xlsx: a sheet per grouping, 中文/English headers, yuan, 毛撬动比',
        params: IdParams,
        response: { 200: BinaryFile, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const file = await reports.reportXlsx(contextOf(request), request.params.id);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );

  routes.get(
    '/api/v1/vouchers/campaigns/:id/flags',
    {
      config: { permission: 'vouchers.read' },
      schema: {
        tags: TAGS,
        summary: '套现风险提示 Cash-out flags over the campaign’s redemptions in [from, to), with their evidence',
        params: IdParams,
        querystring: FlagsQuery,
        response: { 200: VoucherFlagsView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (request) => reports.flags(contextOf(request), request.params.id, request.query),
  );
}
