/**
 * The plan pages' labels (overview, measures, targets, parameters, departments, units, lint, search), in both languages; they load with the feature's pages. The frame's and the common words
 * are in lib/i18n/shared.ts, and `t` from usePlanI18n reads both.
 */
import type { SharedKey } from '../../lib/i18n/shared';
import type { MessageTable, Translate } from '../../lib/i18n/translate';
import { useI18n, type I18n } from '../../lib/i18n/useI18n';

export const planMessages = {
  // overview
  'overview.title': { zh: '计划总览', en: 'Plan overview' },
  'overview.issuer': { zh: '发布机关', en: 'Issuer' },
  'overview.period': { zh: '实施期限', en: 'Period' },
  'overview.region': { zh: '行政区划代码', en: 'Region code' },
  'overview.actions': { zh: '专项行动', en: 'Actions' },
  'overview.measures': { zh: '具体措施', en: 'Measures' },
  'overview.targets': { zh: '量化目标', en: 'Targets' },
  'overview.parameters': { zh: '政策参数', en: 'Parameters' },
  'overview.departments': { zh: '责任部门', en: 'Departments' },
  'overview.units': { zh: '实施单位', en: 'Implementing units' },
  'overview.unitActions': { zh: '项', en: '' },
  'overview.unitMeasures': { zh: '条', en: '' },
  'overview.unitTargets': { zh: '个', en: '' },
  'overview.unitParameters': { zh: '个', en: '' },
  'overview.unitDepartments': { zh: '家', en: '' },
  'overview.unitUnits': { zh: '个', en: '' },
  'overview.chartPerAction': { zh: '各行动的目标与参数', en: 'Targets and parameters per action' },
  'overview.chartPerDepartment': {
    zh: '责任部门牵头措施数（前 15）',
    en: 'Measures per responsible department (top 15)',
  },
  'overview.lintTitle': { zh: '方案体检', en: 'Plan lint' },
  'overview.lintHint': {
    zh: '自动检查方案文本中的重复、规模存疑和缺失引文等问题，供修改征求意见稿参考。',
    en: 'Automatic checks for repeated sentences, implausible scale and missing quotes in the draft.',
  },
  'overview.actionList': { zh: '八大专项行动', en: 'The actions' },
  'overview.viewAll': { zh: '查看全部', en: 'View all' },
  'overview.series.targets': { zh: '目标', en: 'Targets' },
  'overview.series.parameters': { zh: '参数', en: 'Parameters' },
  'overview.series.measures': { zh: '措施', en: 'Measures' },

  // severities
  'severity.error': { zh: '错误', en: 'Error' },
  'severity.warning': { zh: '警告', en: 'Warning' },
  'severity.info': { zh: '提示', en: 'Info' },

  // lint rules
  'rule.repeated_sentence': { zh: '语句重复', en: 'Repeated sentence' },
  'rule.implausible_target': { zh: '目标规模存疑', en: 'Implausible target' },
  'rule.conflicting_targets': { zh: '目标相互冲突', en: 'Conflicting targets' },
  'rule.measure_without_department': { zh: '措施缺少责任部门', en: 'Measure without department' },
  'rule.missing_quote': { zh: '缺少原文引用', en: 'Missing quote' },
  'rule.quote_not_in_source': { zh: '引文与原文不符', en: 'Quote not in source' },

  // measures
  'measures.title': { zh: '行动与措施', en: 'Actions & measures' },
  'measures.subtitle': {
    zh: '{actions} 项专项行动，{measures} 条具体措施',
    en: '{actions} actions, {measures} measures',
  },
  'measures.targets': { zh: '目标 {n}', en: 'Targets {n}' },
  'measures.parameters': { zh: '参数 {n}', en: 'Parameters {n}' },
  'measures.findings': { zh: '体检 {n}', en: 'Findings {n}' },
  'measure.text': { zh: '措施原文', en: 'Measure text' },
  'measure.textNote': {
    zh: '原文以中文为准；标亮部分为已结构化的目标和参数。',
    en: 'The Chinese text prevails; highlighted figures are structured targets and parameters.',
  },
  'measure.departments': { zh: '责任部门', en: 'Responsible departments' },
  'measure.units': { zh: '实施单位', en: 'Implementing units' },
  'measure.unitsAll': { zh: '全部 {n} 个县（市、区）和管理区', en: 'All {n} county-level units and zones' },
  'measure.unitsRule': { zh: '方案原文规定：', en: "The plan's rule (Chinese text): " },
  'measure.targets': { zh: '量化目标', en: 'Targets' },
  'measure.parameters': { zh: '政策参数', en: 'Parameters' },
  'measure.lint': { zh: '方案体检', en: 'Plan lint' },
  'measure.lintClean': { zh: '本措施未发现问题', en: 'No findings for this measure' },
  'measure.noTargets': { zh: '本措施无量化目标', en: 'No quantified targets' },
  'measure.noParameters': { zh: '本措施无政策参数', en: 'No parameters' },
  'measure.highlightTarget': { zh: '目标', en: 'Target' },
  'measure.highlightParameter': { zh: '参数', en: 'Parameter' },

  // targets
  'targets.title': { zh: '量化目标', en: 'Targets' },
  'targets.subtitle': { zh: '方案中可考核的量化目标，共 {n} 个', en: '{n} measurable targets in the plan' },
  'targets.metric': { zh: '指标', en: 'Metric' },
  'targets.value': { zh: '目标值', en: 'Target value' },
  'targets.deadline': { zh: '完成时限', en: 'Deadline' },
  'targets.scope': { zh: '范围', en: 'Scope' },
  'targets.responsible': { zh: '责任部门', en: 'Responsible' },
  'targets.comparator': { zh: '比较方式', en: 'Comparator' },
  'targets.chartByDepartment': { zh: '各责任部门承担的目标数', en: 'Targets per responsible department' },
  'targets.rawValue': { zh: '原始数值', en: 'Raw value' },
  'targets.unit': { zh: '计量单位', en: 'Unit' },
  'scope.city': { zh: '全市', en: 'City-wide' },
  'scope.per_unit': { zh: '各县（市、区）', en: 'Each unit' },

  // comparators, as words
  'comparator.gte': { zh: '以上', en: 'at least' },
  'comparator.approx': { zh: '左右', en: 'about' },
  'comparator.lte': { zh: '不超过', en: 'at most' },
  'comparator.eq': { zh: '等于', en: 'exactly' },

  // parameters
  'parameters.title': { zh: '政策参数', en: 'Parameters' },
  'parameters.subtitle': {
    zh: '补贴比例、上限、期限等可执行参数，共 {n} 个；含方案未写明的国家和河南省规则',
    en: '{n} executable parameters (rates, caps, dates), including national and Henan rules the plan leaves implicit',
  },
  'parameters.name': { zh: '参数', en: 'Parameter' },
  'parameters.key': { zh: '键', en: 'Key' },
  'parameters.value': { zh: '取值', en: 'Value' },
  'parameters.per': { zh: '计算口径', en: 'Per' },
  'parameters.effective': { zh: '有效期', en: 'Effective' },
  'parameters.source': { zh: '来源', en: 'Source' },
  'parameters.programme': { zh: '项目', en: 'Programme' },
  'parameters.implicit': { zh: '方案未写明', en: 'Implicit' },
  'parameters.general': { zh: '通用', en: 'General' },
  'source.plan': { zh: '方案原文', en: 'Plan text' },
  'source.national': { zh: '国家规则', en: 'National rule' },
  'source.henan': { zh: '河南省规则', en: 'Henan rule' },

  // departments
  'departments.title': { zh: '责任部门', en: 'Responsible departments' },
  'departments.subtitle': {
    zh: '方案点名的 {n} 个责任部门及其承担的措施和目标',
    en: '{n} bodies the plan names, with their measures and targets',
  },
  'departments.shortName': { zh: '简称', en: 'Short name' },
  'departments.aliases': { zh: '原文中的写法', en: 'Spellings in the text' },
  'departments.measures': { zh: '承担的措施', en: 'Measures it answers for' },
  'departments.targets': { zh: '承担的目标', en: 'Its targets' },
  'deptKind.government_department': { zh: '政府部门', en: 'Government department' },
  'deptKind.party_department': { zh: '党委部门', en: 'Party department' },
  'deptKind.central_branch': { zh: '中央驻市机构', en: 'Central branch' },
  'deptKind.public_institution': { zh: '事业单位', en: 'Public institution' },
  'deptKind.mass_organisation': { zh: '群团组织', en: 'Mass organisation' },
  'deptKind.state_enterprise': { zh: '国有企业', en: 'State enterprise' },

  // units
  'units.title': { zh: '实施单位', en: 'Implementing units' },
  'units.subtitle': {
    zh: '负责落实措施的 6 个县（市、区）和 3 个管理区',
    en: 'The six county-level divisions and three management zones that implement the plan',
  },
  'units.divisions': { zh: '县（市、区）', en: 'County-level divisions' },
  'units.zones': { zh: '管理区', en: 'Management zones' },
  'units.code': { zh: '区划代码（GB/T 2260）', en: 'Code (GB/T 2260)' },
  'units.formerCodes': { zh: '曾用代码', en: 'Former codes' },
  'units.noCode': { zh: '无法定代码', en: 'No statutory code' },
  'units.measures': { zh: '负责落实的措施', en: 'Measures it implements' },
  'units.ownTargets': { zh: '本单位须独立完成的目标', en: 'Targets the unit must meet on its own' },
  'units.sharedTargets': { zh: '全市共同目标', en: 'City-wide targets it shares' },
  'units.allMeasuresRule': {
    zh: '按方案原文规定，除另有说明外，全部措施均由各县（市、区）和管理区负责落实：',
    en: "By the plan's own rule, every measure is implemented by every unit unless stated otherwise:",
  },
  'units.targetsNote': {
    zh: '全市目标由各县（市、区）和管理区共同完成，本单位按职责分担。',
    en: 'City-wide targets are met by all units together; each contributes its share.',
  },
  'unitKind.district': { zh: '市辖区', en: 'District' },
  'unitKind.county': { zh: '县', en: 'County' },
  'unitKind.county_city': { zh: '县级市', en: 'County-level city' },
  'unitKind.management_zone': { zh: '管理区', en: 'Management zone' },

  // lint
  'lint.title': { zh: '方案体检', en: 'Plan lint' },
  'lint.subtitle': {
    zh: '对征求意见稿的自动检查：重复语句、规模存疑的目标、相互冲突的目标、缺失或不符的引文',
    en: 'Automatic checks of the draft: repeated sentences, implausible or conflicting targets, missing or wrong quotes',
  },
  'lint.findings': { zh: '{n} 项', en: 'Findings {n}' },
  'lint.none': { zh: '未发现问题', en: 'No findings' },
  'lint.measures': { zh: '涉及措施', en: 'Measures' },

  // search
  'search.title': { zh: '搜索', en: 'Search' },
  'search.placeholder': { zh: '输入关键词，如“以旧换新”“养老”“托育”', en: 'Type a keyword, e.g. 以旧换新, 养老, 托育' },
  'search.empty': {
    zh: '输入关键词，在方案全文、目标、参数、部门和实施单位中搜索',
    en: 'Search the plan text, targets, parameters, departments and units',
  },
  'search.noResult': { zh: '未找到与“{q}”相关的内容', en: 'Nothing matches “{q}”' },
  'search.total': { zh: '找到 {n} 条结果', en: 'Results: {n}' },
  'search.suggestions': { zh: '试试：', en: 'Try: ' },
  'kind.measure': { zh: '措施', en: 'Measures' },
  'kind.target': { zh: '目标', en: 'Targets' },
  'kind.parameter': { zh: '参数', en: 'Parameters' },
  'kind.department': { zh: '责任部门', en: 'Departments' },
  'kind.unit': { zh: '实施单位', en: 'Implementing units' },
} as const satisfies MessageTable;

export type PlanKey = SharedKey | keyof typeof planMessages;
export type PlanTranslate = Translate<PlanKey>;
export type PlanI18n = I18n<PlanKey>;

/** The language, and `t` over this feature's labels and the shared ones. */
export function usePlanI18n(): PlanI18n {
  return useI18n(planMessages);
}
