// The supervisor's dashboard: how many tickets wait in each open state and how many of them are
// overdue, live (the change stream refreshes the counters), and the overdue tickets themselves.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Flex, Row, Statistic, Typography, theme } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketStatus } from '../../../common/tickets.ts';
import { errorMessage } from '../../api/client.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useLiveTickets } from '../../features/tickets/live.ts';
import { TicketTable } from '../../features/tickets/TicketTable.tsx';
import { ticketCounts, ticketKeys } from '../../features/tickets/tickets.api.ts';
import { OVERDUE_SAMPLE, overdueSample, reportKeys } from './reports.api.ts';

/** The states a ticket waits in, in the order it moves through them. */
const OPEN_STATES: TicketStatus[] = ['new', 'returned', 'forwarded', 'in_progress', 'waiting_citizen', 'answer_submitted'];

export function SupervisionPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  useDocumentTitle(t('nav.supervision.title'));
  useLiveTickets();
  const counts = useQuery({ queryKey: ticketKeys.counts, queryFn: ({ signal }) => ticketCounts(signal), staleTime: 0 });
  const overdue = useQuery({ queryKey: reportKeys.overdue, queryFn: ({ signal }) => overdueSample(signal), staleTime: 0 });

  const overdueBy = useMemo(() => {
    const by = new Map<string, number>();
    for (const item of overdue.data?.items ?? []) by.set(item.status, (by.get(item.status) ?? 0) + 1);
    return by;
  }, [overdue.data]);
  const more = Boolean(overdue.data?.nextCursor);
  const openTotal = OPEN_STATES.reduce((sum, s) => sum + (counts.data?.[s] ?? 0), 0);
  const overdueTotal = overdue.data?.items.length ?? 0;
  const shown = (n: number) => (more ? `${n}+` : String(n));

  return (
    <Flex vertical gap="middle">
      <PageHeader title={t('nav.supervision.title')} description={t('oversight.dashboard.description')} />
      {(counts.isError || overdue.isError) && <Alert type="error" showIcon title={errorMessage(counts.error ?? overdue.error)} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={8} xl={6}>
          <Card size="small">
            <Statistic title={t('oversight.dashboard.open')} value={openTotal} loading={counts.isPending} data-testid="open-total" />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={6}>
          <Card size="small">
            <Statistic
              title={t('oversight.dashboard.overdue')}
              value={overdueTotal}
              formatter={() => <span data-testid="overdue-total">{shown(overdueTotal)}</span>}
              loading={overdue.isPending}
              styles={{ content: { color: overdueTotal > 0 ? token.colorError : undefined } }}
            />
          </Card>
        </Col>
      </Row>
      <section aria-labelledby="queues-heading">
        <Typography.Title level={2} id="queues-heading" style={{ fontSize: 18 }}>
          {t('oversight.dashboard.queues')}
        </Typography.Title>
        <Row gutter={[16, 16]}>
          {OPEN_STATES.map((status) => {
            const late = overdueBy.get(status) ?? 0;
            return (
              <Col key={status} xs={12} md={8} xl={4}>
                <Card size="small" data-testid={`queue-${status}`}>
                  <Statistic title={t(`tickets.status.${status}`)} value={counts.data?.[status] ?? 0} loading={counts.isPending} />
                  <Typography.Text type={late > 0 ? 'danger' : 'secondary'} data-testid={`overdue-${status}`}>
                    {t('oversight.dashboard.overdueIn', { shown: late > 0 ? shown(late) : '0' })}
                  </Typography.Text>
                </Card>
              </Col>
            );
          })}
        </Row>
      </section>
      <section aria-labelledby="overdue-heading">
        <Flex justify="space-between" align="baseline" wrap gap="small">
          <Typography.Title level={2} id="overdue-heading" style={{ fontSize: 18 }}>
            {t('oversight.dashboard.overdueList')}
          </Typography.Title>
          <Link to="/prolonged">{t('oversight.dashboard.toProlonged')}</Link>
        </Flex>
        {more && <Typography.Paragraph type="secondary">{t('oversight.dashboard.sampleNote', { limit: OVERDUE_SAMPLE })}</Typography.Paragraph>}
        <TicketTable filters={{ overdue: 'true' }} testId="overdue-table" />
      </section>
    </Flex>
  );
}
