/**
 * The official holiday calendar of mainland China for 2024–2026, as dated data: the State Council General
 * Office's yearly notices on the arrangement of some holidays (国务院办公厅关于…年部分节假日安排的通知), each with
 * its dates off (放假) and its make-up working days (调休上班), which are weekend days worked in exchange.
 *
 * Sources (the notices on www.gov.cn, State Council policy library):
 * - 2024: 国办发明电〔2023〕7号, 2023-10-25, https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm
 * - 2025: 国办发明电〔2024〕12号, 2024-11-12, https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm
 * - 2026: 国办发明电〔2025〕7号, 2025-11-04, https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
 * The dates were checked against the notices' text as republished by Xinhua and People's Daily, and against the
 * open data set NateScarlet/holiday-cn (2024.json, 2025.json, 2026.json).
 *
 * A year is added only from its published notice, never extrapolated from the lunar calendar. Note that a
 * notice may move days at the end of the previous December (国办发明电〔2018〕15号 made 2018-12-29 a working day
 * and 2018-12-30/31 days off), so the 2027 notice, once published, may amend late December 2026: add it then.
 */

/** A holiday of one year's notice: its names, the days off (a run of consecutive dates) and the make-up days. */
export interface OfficialHoliday {
  /** As the notice names it: 春节, or 国庆节、中秋节 when two holidays are merged into one break. */
  readonly nameZh: string;
  readonly nameEn: string;
  /** The dates off (放假), first and last inclusive, YYYY-MM-DD. */
  readonly off: { readonly from: string; readonly to: string };
  /** Weekend days that are working days (调休上班), YYYY-MM-DD. */
  readonly makeUpWorkdays: readonly string[];
}

/** One year's notice of the State Council General Office. */
export interface HolidayArrangement {
  readonly year: number;
  readonly titleZh: string;
  /** 文号, e.g. 国办发明电〔2024〕12号. */
  readonly documentNumber: string;
  /** The date of the notice, YYYY-MM-DD. */
  readonly publishedOn: string;
  readonly sourceUrl: string;
  readonly holidays: readonly OfficialHoliday[];
}

const NEW_YEAR = { nameZh: '元旦', nameEn: "New Year's Day" } as const;
const SPRING_FESTIVAL = { nameZh: '春节', nameEn: 'Spring Festival' } as const;
const QINGMING = { nameZh: '清明节', nameEn: 'Tomb-sweeping Day' } as const;
const LABOR_DAY = { nameZh: '劳动节', nameEn: 'Labor Day' } as const;
const DRAGON_BOAT = { nameZh: '端午节', nameEn: 'Dragon Boat Festival' } as const;
const MID_AUTUMN = { nameZh: '中秋节', nameEn: 'Mid-Autumn Festival' } as const;
const NATIONAL_DAY = { nameZh: '国庆节', nameEn: 'National Day' } as const;

/** The notices, oldest first. */
export const HOLIDAY_ARRANGEMENTS: readonly HolidayArrangement[] = [
  {
    year: 2024,
    titleZh: '国务院办公厅关于2024年部分节假日安排的通知',
    documentNumber: '国办发明电〔2023〕7号',
    publishedOn: '2023-10-25',
    sourceUrl: 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm',
    holidays: [
      // 1月1日放假，与周末连休.
      { ...NEW_YEAR, off: { from: '2024-01-01', to: '2024-01-01' }, makeUpWorkdays: [] },
      // 2月10日至17日放假调休，共8天; 2月4日（星期日）、2月18日（星期日）上班. New Year's Eve (2月9日, a Friday)
      // stays a working day: the notice only encourages employers to let staff take it as paid annual leave.
      {
        ...SPRING_FESTIVAL,
        off: { from: '2024-02-10', to: '2024-02-17' },
        makeUpWorkdays: ['2024-02-04', '2024-02-18'],
      },
      // 4月4日至6日放假调休，共3天; 4月7日（星期日）上班.
      { ...QINGMING, off: { from: '2024-04-04', to: '2024-04-06' }, makeUpWorkdays: ['2024-04-07'] },
      // 5月1日至5日放假调休，共5天; 4月28日（星期日）、5月11日（星期六）上班.
      { ...LABOR_DAY, off: { from: '2024-05-01', to: '2024-05-05' }, makeUpWorkdays: ['2024-04-28', '2024-05-11'] },
      // 6月10日放假，与周末连休.
      { ...DRAGON_BOAT, off: { from: '2024-06-10', to: '2024-06-10' }, makeUpWorkdays: [] },
      // 9月15日至17日放假调休，共3天; 9月14日（星期六）上班.
      { ...MID_AUTUMN, off: { from: '2024-09-15', to: '2024-09-17' }, makeUpWorkdays: ['2024-09-14'] },
      // 10月1日至7日放假调休，共7天; 9月29日（星期日）、10月12日（星期六）上班.
      { ...NATIONAL_DAY, off: { from: '2024-10-01', to: '2024-10-07' }, makeUpWorkdays: ['2024-09-29', '2024-10-12'] },
    ],
  },
  {
    // The first notice under the Regulations on National Annual Festivals and Memorial Days as revised in
    // November 2024, which added a day each to the Spring Festival (from New Year's Eve) and Labor Day.
    year: 2025,
    titleZh: '国务院办公厅关于2025年部分节假日安排的通知',
    documentNumber: '国办发明电〔2024〕12号',
    publishedOn: '2024-11-12',
    sourceUrl: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
    holidays: [
      // 1月1日（周三）放假1天，不调休.
      { ...NEW_YEAR, off: { from: '2025-01-01', to: '2025-01-01' }, makeUpWorkdays: [] },
      // 1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天; 1月26日（周日）、2月8日（周六）上班.
      {
        ...SPRING_FESTIVAL,
        off: { from: '2025-01-28', to: '2025-02-04' },
        makeUpWorkdays: ['2025-01-26', '2025-02-08'],
      },
      // 4月4日（周五）至6日（周日）放假，共3天.
      { ...QINGMING, off: { from: '2025-04-04', to: '2025-04-06' }, makeUpWorkdays: [] },
      // 5月1日（周四）至5日（周一）放假调休，共5天; 4月27日（周日）上班.
      { ...LABOR_DAY, off: { from: '2025-05-01', to: '2025-05-05' }, makeUpWorkdays: ['2025-04-27'] },
      // 5月31日（周六）至6月2日（周一）放假，共3天.
      { ...DRAGON_BOAT, off: { from: '2025-05-31', to: '2025-06-02' }, makeUpWorkdays: [] },
      // 国庆节、中秋节: 10月1日（周三）至8日（周三）放假调休，共8天; 9月28日（周日）、10月11日（周六）上班.
      {
        nameZh: '国庆节、中秋节',
        nameEn: 'National Day and Mid-Autumn Festival',
        off: { from: '2025-10-01', to: '2025-10-08' },
        makeUpWorkdays: ['2025-09-28', '2025-10-11'],
      },
    ],
  },
  {
    year: 2026,
    titleZh: '国务院办公厅关于2026年部分节假日安排的通知',
    documentNumber: '国办发明电〔2025〕7号',
    publishedOn: '2025-11-04',
    sourceUrl: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
    holidays: [
      // 1月1日（周四）至3日（周六）放假调休，共3天; 1月4日（周日）上班.
      { ...NEW_YEAR, off: { from: '2026-01-01', to: '2026-01-03' }, makeUpWorkdays: ['2026-01-04'] },
      // 2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天; 2月14日（周六）、2月28日（周六）上班.
      {
        ...SPRING_FESTIVAL,
        off: { from: '2026-02-15', to: '2026-02-23' },
        makeUpWorkdays: ['2026-02-14', '2026-02-28'],
      },
      // 4月4日（周六）至6日（周一）放假，共3天.
      { ...QINGMING, off: { from: '2026-04-04', to: '2026-04-06' }, makeUpWorkdays: [] },
      // 5月1日（周五）至5日（周二）放假调休，共5天; 5月9日（周六）上班.
      { ...LABOR_DAY, off: { from: '2026-05-01', to: '2026-05-05' }, makeUpWorkdays: ['2026-05-09'] },
      // 6月19日（周五）至21日（周日）放假，共3天.
      { ...DRAGON_BOAT, off: { from: '2026-06-19', to: '2026-06-21' }, makeUpWorkdays: [] },
      // 9月25日（周五）至27日（周日）放假，共3天.
      { ...MID_AUTUMN, off: { from: '2026-09-25', to: '2026-09-27' }, makeUpWorkdays: [] },
      // 10月1日（周四）至7日（周三）放假调休，共7天; 9月20日（周日）、10月10日（周六）上班.
      { ...NATIONAL_DAY, off: { from: '2026-10-01', to: '2026-10-07' }, makeUpWorkdays: ['2026-09-20', '2026-10-10'] },
    ],
  },
];

/** The years the calendar covers, oldest first: a date in any other year has no official status here. */
export const HOLIDAY_CALENDAR_YEARS: readonly number[] = HOLIDAY_ARRANGEMENTS.map((arrangement) => arrangement.year);
