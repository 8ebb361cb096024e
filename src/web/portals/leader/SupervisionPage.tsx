// The supervisor's dashboard: how many tickets wait in each open state and how many of them are
// overdue, the extension requests waiting for a decision, live (the change stream refreshes the
// counters), and the overdue tickets themselves.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Flex, Row, Statistic, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TicketStatus } from '../../../common/tickets.ts';
import { errorMessage } from '../../api/client.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useLiveTickets } from '../../features/tickets/live.ts';
import { TicketTable } from '../../features/tickets/TicketTable.tsx';
import { ticketCountsFull, ticketKeys } from '../../features/tickets/tickets.api.ts';

/** The states a ticket waits in, in the order it moves through them. */
const OPEN_STATES: TicketStatus[] = ['new', 'returned', 'forwarded', 'in_progress', 'waiting_citizen', 'answer_submitted'];

export function SupervisionPage() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  useDocumentTitle(t('nav.supervision.title'));
  useLiveTickets();
  const counts = useQuery({ queryKey: ticketKeys.countsFull, queryFn: ({ signal }) => ticketCountsFull(signal), staleTime: 0 });

  const openTotal = OPEN_STATES.reduce((sum, s) => sum + (counts.data?.counts[s] ?? 0), 0);
  const overdueTotal = OPEN_STATES.reduce((sum, s) => sum + (counts.data?.overdue[s] ?? 0), 0);
  const extensionRequests = counts.data?.extensionRequests ?? 0;

  return (
    <Flex vertical gap="middle">
      <PageHeader title={t('nav.supervision.title')} description={t('oversight.dashboard.description')} />
      {counts.isError && <Alert type="error" showIcon title={errorMessage(counts.error)} />}
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
              formatter={() => <span data-testid="overdue-total">{overdueTotal}</span>}
              loading={counts.isPending}
              styles={{ content: { color: overdueTotal > 0 ? token.colorError : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={8} xl={6}>
          <Card size="small">
            <Statistic
              title={t('oversight.dashboard.extensionRequests')}
              value={extensionRequests}
              formatter={() => <span data-testid="extension-requests">{extensionRequests}</span>}
              loading={counts.isPending}
              styles={{ content: { color: extensionRequests > 0 ? token.colorWarning : undefined } }}
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
            const late = counts.data?.overdue[status] ?? 0;
            return (
              <Col key={status} xs={12} md={8} xl={4}>
                <Card size="small" data-testid={`queue-${status}`}>
                  <Statistic title={t(`tickets.status.${status}`)} value={counts.data?.counts[status] ?? 0} loading={counts.isPending} />
                  <Typography.Text type={late > 0 ? 'danger' : 'secondary'} data-testid={`overdue-${status}`}>
                    {t('oversight.dashboard.overdueIn', { shown: String(late) })}
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
        <TicketTable filters={{ overdue: 'true' }} testId="overdue-table" />
      </section>
      {extensionRequests > 0 && (
        <section aria-labelledby="extensions-heading">
          <Typography.Title level={2} id="extensions-heading" style={{ fontSize: 18 }}>
            {t('oversight.dashboard.extensionList')}
          </Typography.Title>
          <TicketTable filters={{ extension: 'requested' }} testId="extension-table" />
        </section>
      )}
    </Flex>
  );
}
