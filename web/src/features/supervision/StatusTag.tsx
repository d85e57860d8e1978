import { Tag } from 'antd';
import type { SupervisionStatus, TaskStage } from './api';
import { STATUS_COLOURS, useSupervisionText } from './useSupervision';

export function StatusTag({ status }: { status: SupervisionStatus }) {
  const { st } = useSupervisionText();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={`status-${status}`}>
      {st(`sv.status.${status}`)}
    </Tag>
  );
}

export function StageTag({ stage }: { stage: TaskStage | null }) {
  const { st } = useSupervisionText();
  if (stage === null) return <StatusTag status="not_reported" />;
  const colour = stage === 'completed' ? 'green' : stage === 'in_progress' ? 'blue' : 'default';
  return <Tag color={colour}>{st(`sv.stage.${stage}`)}</Tag>;
}
