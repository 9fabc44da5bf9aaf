import type { Messages } from './en';

// 简体中文: 报价单页面的文字（与 quotes.en.ts 的键相同）。
const quotes: Messages['quotes'] = {
  searchPlaceholder: '报价单编号',
  title: '报价单',
  new: '新建报价单',
  heading: '报价单 {{number}}',
  editHeading: '修订报价单 {{number}}',
  save: '保存报价单',
  saved: '报价单 {{number}} 已保存',
  validUntil: '有效期至',
  validUntilRequired: '请选择报价有效的最后一天',
  revision: '修订版本',
  order: '订单',
  openOrder: '打开订单',
  opportunity: '商机',
  openOpportunity: '打开商机',
  revise: '修订',
  send: '标记为已发送',
  sentDone: '报价单 {{number}} 已标记为已发送',
  convert: '转为订单',
  converted: '已由报价单创建订单 {{number}}',
  expired: '已过期',
  openOnly: '仅看未成交且在有效期内',
  expiredHint: '报价已失效：请先修订并设置新的有效期，才能转为订单。',
  statuses: { draft: '草稿', sent: '已发送', accepted: '已接受' },
};

export default quotes;
