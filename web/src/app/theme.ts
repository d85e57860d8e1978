import type { ThemeConfig } from 'antd';

/** A deep government red, with the gold of the city's seal as accent. */
export const brand = {
  red: '#a61d24',
  redDark: '#7d1419',
  gold: '#e8b04b',
  ink: '#1f2329',
  page: '#f4f5f7',
};

export const theme: ThemeConfig = {
  token: {
    colorPrimary: brand.red,
    colorLink: brand.red,
    colorInfo: '#1d5fa6',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
    colorBgLayout: brand.page,
  },
  components: {
    Layout: { headerBg: brand.redDark, siderBg: '#ffffff', headerHeight: 60, headerPadding: '0 20px' },
    Menu: { itemSelectedBg: '#fbeaea', itemSelectedColor: brand.red },
    Card: { headerFontSize: 15 },
  },
};
