// Timeliness per lead agency for a chosen period (local dates, inclusive, at most a year): what
// each agency received, answered on time or late, still holds or handed over, and how fast.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Flex, Form, Progress, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetail, errorMessage } from '../../api/client.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { dateInputFormat, formatLocalDate, vietnamToday } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { getTimeliness, reportKeys, type TimelinessRow } from './reports.api.ts';

type Period = { from: string; to: string };

/** From the first of this month to today, in Vietnam. */
function thisMonth(): Period {
  const today = vietnamToday();
  return { from: `${today.slice(0, 8)}01`, to: today };
}

const COUNTS = ['received', 'answeredOnTime', 'answeredLate', 'stillOpen', 'handedOver'] as const;

export function TimelinessPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const number = (n: number) => n.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB');
  useDocumentTitle(t('nav.reports.title'));
  const [period, setPeriod] = useState<Period>(thisMonth);
  const [form] = Form.useForm<{ range: [Dayjs, Dayjs] }>();
  const report = useQuery({ queryKey: reportKeys.timeliness(period.from, period.to), queryFn: ({ signal }) => getTimeliness(period.from, period.to, signal) });
  const rows = report.data?.items ?? [];
  const totals = COUNTS.reduce((acc, key) => ({ ...acc, [key]: rows.reduce((sum, row) => sum + row[key], 0) }), {} as Record<(typeof COUNTS)[number], number>);
  const onTimeShare = (row: Pick<TimelinessRow, 'answeredOnTime' | 'answeredLate'>) => {
    const answered = row.answeredOnTime + row.answeredLate;
    return answered === 0 ? null : Math.round((row.answeredOnTime / answered) * 100);
  };

  return (
    <Flex vertical gap="middle">
      <PageHeader title={t('oversight.timeliness.title')} description={t('oversight.timeliness.description')} />
      <Form
        form={form}
        layout="inline"
        name="period"
        initialValues={{ range: [dayjs(period.from), dayjs(period.to)] }}
        onFinish={({ range }) => setPeriod({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
      >
        <Form.Item name="range" label={t('oversight.timeliness.period')} rules={[{ required: true, message: t('oversight.timeliness.periodRequired') }]}>
          <DatePicker.RangePicker
            format={dateInputFormat(language)}
            allowClear={false}
            aria-label={t('oversight.timeliness.period')}
            placeholder={[t('oversight.timeliness.from'), t('oversight.timeliness.to')]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={report.isFetching}>
            {t('oversight.timeliness.show')}
          </Button>
        </Form.Item>
      </Form>
      {report.data && (
        <Typography.Text type="secondary" data-testid="timeliness-period">
          {t('oversight.timeliness.showing', { from: formatLocalDate(report.data.from, language), to: formatLocalDate(report.data.to, language) })}
        </Typography.Text>
      )}
      {report.isError && <Alert type="error" showIcon title={errorMessage(report.error)} description={errorDetail(report.error)} />}
      <Table<TimelinessRow>
        data-testid="timeliness-table"
        rowKey="agencyCode"
        size="middle"
        loading={report.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t('oversight.timeliness.empty') }}
        columns={[
          { title: t('oversight.timeliness.agency'), dataIndex: 'agencyName', fixed: 'left', width: 260 },
          ...COUNTS.map((key) => ({ title: t(`oversight.timeliness.${key}`), dataIndex: key, width: 120, align: 'right' as const, render: (n: number) => number(n) })),
          {
            title: t('oversight.timeliness.onTimeShare'),
            key: 'share',
            width: 160,
            render: (_: unknown, row: TimelinessRow) => {
              const share = onTimeShare(row);
              return share === null ? '—' : <Progress percent={share} size="small" status={share < 80 ? 'exception' : 'success'} format={(p) => `${p}%`} />;
            },
          },
          {
            title: t('oversight.timeliness.averageDays'),
            dataIndex: 'averageWorkingDaysToAnswer',
            width: 140,
            align: 'right' as const,
            render: (days: number | null) => (days === null ? '—' : days.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB')),
          },
        ]}
        summary={() =>
          rows.length > 1 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('oversight.timeliness.total')}</strong>
              </Table.Summary.Cell>
              {COUNTS.map((key, index) => (
                <Table.Summary.Cell key={key} index={index + 1} align="right">
                  <strong>{number(totals[key])}</strong>
                </Table.Summary.Cell>
              ))}
              <Table.Summary.Cell index={COUNTS.length + 1}>{onTimeShare(totals) === null ? '—' : `${onTimeShare(totals)}%`}</Table.Summary.Cell>
              <Table.Summary.Cell index={COUNTS.length + 2} />
            </Table.Summary.Row>
          ) : null
        }
      />
    </Flex>
  );
}
