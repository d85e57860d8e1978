import { Card, Empty, Flex, Input, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import type { SearchHit } from '../../../../src/contract/plan';
import { planQueries } from './api';
import { Loaded } from '../../lib/ui/Loaded';
import { MatchSnippet } from './components/MatchSnippet';
import { PageHeader, usePageTitle } from '../../lib/ui/PageHeader';
import { MeasureLink } from './components/tags';
import { usePlanI18n } from './messages';

const kinds: SearchHit['kind'][] = ['measure', 'target', 'parameter', 'department', 'unit'];
const suggestions = ['以旧换新', '养老', '托育', '消费券', '商务局'];

/** Where a hit is shown in full. */
function hitLink(hit: SearchHit): string {
  switch (hit.kind) {
    case 'department':
      return `/plan/departments/${encodeURIComponent(hit.id)}`;
    case 'unit':
      return `/plan/units/${encodeURIComponent(hit.id)}`;
    case 'parameter':
      return hit.measure === null
        ? `/plan/parameters?q=${encodeURIComponent(hit.id)}`
        : `/plan/measures/${hit.measure}`;
    default:
      return hit.measure === null ? '/plan/measures' : `/plan/measures/${hit.measure}`;
  }
}

function HitGroup({ kind, hits }: { kind: SearchHit['kind']; hits: SearchHit[] }) {
  const { t } = usePlanI18n();
  return (
    <Card variant="borderless" title={`${t(`kind.${kind}`)}（${hits.length}）`} data-testid={`search-group-${kind}`}>
      {hits.map((hit) => (
        <Flex key={`${hit.kind}-${hit.id}`} vertical gap={4} className="list-row" data-testid="search-hit">
          <Flex gap={8} align="center">
            {hit.measure !== null ? (
              <MeasureLink n={hit.measure} />
            ) : (
              hit.kind === 'parameter' && <Tag>{t('parameters.implicit')}</Tag>
            )}
            <Link to={hitLink(hit)} style={{ fontWeight: 500 }}>
              {hit.title}
            </Link>
          </Flex>
          <Typography.Text type="secondary">
            <MatchSnippet text={hit.snippet} start={hit.matchStart} length={hit.matchLength} />
          </Typography.Text>
        </Flex>
      ))}
    </Card>
  );
}

function Suggestions() {
  const { t } = usePlanI18n();
  return (
    <Flex gap={4} justify="center" wrap>
      {t('search.suggestions')}
      {suggestions.map((s) => (
        <Link key={s} to={`/search?q=${encodeURIComponent(s)}`}>
          <Tag>{s}</Tag>
        </Link>
      ))}
    </Flex>
  );
}

export default function SearchPage() {
  const { t } = usePlanI18n();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  usePageTitle(q ? `${t('search.title')}：${q}` : t('search.title'));
  const result = useQuery(planQueries.search(q));

  return (
    <Flex vertical gap={16} data-testid="search-page">
      <PageHeader title={t('search.title')} subtitle={result.data && t('search.total', { n: result.data.total })} />
      <Input.Search
        key={q}
        size="large"
        enterButton
        allowClear
        defaultValue={q}
        placeholder={t('search.placeholder')}
        onSearch={(value) => setParams(value.trim() ? { q: value.trim() } : {})}
        data-testid="search-input"
      />
      {!q ? (
        <Card variant="borderless">
          <Empty description={t('search.empty')}>
            <Suggestions />
          </Empty>
        </Card>
      ) : (
        <Loaded query={result}>
          {(data) =>
            data.hits.length === 0 ? (
              <Card variant="borderless">
                <Empty description={t('search.noResult', { q })} data-testid="search-empty">
                  <Suggestions />
                </Empty>
              </Card>
            ) : (
              kinds
                .map((kind) => [kind, data.hits.filter((h) => h.kind === kind)] as const)
                .filter(([, hits]) => hits.length > 0)
                .map(([kind, hits]) => <HitGroup key={kind} kind={kind} hits={hits} />)
            )
          }
        </Loaded>
      )}
    </Flex>
  );
}
