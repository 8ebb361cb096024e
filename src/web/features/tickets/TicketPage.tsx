// One ticket, for every staff role: header, content, contact, the actions the user may take
// now, history and files. A ticket outside the user's scope looks like a missing page.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Flex, Rate, Row, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { hasAnyRole } from '../../../common/roles.ts';
import type { Channel, Priority, TicketAction, TicketType } from '../../../common/tickets.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { ResultPage } from '../../components/ResultPage.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { useCurrentUser } from '../auth/session.ts';
import { ActionDialog } from './ActionDialog.tsx';
import { availableActions, DANGER_ACTIONS, PRIMARY_ACTIONS } from './actions.ts';
import { ContactCard } from './ContactCard.tsx';
import { DeadlineTag } from './DeadlineTag.tsx';
import { ExtensionCard } from './ExtensionCard.tsx';
import { StatusTag } from './labels.tsx';
import { useLiveTickets } from './live.ts';
import { useConsoleShortcuts } from './shortcuts.ts';
import { TicketAttachments } from './TicketAttachments.tsx';
import { TicketTimeline } from './TicketTimeline.tsx';
import { getTicket, ticketKeys } from './tickets.api.ts';

export function TicketPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const user = useCurrentUser();
  const language = currentLanguage();
  const hotline = hasAnyRole(user.roles, ['operator', 'supervisor']);
  useLiveTickets();
  useConsoleShortcuts();
  const [action, setAction] = useState<TicketAction | null>(null);
  const ticket = useQuery({ queryKey: ticketKeys.one(code), queryFn: ({ signal }) => getTicket(code, signal), staleTime: 0 });
  useDocumentTitle(code);

  if (ticket.isPending) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  if (ticket.isError) {
    const status = ticket.error instanceof ApiError ? ticket.error.status : 0;
    if (status === 404 || status === 400) return <ResultPage kind="not-found" />;
    if (status === 403) return <ResultPage kind="forbidden" />;
    return <Alert type="error" showIcon title={errorMessage(ticket.error)} />;
  }
  const data = ticket.data;
  const actions = availableActions(user, data);
  const mayUpload = hasAnyRole(user.roles, ['operator', 'supervisor', 'agency_focal', 'agency_staff']);

  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="start" wrap gap="middle">
        <div>
          <Flex align="center" gap="small" wrap>
            <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }} data-testid="ticket-code">
              {data.code}
            </Typography.Title>
            <StatusTag status={data.status} />
          </Flex>
          <Typography.Title level={2} style={{ fontSize: 18, marginTop: 8, marginBottom: 4 }}>
            {data.title}
          </Typography.Title>
          <Flex align="center" gap="small" wrap data-testid="ticket-deadline">
            <Typography.Text type="secondary">{t('tickets.page.createdAt', { at: formatDateTime(data.createdAt, language) })}</Typography.Text>
            <DeadlineTag deadline={data.deadline} />
          </Flex>
        </div>
      </Flex>

      {actions.length > 0 && (
        <Space wrap role="toolbar" aria-label={t('tickets.page.actions')}>
          {actions.map((name) => (
            <Button key={name} type={PRIMARY_ACTIONS.has(name) ? 'primary' : 'default'} danger={DANGER_ACTIONS.has(name)} onClick={() => setAction(name)}>
              {t(`tickets.action.${name}`)}
            </Button>
          ))}
        </Space>
      )}
      {action && <ActionDialog ticket={data} action={action} onClose={() => setAction(null)} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap="middle">
            <Card size="small" title={t('tickets.page.details')}>
              <Descriptions size="small" column={{ xs: 1, md: 2 }}>
                <Descriptions.Item label={t('tickets.fields.type')}>{t(`tickets.type.${data.type as TicketType}`, { defaultValue: data.type })}</Descriptions.Item>
                <Descriptions.Item label={t('tickets.fields.domain')}>{data.domainName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('tickets.fields.priority')}>{t(`tickets.priority.${data.priority as Priority}`, { defaultValue: data.priority })}</Descriptions.Item>
                <Descriptions.Item label={t('tickets.fields.channel')}>{t(`tickets.channel.${data.originChannel as Channel}`, { defaultValue: data.originChannel })}</Descriptions.Item>
                <Descriptions.Item label={t('tickets.fields.leadAgency')}>{data.leadAgencyName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('tickets.fields.assignee')}>{data.assigneeName ?? '—'}</Descriptions.Item>
                {data.address && <Descriptions.Item label={t('tickets.fields.address')}>{data.address}</Descriptions.Item>}
                {data.duplicateOfCode && <Descriptions.Item label={t('tickets.fields.duplicateOf')}>{data.duplicateOfCode}</Descriptions.Item>}
                {data.reopenCount > 0 && <Descriptions.Item label={t('tickets.fields.reopenCount')}>{data.reopenCount}</Descriptions.Item>}
              </Descriptions>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }} data-testid="ticket-content">
                {data.content}
              </Typography.Paragraph>
            </Card>
            {(data.answer || data.answerDraft) && (
              <Card size="small" title={data.answer ? t('tickets.page.answer') : t('tickets.page.draft')} data-testid="ticket-answer">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{data.answer ?? data.answerDraft}</Typography.Paragraph>
                {data.answer && data.answerDraft && data.answerDraft !== data.answer && (
                  <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }}>
                    {t('tickets.page.draft')}: {data.answerDraft}
                  </Typography.Paragraph>
                )}
                {data.repliedAt && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('tickets.page.repliedAt', { at: formatDateTime(data.repliedAt, language) })}
                  </Typography.Text>
                )}
              </Card>
            )}
            {data.satisfaction !== null && (
              <Card size="small" title={t('tickets.page.satisfaction')} data-testid="ticket-satisfaction">
                <Flex align="center" gap="small">
                  <Rate disabled value={data.satisfaction} />
                  <Typography.Text>{t('tickets.page.score', { score: data.satisfaction })}</Typography.Text>
                </Flex>
                {data.satisfactionComment && <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{data.satisfactionComment}</Typography.Paragraph>}
              </Card>
            )}
            <ExtensionCard ticket={data} />
            {data.rejectReason && (
              <Alert type="warning" showIcon title={t('tickets.page.rejected')} description={[data.rejectReason, data.outOfScopeCode].filter(Boolean).join(' · ')} />
            )}
            <Card size="small" title={t('tickets.page.history')}>
              <TicketTimeline events={data.events} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap="middle">
            <ContactCard ticket={data} canReveal={hotline} />
            <TicketAttachments code={data.code} canUpload={mayUpload} />
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
