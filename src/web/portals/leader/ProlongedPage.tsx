// The leaders' prolonged list: tickets long overdue or reopened again and again, most overdue
// first, each with its reasons in the UI's language. Live: it refreshes as tickets change.
import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { StatusTag } from '../../features/tickets/labels.tsx';
import { useLiveTickets } from '../../features/tickets/live.ts';
import { formatDate, formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage, type Language } from '../../i18n/index.ts';
import { getProlonged, reportKeys, type ProlongedItem, type ProlongedReason } from './reports.api.ts';

const STAGES = ['triage', 'acceptance', 'answer', 'review'] as const;

export function ProlongedPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  useDocumentTitle(t('nav.prolonged.title'));
  useLiveTickets();
  const report = useQuery({ queryKey: reportKeys.prolonged, queryFn: ({ signal }) => getProlonged(signal), staleTime: 0 });

  const describe = (reason: ProlongedReason, lang: Language) => {
    if (reason.kind === 'reopened') return t('oversight.prolonged.reopened', { n: reason.reopenCount });
    const stage = STAGES.find((s) => s === reason.stage);
    return t('oversight.prolonged.overdue', {
      days: reason.overdueWorkingDays.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB'),
      stage: stage ? t(`deadline.stage.${stage}`) : '—',
      due: formatDate(reason.dueAt, lang),
    });
  };

  return (
    <Flex vertical gap="middle">
      <PageHeader title={t('nav.prolonged.title')} description={t('nav.prolonged.description')} />
      {report.data && (
        <Typography.Text type="secondary" data-testid="prolonged-criteria">
          {t('oversight.prolonged.criteria', {
            days: report.data.overdueWorkingDaysAbove,
            reopens: report.data.reopenCountAtLeast,
            at: formatDateTime(report.data.generatedAt, language),
          })}
        </Typography.Text>
      )}
      {report.isError && <Alert type="error" showIcon title={errorMessage(report.error)} />}
      <Table<ProlongedItem>
        data-testid="prolonged-table"
        rowKey="code"
        size="middle"
        loading={report.isPending}
        dataSource={report.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1300 }}
        locale={{ emptyText: t('oversight.prolonged.empty') }}
        columns={[
          { title: t('tickets.fields.code'), dataIndex: 'code', width: 160, render: (code: string) => <Link to={`/tickets/${code}`}>{code}</Link> },
          { title: t('tickets.fields.title'), dataIndex: 'title', width: 280, ellipsis: true },
          { title: t('tickets.fields.leadAgency'), dataIndex: 'leadAgencyName', width: 200, render: (name: string | null) => name ?? '—' },
          { title: t('tickets.fields.status'), dataIndex: 'status', width: 160, render: (status: string) => <StatusTag status={status} /> },
          {
            title: t('oversight.prolonged.overdueDays'),
            dataIndex: 'overdueWorkingDays',
            width: 110,
            render: (days: number | null) =>
              days === null ? '—' : <Tag color="red">{days.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB')}</Tag>,
          },
          {
            title: t('oversight.prolonged.reasons'),
            key: 'reasons',
            width: 360,
            render: (_: unknown, item) => (
              <Flex vertical gap={2}>
                {item.reasons.map((reason, index) => (
                  <span key={index}>{describe(reason, language)}</span>
                ))}
              </Flex>
            ),
          },
        ]}
      />
    </Flex>
  );
}
