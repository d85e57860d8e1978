/** Supervision's words for people: statuses and stages in Chinese and English (the exports and the CLI). */
import type { SupervisionStatus, TaskStage } from './vocabulary.js';

export const STATUS_LABELS: Readonly<Record<SupervisionStatus, { zh: string; en: string }>> = {
  done: { zh: '已完成', en: 'Done' },
  on_track: { zh: '序时推进', en: 'On track' },
  behind: { zh: '进度滞后', en: 'Behind' },
  at_risk: { zh: '严重滞后', en: 'At risk' },
  overdue: { zh: '逾期未完成', en: 'Overdue' },
  not_reported: { zh: '未报送', en: 'Not reported' },
};

export const STAGE_LABELS: Readonly<Record<TaskStage, { zh: string; en: string }>> = {
  not_started: { zh: '未启动', en: 'Not started' },
  in_progress: { zh: '推进中', en: 'In progress' },
  completed: { zh: '已完成', en: 'Completed' },
};
