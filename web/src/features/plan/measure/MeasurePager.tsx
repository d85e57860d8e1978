import { Button, Flex } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { PlanMeasure } from '../../../../../src/contract/plan';
import { planQueries } from '../api';
import { measureRef } from '../format';
import { usePlanI18n } from '../messages';

function PagerButton({ measure, direction }: { measure: PlanMeasure | undefined; direction: 'previous' | 'next' }) {
  const { t, pick, lang } = usePlanI18n();
  const navigate = useNavigate();
  return (
    <Button
      icon={direction === 'previous' ? <LeftOutlined /> : <RightOutlined />}
      iconPlacement={direction === 'previous' ? 'start' : 'end'}
      disabled={!measure}
      onClick={() => measure && void navigate(`/plan/measures/${measure.number}`)}
      data-testid={`measure-${direction}`}
    >
      <span className="pager-label">
        {measure
          ? `${measureRef(measure.number, lang)}${pick(measure.title, measure.titleEn)}`
          : t(`common.${direction}`)}
      </span>
    </Button>
  );
}

/** Buttons to the measures before and after this one, in the plan's order. */
export function MeasurePager({ number }: { number: number }) {
  const { data } = useQuery(planQueries.measures());
  const at = data?.findIndex((m) => m.number === number) ?? -1;
  return (
    <Flex gap={8} wrap>
      <PagerButton direction="previous" measure={at > 0 ? data?.[at - 1] : undefined} />
      <PagerButton direction="next" measure={at >= 0 ? data?.[at + 1] : undefined} />
    </Flex>
  );
}
