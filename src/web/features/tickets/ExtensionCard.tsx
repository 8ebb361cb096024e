// The lead agency's extension request (and the supervisor's decision) and its progress reports
// once the answer deadline passed, as they stand on the ticket.
import { Card, Descriptions, Flex, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatLocalDate } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import type { Ticket } from './tickets.api.ts';

const STATUS_COLORS = { requested: 'orange', approved: 'green', refused: 'red' } as const;

export function ExtensionCard({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const extension = ticket.extension ?? null;
  const reports = ticket.progressReports ?? [];
  if (!extension && reports.length === 0) return null;
  return (
    <Card size="small" title={t('tickets.extension.title')} data-testid="ticket-extension">
      <Flex vertical gap="middle">
        {extension && (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('tickets.extension.status')}>
              <Tag color={STATUS_COLORS[extension.status]} data-testid="extension-status">
                {t(`tickets.extension.statusValue.${extension.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('tickets.extension.reason')}>{extension.reason}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.extension.proposedDueDate')}>{formatLocalDate(extension.proposedDueDate, language)}</Descriptions.Item>
            <Descriptions.Item label={t('tickets.extension.requestedAt')}>{formatDateTime(extension.requestedAt, language)}</Descriptions.Item>
            {extension.previousDueAt && <Descriptions.Item label={t('tickets.extension.previousDue')}>{formatDateTime(extension.previousDueAt, language)}</Descriptions.Item>}
            {extension.grantedDueAt && <Descriptions.Item label={t('tickets.extension.grantedDue')}>{formatDateTime(extension.grantedDueAt, language)}</Descriptions.Item>}
            {extension.decisionNote && <Descriptions.Item label={t('tickets.extension.note')}>{extension.decisionNote}</Descriptions.Item>}
            {extension.decidedAt && <Descriptions.Item label={t('tickets.extension.decidedAt')}>{formatDateTime(extension.decidedAt, language)}</Descriptions.Item>}
          </Descriptions>
        )}
        {reports.length > 0 && (
          <section aria-label={t('tickets.progress.title')}>
            <Typography.Text strong>{t('tickets.progress.title')}</Typography.Text>
            <Timeline
              style={{ marginTop: 12 }}
              data-testid="progress-reports"
              items={reports.map((report) => ({
                key: report.reportedAt,
                content: (
                  <Flex vertical gap={2}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('tickets.progress.reportedBy', { at: formatDateTime(report.reportedAt, language), by: report.reportedBy })}
                    </Typography.Text>
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{report.done}</Typography.Paragraph>
                    <Typography.Text>{t('tickets.progress.committed', { date: formatLocalDate(report.committedDate, language) })}</Typography.Text>
                  </Flex>
                ),
              }))}
            />
          </section>
        )}
      </Flex>
    </Card>
  );
}
