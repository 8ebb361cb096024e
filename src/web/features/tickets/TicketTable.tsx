// A list of tickets: code, title, status, channel, masked contact, deadline, creation time (Vietnam time),
// with keyset "load more". A word search that stopped at its time budget says so and offers to
// search every ticket.
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Channel } from '../../../common/tickets.ts';
import { errorMessage } from '../../api/client.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { DeadlineTag } from './DeadlineTag.tsx';
import { StatusTag } from './labels.tsx';
import { listTickets, ticketKeys, type TicketFilters, type TicketListItem } from './tickets.api.ts';

export function TicketTable({ filters, testId = 'ticket-table' }: { filters: TicketFilters; testId?: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  // The filters for which the user asked to search every ticket (reset by any other search).
  const [exhaustiveFor, setExhaustiveFor] = useState<string | null>(null);
  const asked: TicketFilters = exhaustiveFor === JSON.stringify(filters) ? { ...filters, exhaustive: 'true' } : filters;
  const list = useInfiniteQuery({
    queryKey: ticketKeys.list(asked),
    queryFn: ({ pageParam, signal }) => listTickets(asked, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const incomplete = list.data?.pages.some((page) => page.complete === false) ?? false;

  if (list.isError) return <Alert type="error" showIcon title={errorMessage(list.error)} />;

  return (
    <Flex vertical gap="middle">
      {incomplete && (
        <Alert
          type="warning"
          showIcon
          data-testid="search-incomplete"
          title={t('tickets.list.incomplete')}
          action={
            <Button size="small" onClick={() => setExhaustiveFor(JSON.stringify(filters))}>
              {t('tickets.list.searchAll')}
            </Button>
          }
        />
      )}
      <Table<TicketListItem>
        data-testid={testId}
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1300 }}
        locale={{ emptyText: t('tickets.list.empty') }}
        columns={[
          {
            title: t('tickets.fields.code'),
            dataIndex: 'code',
            width: 170,
            render: (code: string) => <Link to={`/tickets/${code}`}>{code}</Link>,
          },
          { title: t('tickets.fields.title'), dataIndex: 'title', ellipsis: true },
          { title: t('tickets.fields.status'), dataIndex: 'status', width: 190, render: (status: string) => <StatusTag status={status} /> },
          {
            title: t('tickets.fields.channel'),
            dataIndex: 'originChannel',
            width: 130,
            render: (channel: string) => t(`tickets.channel.${channel as Channel}`, { defaultValue: channel }),
          },
          {
            title: t('tickets.fields.contact'),
            key: 'contact',
            width: 180,
            render: (_: unknown, row) => (
              <Typography.Text>
                {[row.contactName, row.contactPhone].filter(Boolean).join(' · ') || '—'}
              </Typography.Text>
            ),
          },
          {
            title: t('tickets.fields.deadline'),
            key: 'deadline',
            width: 200,
            render: (_: unknown, row) => <DeadlineTag deadline={row.deadline} showNone />,
          },
          {
            title: t('tickets.fields.createdAt'),
            dataIndex: 'createdAt',
            width: 150,
            render: (value: string) => formatDateTime(value, language),
          },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('tickets.list.loadMore')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
